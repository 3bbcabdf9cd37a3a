/**
 * What the session keeps in localStorage, under namespaced keys. The host page shares our origin and can
 * read all of it (see README): we keep only what a reload needs, and short-lived tokens where possible.
 */

import { KEYS, isStoredSession, type StoredSession } from './storage-keys.ts';

export { KEYS, type AuthKind, type StoredSession } from './storage-keys.ts';

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
    const s = this.readJson<unknown>(KEYS.session);
    return isStoredSession(s) ? s : undefined;
  }

  saveSession(s: StoredSession | undefined): void {
    this.writeJson(KEYS.session, s);
  }
}
