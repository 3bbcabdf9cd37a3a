/**
 * The storage keys and the stored session's shape, apart from `storage.ts` (the store itself) so that
 * `peek.ts` can tell whether a sign-in is stored without the rest.
 */

export const KEYS = {
  session: 'matrix-embed:v1:session',
  /** Written by earlier versions (client registrations reused across sign-ins); only ever removed now. */
  oauthClients: 'matrix-embed:v1:oauth-clients',
  oauthPending: 'matrix-embed:v1:oauth-pending',
  /** The visitor's guest account, kept while they sign in to a real one, so reading as a guest again reuses it. */
  guest: 'matrix-embed:v1:guest',
  /** In sessionStorage (this tab only): the SSO sign-in this tab started, with its nonce. Earlier versions kept it in localStorage. */
  ssoPending: 'matrix-embed:v1:sso-pending',
} as const;

/** `jwt` and `login-token`: the host page signed the visitor in (`signInWithJwt`, `signInWithLoginToken`). */
export type AuthKind = 'password' | 'oauth' | 'sso' | 'guest' | 'jwt' | 'login-token';

/** The persisted session. */
export interface StoredSession {
  v: 1;
  homeserverUrl: string;
  userId: string;
  deviceId: string;
  /** Empty while soft-logged-out (the token is dead; the device is kept). */
  accessToken: string;
  refreshToken?: string;
  /** Epoch ms when the access token expires, when the server said. */
  expiresAt?: number;
  /** Epoch ms when this access token was received (with `expiresAt`, its lifetime: when to refresh ahead). */
  issuedAt?: number;
  guest: boolean;
  auth: AuthKind;
  /** OAuth 2.0 API sessions: what refresh and revocation need. */
  oauth?: { clientId: string; issuer: string; tokenEndpoint: string; revocationEndpoint?: string };
  softLogout?: boolean;
}

/** Whether `s` (parsed from storage) is a session this version can restore. */
export function isStoredSession(s: unknown): s is StoredSession {
  const o = s as Partial<StoredSession> | null | undefined;
  return !!o && typeof o === 'object' && o.v === 1 && typeof o.userId === 'string' && typeof o.homeserverUrl === 'string' && typeof o.deviceId === 'string';
}
