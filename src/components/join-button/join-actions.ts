/**
 * What `<matrix-join-button>` needs only once the visitor clicks "Join" while signed in: the join itself (through
 * the one join of every element, `session/join.ts`) and its errors. Loaded on that click, not with the button.
 */
import { msg } from '../../session/texts.ts';
import type { RoomAddress } from '../../session/room-address.ts';
import type { MatrixSession } from '../../session/session.ts';
import type { MatrixErrorInfo } from '../../session/types.ts';

/**
 * Joins `address` (by room id once known) as the session's user: the room id, or the `matrix-error` to report,
 * its message written by `inLocale` in the button's language.
 */
export async function joinAs(
  session: MatrixSession,
  address: RoomAddress,
  knownRoomId: string | undefined,
  inLocale: <T>(fn: () => T) => T,
): Promise<{ roomId: string } | { error: MatrixErrorInfo }> {
  try {
    const [{ joinRoom }, client] = await Promise.all([import('../../session/join.ts'), session.client()]);
    const target = address.kind === 'alias' ? address.value : (knownRoomId ?? address.value);
    return { roomId: await joinRoom(client, target, address.via) };
  } catch (e) {
    const failure = e as { name?: string; errcode?: string; message?: string };
    const joinError = failure?.name === 'JoinError';
    const errcode = failure?.errcode ?? 'M_UNKNOWN';
    const message = inLocale(() => (joinError && failure.message ? failure.message : msg('Joining the room failed. Try again.')));
    return { error: { operation: 'join', errcode, message } };
  }
}
