/**
 * What the session keeps in localStorage, under namespaced keys. The host page shares our origin and can
 * read all of it (see README): we keep only what a reload needs, and short-lived tokens where possible.
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

function storageOrUndefined(storage?: Storage): Storage | undefined {
  try {
    return storage ?? globalThis.localStorage;
  } catch {
    return undefined; // Storage disabled (privacy mode, sandboxed iframe): the session lives in memory only.
  }
}

function tabStorageOrUndefined(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

export class SessionStore {
  private readonly storage: Storage | undefined;
  /** sessionStorage: what only this tab may act on (a pending SSO sign-in). */
  private readonly tab: Storage | undefined;
  constructor(storage?: Storage, tab?: Storage) {
    this.storage = storageOrUndefined(storage);
    this.tab = tab ?? tabStorageOrUndefined();
  }

  /** Reads JSON this tab stored (sessionStorage). */
  readTabJson<T>(key: string): T | undefined {
    try {
      const raw = this.tab?.getItem(key);
      return raw ? (JSON.parse(raw) as T) : undefined;
    } catch {
      return undefined;
    }
  }

  writeTabJson(key: string, value: unknown): void {
    try {
      if (value === undefined) this.tab?.removeItem(key);
      else this.tab?.setItem(key, JSON.stringify(value));
    } catch {
      // Disabled storage: an SSO return cannot be completed, and is ignored.
    }
  }

  /** The Storage behind it (undefined when storage is disabled), for modules that keep their own keys. */
  get backing(): Storage | undefined {
    return this.storage;
  }

  /** Whether anything is persisted (false: storage disabled, the session lives in memory only). */
  get persistent(): boolean {
    return this.storage !== undefined;
  }

  readJson<T>(key: string): T | undefined {
    try {
      const raw = this.storage?.getItem(key);
      return raw ? (JSON.parse(raw) as T) : undefined;
    } catch {
      return undefined;
    }
  }

  writeJson(key: string, value: unknown): void {
    try {
      if (value === undefined) this.storage?.removeItem(key);
      else this.storage?.setItem(key, JSON.stringify(value));
    } catch {
      // Quota or disabled storage: keep working in memory.
    }
  }

  loadSession(): StoredSession | undefined {
    const s = this.readJson<StoredSession>(KEYS.session);
    if (!s || s.v !== 1 || typeof s.userId !== 'string' || typeof s.homeserverUrl !== 'string' || typeof s.deviceId !== 'string') {
      return undefined;
    }
    return s;
  }

  saveSession(s: StoredSession | undefined): void {
    this.writeJson(KEYS.session, s);
  }
}
