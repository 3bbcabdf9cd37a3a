import { unsupported } from './unsupported.ts';
import { HTTPError } from 'matrix-js-sdk/lib/http-api/errors.js';

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

// The rest of lib/oauth/index.js's exports (its `export *` of authorize.js, error.js, register.js), so this is a
// drop-in for any importer (test/build/sdk-shims.test.ts). Nothing in matrix-embed reaches them: every
// function is unsupported, the enum is the SDK's, the error class keeps `instanceof HTTPError` working.
export enum OAuthGrantType {
  AuthorizationCode = 'authorization_code',
  RefreshToken = 'refresh_token',
  DeviceAuthorization = 'urn:ietf:params:oauth:grant-type:device_code',
}

export class OAuth2HTTPError extends HTTPError {
  constructor() {
    super('OAuth 2.0 request failed', 0);
    throw unsupported("matrix-js-sdk's OAuth client");
  }
}

const oauthUnsupported = (): never => {
  throw unsupported("matrix-js-sdk's OAuth client");
};
export const generateScope = oauthUnsupported;
export const isOAuth2ErrorResponse = oauthUnsupported;
export const isValidDeviceAccessTokenResponse = oauthUnsupported;
export const normalizeBearerTokenResponseTokenType = oauthUnsupported;
export const startDeviceAuthorization = oauthUnsupported;
export const urlHasCommonBase = oauthUnsupported;
export const validateBearerTokenResponse = oauthUnsupported;
export const validateDeviceAuthorizationResponse = oauthUnsupported;
export const validateRegistrationResponse = oauthUnsupported;
export const waitForDeviceAuthorization = oauthUnsupported;
