/**
 * Joining a room: the one implementation every element uses (`<matrix-join-button>` directly, `<matrix-room>`
 * through its room model). By alias when there is one, so the server can route the join; with the `via`
 * servers the address named.
 */
import { msg } from './texts.ts';
import type { MatrixClient } from 'matrix-js-sdk';

/**
 * Why a join failed, in the shape of `matrix-error`. Its `message` is written when it is read, in the language of
 * the element that reads it (session/texts.ts).
 */
export class JoinError extends Error {
  constructor(
    readonly errcode: string,
    message: () => string,
  ) {
    super();
    this.name = 'JoinError';
    Object.defineProperty(this, 'message', { get: message, configurable: true });
  }
  readonly operation = 'join';
}

/** A function, not a table: the words are looked up in the locale of the moment (session/texts.ts). */
const messages = (): Record<string, string> => ({
  M_FORBIDDEN: msg('You are not allowed to join this room.'),
  M_NOT_FOUND: msg('This room does not exist.'),
  M_GUEST_ACCESS_FORBIDDEN: msg('Sign in to join this room.'),
  M_LIMIT_EXCEEDED: msg('Too many attempts: wait a moment and try again.'),
  ME_UNREACHABLE: msg('The chat server cannot be reached. Try again.'),
});

/** Joins `target` (an alias or a room ID) and resolves with the room ID; rejects with a {@link JoinError}. */
export async function joinRoom(client: MatrixClient, target: string, via: readonly string[] = []): Promise<string> {
  try {
    const room = await client.joinRoom(target, via.length ? { viaServers: [...via] } : undefined);
    return room.roomId;
  } catch (e) {
    const any = e as { errcode?: unknown; data?: { errcode?: unknown }; name?: unknown };
    const errcode =
      typeof any?.errcode === 'string' ? any.errcode
      : typeof any?.data?.errcode === 'string' ? any.data.errcode
      : any?.name === 'ConnectionError' || e instanceof TypeError ? 'ME_UNREACHABLE'
      : 'M_UNKNOWN';
    throw new JoinError(errcode, () => messages()[errcode] ?? msg('Joining the room failed. Try again.'));
  }
}
