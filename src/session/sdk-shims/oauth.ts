import { unsupported } from './unsupported.ts';

/**
 * Stand-in for matrix-js-sdk `lib/oauth/index.js` (the SDK's OAuth 2.0 client: discovery, registration,
 * authorization, token refresh).
 * Safe: matrix-embed signs in, refreshes and revokes tokens with its own OAuth code (src/session/auth/oauth.ts)
 * and never gives the SDK a refresh token or `oauthClientId`, so the SDK's token refresher (the only internal
 * user of `OAuth2`, in `lib/http-api/refresh.js`) is never reached. `MatrixClient.getAuthMetadata()` reports
 * the OAuth API as unsupported (`isValidAuthMetadata()` → false). `OAuth2Error` is kept (same values).
 */
export enum OAuth2Error {
  General = 'Something went wrong with OAuth2 discovery',
  OpSupport = 'Configured OAuth2 OP does not support required functions',
  DynamicRegistrationNotSupported = 'Dynamic registration not supported',
  DynamicRegistrationFailed = 'Dynamic registration failed',
  DynamicRegistrationInvalid = 'Dynamic registration invalid response',
  CodeExchangeFailed = 'Failed to exchange code for token',
  InvalidBearerTokenResponse = 'Invalid bearer token response',
  InvalidDeviceAuthorizationResponse = 'Invalid device authorization response',
  MissingOrInvalidStoredState = 'State required to finish logging in is not found in storage.',
  RefreshTokenFailed = 'Failed to refresh token',
  RevokeTokenFailed = 'Failed to revoke token',
  DeviceAuthorizationGrantFailed = 'Failed to perform device authorization grant',
}

export function isValidAuthMetadata(): boolean {
  return false;
}

export class OAuth2 {
  constructor() {
    throw unsupported("matrix-js-sdk's OAuth client");
  }
}
