import { unsupported } from './unsupported.ts';

/**
 * Stand-in for matrix-js-sdk `lib/oauth/tokenRefresher.js`.
 * Safe: the SDK constructs it only to refresh tokens when it was given a refresh token and `oauthClientId`;
 * matrix-embed gives it neither and refreshes tokens itself (src/session/session.ts, `sdkFetch`).
 */
export class TokenRefresher {
  constructor() {
    throw unsupported("matrix-js-sdk's token refresher");
  }
}
