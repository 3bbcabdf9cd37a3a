/**
 * The Matrix OAuth 2.0 API (spec v1.15): dynamic client registration (RFC 7591), the authorization code
 * grant with PKCE S256 and `state`, the refresh token grant, and token revocation (RFC 7009). Written on
 * `fetch` alone so a page can send the visitor to the server's sign-in page without loading matrix-js-sdk.
 */
import { msg } from '../texts.ts';
import { ME, MatrixApiError } from '../errors.ts';
import { expiryFrom } from '../token-timing.ts';
import { requestJson } from '../http.ts';

// The callback helpers are small and needed at start-up (is this page load an OAuth/SSO return?), so they live
// apart from the rest of this module, which loads only when a visitor signs in or a session refreshes.
export { parseCallback, stripCallback } from './callback.ts';

/** Authorization server metadata (`GET /_matrix/client/v1/auth_metadata`), the fields we use. */
export interface OAuthMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  registration_endpoint?: string;
  revocation_endpoint?: string;
  response_modes_supported?: string[];
  prompt_values_supported?: string[];
  code_challenge_methods_supported?: string[];
  grant_types_supported?: string[];
  account_management_uri?: string;
  /** RFC 9207: the server puts `iss` on every authorization response, and we require it. */
  authorization_response_iss_parameter_supported?: boolean;
}

export interface OAuthTokens {
  accessToken: string;
  refreshToken?: string;
  /** Epoch ms when the access token expires, if the server said. */
  expiresAt?: number;
}

/** What we keep between leaving for the authorization page and coming back (keyed by `state`). */
export interface PendingAuthorization {
  state: string;
  codeVerifier: string;
  redirectUri: string;
  baseUrl: string;
  clientId: string;
  deviceId: string;
  metadata: OAuthMetadata;
  createdAt: number;
}

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** Random url-safe string from `n` random bytes. */
export function randomString(n = 32): string {
  return b64url(crypto.getRandomValues(new Uint8Array(n)));
}

/** A device ID MAS accepts too: at least 10 of `[A-Za-z0-9-]`. */
export function newDeviceId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return Array.from(crypto.getRandomValues(new Uint8Array(10)), (b) => alphabet[b % alphabet.length]).join('');
}

/** PKCE S256 challenge of a verifier (RFC 7636). */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return b64url(new Uint8Array(digest));
}

/** The scopes for full client-server API access on one device (spec v1.15 "Scope"). */
export function scopeFor(deviceId: string): string {
  return `urn:matrix:client:api:* urn:matrix:client:device:${deviceId}`;
}

/**
 * Registers this page as a public OAuth client (RFC 7591 with the spec's rules: `client_uri` is the page's
 * origin, redirect URIs under it). Returns the client_id.
 */
export async function registerClient(
  metadata: OAuthMetadata,
  opts: { clientUri: string; redirectUri: string; clientName: string; fetchFn?: typeof fetch },
): Promise<string> {
  if (!metadata.registration_endpoint) {
    throw new MatrixApiError(ME.oauth, msg('This server does not let new apps register, so it cannot be used here.'));
  }
  const res = await requestJson<{ client_id?: unknown }>(metadata.registration_endpoint, {
    fetchFn: opts.fetchFn,
    body: {
      client_name: opts.clientName,
      client_uri: opts.clientUri,
      redirect_uris: [opts.redirectUri],
      application_type: 'web',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    },
  });
  if (typeof res.client_id !== 'string') throw new MatrixApiError(ME.oauth, msg('The server did not register this app.'));
  return res.client_id;
}

/** Builds the authorization URL (authorization code grant, PKCE S256, `prompt=create` for sign-up). */
export async function authorizationUrl(
  pending: PendingAuthorization,
  opts: { prompt?: 'create'; loginHint?: string },
): Promise<string> {
  const m = pending.metadata;
  if (m.code_challenge_methods_supported && !m.code_challenge_methods_supported.includes('S256')) {
    throw new MatrixApiError(ME.oauth, msg('This server does not support secure (PKCE) sign-in.'));
  }
  const url = new URL(m.authorization_endpoint);
  const p = url.searchParams;
  p.set('response_type', 'code');
  p.set('client_id', pending.clientId);
  p.set('redirect_uri', pending.redirectUri);
  p.set('scope', scopeFor(pending.deviceId));
  p.set('state', pending.state);
  p.set('code_challenge', await codeChallenge(pending.codeVerifier));
  p.set('code_challenge_method', 'S256');
  // `fragment` keeps the code out of server logs; the spec requires servers to support both.
  p.set('response_mode', m.response_modes_supported && !m.response_modes_supported.includes('fragment') ? 'query' : 'fragment');
  if (opts.prompt) p.set('prompt', opts.prompt);
  if (opts.loginHint) p.set('login_hint', opts.loginHint);
  return url.href;
}

function tokensFrom(res: Record<string, unknown>): OAuthTokens {
  if (typeof res.access_token !== 'string') throw new MatrixApiError(ME.oauth, msg('The server sent no access token.'));
  return {
    accessToken: res.access_token,
    refreshToken: typeof res.refresh_token === 'string' ? res.refresh_token : undefined,
    expiresAt: expiryFrom(typeof res.expires_in === 'number' ? res.expires_in * 1000 : undefined),
  };
}

/** Token endpoint errors come as `{error, error_description}` (RFC 6749), not Matrix errcodes. */
function oauthError(e: unknown): never {
  if (e instanceof MatrixApiError && typeof e.data.error === 'string') {
    // The server no longer knows the client that started this sign-in (restarted without its data, or the
    // client was deleted): a new sign-in registers again, so say to sign in again rather than the RFC text.
    const message =
      e.data.error === 'invalid_client'
        ? msg('The server no longer recognises this site. Sign in again.')
        : String(e.data.error_description ?? e.data.error);
    throw new MatrixApiError(ME.oauth, message, e.httpStatus, e.data);
  }
  throw e;
}

/** Exchanges the authorization code (with the PKCE verifier) for tokens. */
export async function exchangeCode(pending: PendingAuthorization, code: string, fetchFn?: typeof fetch): Promise<OAuthTokens> {
  const res = await requestJson(pending.metadata.token_endpoint, {
    fetchFn,
    form: {
      grant_type: 'authorization_code',
      code,
      redirect_uri: pending.redirectUri,
      client_id: pending.clientId,
      code_verifier: pending.codeVerifier,
    },
  }).catch(oauthError);
  return tokensFrom(res);
}

/** The refresh token grant. An `invalid_grant` answer means the session is over. */
export async function refreshTokens(
  tokenEndpoint: string,
  clientId: string,
  refreshToken: string,
  fetchFn?: typeof fetch,
): Promise<OAuthTokens> {
  const res = await requestJson(tokenEndpoint, {
    fetchFn,
    form: { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId },
  }).catch(oauthError);
  const tokens = tokensFrom(res);
  // RFC 6749 §6: the server may keep the old refresh token.
  tokens.refreshToken ??= refreshToken;
  return tokens;
}

/** Revokes a token (RFC 7009). Revoking the refresh token ends the whole session on the server. */
export async function revokeToken(
  revocationEndpoint: string,
  clientId: string,
  token: string,
  hint: 'access_token' | 'refresh_token',
  fetchFn?: typeof fetch,
): Promise<void> {
  await requestJson(revocationEndpoint, { fetchFn, form: { token, token_type_hint: hint, client_id: clientId } });
}
