/**
 * Media of a signed-in account must not outlive it: on sign-out, a hard logout (`M_UNKNOWN_TOKEN` without
 * `soft_logout`) or a switch to another account, every cached media blob URL is revoked. A soft logout keeps
 * them (same user, same device, local state kept). Lives here, not in session/ (which knows no rendering) nor
 * in render/ (which knows no session): elements that show media call it with the page's session.
 */
import { revokeAllMedia } from '../render/media.ts';
import type { MatrixSession } from '../session/session.ts';

const watched = new WeakSet<MatrixSession>();

/** Starts watching `session` (once per session, however many elements call it). */
export function forgetMediaOnSignOut(session: MatrixSession): void {
  if (watched.has(session)) return;
  watched.add(session);
  let user = session.userId;
  session.addEventListener('change', () => {
    if (session.userId === user) return;
    if (user !== undefined) revokeAllMedia();
    user = session.userId;
  });
}
