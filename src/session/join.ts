/**
 * Joining a room: the one implementation every element uses (`<matrix-join-button>` directly, `<matrix-room>`
 * through its room model). By alias when there is one, so the server can route the join; with the `via`
 * servers the address named.
 */
import type { MatrixClient } from 'matrix-js-sdk';

/** Why a join failed, in the shape of `matrix-error`. */
export class JoinError extends Error {
  constructor(
    readonly errcode: string,
    message: string,
  ) {
    super(message);
    this.name = 'JoinError';
  }
  readonly operation = 'join';
}

const MESSAGES: Record<string, string> = {
  M_FORBIDDEN: 'You are not allowed to join this room.',
  M_NOT_FOUND: 'This room does not exist.',
  M_GUEST_ACCESS_FORBIDDEN: 'Sign in to join this room.',
  M_LIMIT_EXCEEDED: 'Too many attempts: wait a moment and try again.',
  ME_UNREACHABLE: 'The chat server cannot be reached. Try again.',
};

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
    throw new JoinError(errcode, MESSAGES[errcode] ?? 'Joining the room failed. Try again.');
  }
}
