/**
 * When to refresh an access token, with limits a hostile or broken server cannot get around: a lifetime of
 * 0 ms, NaN or 30 days must not turn into hundreds of refresh requests a second (a delay over 2^31 ms makes
 * `setTimeout` fire at once), and a failing refresh endpoint is retried with backoff, not in a loop.
 */
import type { StoredSession } from './storage.ts';

/** Refresh this long before the access token expires (at most half its lifetime, for short-lived tokens). */
export const REFRESH_MARGIN_MS = 30_000;

/** Lifetimes outside (0, 1 year] are not believed: such a token is refreshed when a request is refused. */
export const MAX_LIFETIME_MS = 365 * 24 * 3_600_000;

/** Never two refreshes of one session closer together than this, whatever lifetimes the server announces. */
export const MIN_REFRESH_GAP_MS = 1_000;

/** The longest delay `setTimeout` keeps (2^31 - 1 ms); longer ones fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Backoff after failed refreshes: 1 s, doubling, at most 5 minutes. */
export function refreshBackoffMs(failures: number): number {
  return failures <= 0 ? 0 : Math.min(1000 * 2 ** (failures - 1), 300_000);
}

/** Epoch ms when a token announced to live `lifetimeMs` expires; undefined for an absurd lifetime. */
export function expiryFrom(lifetimeMs: unknown, now = Date.now()): number | undefined {
  if (typeof lifetimeMs !== 'number' || !Number.isFinite(lifetimeMs) || lifetimeMs <= 0 || lifetimeMs > MAX_LIFETIME_MS) {
    return undefined;
  }
  return now + lifetimeMs;
}

/**
 * When to refresh a session's access token: ahead of its expiry by REFRESH_MARGIN_MS, or by half its lifetime
 * when that is shorter (a 6 s token is refreshed after 3 s, not before every request). Undefined when it
 * cannot or need not be refreshed, or when what is stored makes no sense (then a refused request refreshes).
 */
export function refreshDueAt(t: StoredSession | undefined): number | undefined {
  if (!t?.refreshToken || !t.accessToken || t.expiresAt === undefined || t.softLogout) return undefined;
  if (!Number.isFinite(t.expiresAt)) return undefined;
  const lifetime = t.issuedAt !== undefined ? t.expiresAt - t.issuedAt : 2 * REFRESH_MARGIN_MS;
  if (!(lifetime > 0 && lifetime <= MAX_LIFETIME_MS)) return undefined;
  return t.expiresAt - Math.min(REFRESH_MARGIN_MS, lifetime / 2);
}

/** A timer delay that `setTimeout` honours: 0 ≤ delay ≤ MAX_TIMER_MS (NaN counts as "now"). */
export function timerDelay(ms: number): number {
  return Number.isNaN(ms) ? 0 : Math.min(MAX_TIMER_MS, Math.max(0, ms));
}
