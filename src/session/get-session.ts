/**
 * The page's one session. Kept on `globalThis` under a `Symbol.for` key, so two copies of matrix-embed on one
 * page (two bundles, two CDN URLs) still share one session, one client and one sync loop.
 */
import { MatrixSession } from './session.ts';
import { SESSION_KEY } from './peek.ts';

/** Returns the page's session, creating it (and restoring any stored sign-in) on first use. */
export function getSession(): MatrixSession {
  const g = globalThis as unknown as Record<symbol, MatrixSession | undefined>;
  return (g[SESSION_KEY] ??= new MatrixSession());
}
