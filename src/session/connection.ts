/**
 * The page's connection to its homeserver as plain data: one state for every element, one backoff for every
 * request that has to wait. DOM-free (it listens only to the browser's `online` / `offline` and
 * `visibilitychange` events).
 *
 * Shape after Hydrogen's `Reconnector` + `ExponentialRetryDelay`: a failure moves the state to `offline` with the
 * time of the next attempt; every waiting request sleeps until then (or until the browser says it is back online,
 * the tab becomes visible, or the visitor presses "Retry now"); the first success moves it back to `online`.
 * A 429 is the server naming the time itself: `rate-limited` waits exactly that long and is not cut short.
 */

export type ConnectionKind = 'online' | 'connecting' | 'offline' | 'rate-limited' | 'soft-logged-out' | 'signed-out';

export interface ConnectionState {
  kind: ConnectionKind;
  /** `offline` / `rate-limited`: when the next attempt is made (epoch ms). */
  retryAt?: number;
  /** `offline`: the browser has no network (`network`), or the server did not answer properly (`server`). */
  reason?: 'network' | 'server';
}

/** First retry after a failure (ms); each further one doubles, up to {@link MAX_DELAY_MS}. */
export const MIN_DELAY_MS = 1000;
export const MAX_DELAY_MS = 30_000;

/** The delay before retry number `failures` (1-based): exponential, capped, with "equal jitter". */
export function backoffDelay(failures: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(base / 2 + (random() * base) / 2);
}

export class Connection extends EventTarget {
  private current: ConnectionState = { kind: 'connecting' };
  /** Consecutive failed attempts (reset by a success). */
  private failures = 0;
  private readonly wakers = new Set<() => void>();
  /** What the session says about who is signed in: overrides the network state while set. */
  private auth: 'soft-logged-out' | 'signed-out' | undefined;

  constructor() {
    super();
    globalThis.addEventListener?.('online', () => this.retryNow());
    globalThis.addEventListener?.('offline', () => {
      if (this.current.kind === 'online' || this.current.kind === 'connecting') this.failed('network');
    });
    globalThis.document?.addEventListener('visibilitychange', () => {
      if (globalThis.document.visibilityState === 'visible' && this.current.kind === 'offline') this.retryNow();
    });
  }

  /** The state every element shows; fires `change` when it changes. */
  get state(): ConnectionState {
    // A soft logout is what the visitor must act on; "signed out" only when the network has nothing to say (a
    // signed-out visitor reading a card or a preview still needs to hear that the server is unreachable).
    if (this.auth === 'soft-logged-out') return { kind: this.auth };
    if (this.auth === 'signed-out' && (this.current.kind === 'online' || this.current.kind === 'connecting')) return { kind: this.auth };
    return this.current;
  }

  /** A request reached the server and got an answer that is not a rate limit or a server error. */
  succeeded(): void {
    this.failures = 0;
    if (this.current.kind !== 'online') this.set({ kind: 'online' });
  }

  /**
   * A request failed without a usable answer (network error, timeout, 5xx). Returns when the next attempt is
   * due. Failures of requests that ran side by side count once: the backoff grows per round, not per request.
   */
  failed(reason: 'network' | 'server'): number {
    const now = Date.now();
    const waiting = this.current.kind === 'offline' && (this.current.retryAt ?? 0) > now;
    if (!waiting) {
      this.failures++;
      // A failed fetch while the browser says it is online is the server's (or the way to it): say so.
      const offline = globalThis.navigator?.onLine === false ? 'network' : reason;
      this.set({ kind: 'offline', retryAt: now + backoffDelay(this.failures), reason: offline });
    }
    return this.current.retryAt ?? now;
  }

  /** The server answered 429: nothing is sent to it again before `retryAfterMs` is over. */
  rateLimited(retryAfterMs: number): number {
    const retryAt = Date.now() + Math.max(0, Math.min(retryAfterMs, 10 * 60_000));
    if (this.current.kind !== 'rate-limited' || (this.current.retryAt ?? 0) < retryAt) this.set({ kind: 'rate-limited', retryAt });
    return this.current.retryAt ?? retryAt;
  }

  /**
   * Sleeps until the next attempt is due: `retryAt` of an offline or rate-limited state (an offline wait ends
   * early on `online`, on the tab becoming visible, or on {@link retryNow}); resolves at once when online.
   * Rejects with the signal's reason when `signal` aborts.
   */
  wait(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const { kind, retryAt } = this.current;
      const ms = (kind === 'offline' || kind === 'rate-limited') && retryAt ? retryAt - Date.now() : 0;
      if (ms <= 0) {
        this.attempting();
        resolve();
        return;
      }
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        signal?.removeEventListener('abort', onAbort);
        if (ok) {
          this.attempting();
          resolve();
        } else reject(signal?.reason);
      };
      const wake = () => {
        if (this.current.kind !== 'rate-limited') done(true);
      };
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(true), ms);
      this.wakers.add(wake);
      signal?.addEventListener('abort', onAbort);
    });
  }

  /** "Retry now": every request waiting on an offline state tries again at once. */
  retryNow(): void {
    if (this.current.kind === 'offline') this.set({ ...this.current, retryAt: Date.now() });
    for (const wake of [...this.wakers]) wake();
  }

  /** The session's view: soft logout and signed-out show instead of the network state. */
  setAuth(auth: 'soft-logged-out' | 'signed-out' | undefined): void {
    if (this.auth === auth) return;
    this.auth = auth;
    this.dispatchEvent(new Event('change'));
  }

  /** A new session starts from scratch (no failures carried over from someone else's). */
  reset(): void {
    this.failures = 0;
    this.set({ kind: 'connecting' });
  }

  /** A waiting request is about to try again: from "offline, retry at …" to "connecting". */
  private attempting(): void {
    const { kind, retryAt } = this.current;
    if ((kind === 'offline' || kind === 'rate-limited') && (retryAt ?? 0) <= Date.now()) this.set({ kind: 'connecting' });
  }

  private set(next: ConnectionState): void {
    const prev = this.current;
    this.current = next;
    if (prev.kind !== next.kind || prev.retryAt !== next.retryAt || prev.reason !== next.reason) {
      this.dispatchEvent(new Event('change'));
    }
  }
}
