/** Set-up shared by the join-button and launcher tests: rooms with aliases, clean pages, fault resets. */
import { forgetEndpoints } from '../../../src/session/endpoint-memory.ts';
import { getSession } from '../../../src/session/get-session.ts';
import { api, createPublicRoom, createRoom, server, type TestUser } from '../room/helpers.ts';
import { watchResources } from '../../helpers/resources.ts';

export { api, createRoom, registerUser, server, signInAsNewUser, sendText, join, type TestUser } from '../room/helpers.ts';

let n = 0;

/** A fresh alias localpart (unique per test run). */
export const uniqueAlias = (prefix = 'jb') => `${prefix}${Date.now().toString(36)}${(n++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A public, world-readable room named `name` with the alias `#<localpart>:<server name>`. */
export async function publicRoom(owner: TestUser, name: string, extra: Record<string, unknown> = {}): Promise<{ roomId: string; alias: string }> {
  const localpart = uniqueAlias();
  const roomId = await createPublicRoom(owner, name, { room_alias_name: localpart, ...extra });
  return { roomId, alias: `#${localpart}:${server().serverName}` };
}

/** A public room that is NOT world-readable (no preview: a signed-out visitor sees the card). */
export async function publicClosedRoom(owner: TestUser, name: string): Promise<{ roomId: string; alias: string }> {
  const localpart = uniqueAlias();
  const roomId = await createRoom(owner, { preset: 'public_chat', visibility: 'public', name, room_alias_name: localpart });
  return { roomId, alias: `#${localpart}:${server().serverName}` };
}

/** Who is joined to a room, as the server says (asked by a member). */
export async function joinedMembers(member: TestUser, roomId: string): Promise<string[]> {
  const res = await api(server().url, 'GET', `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/joined_members`, { token: member.accessToken });
  if (res.status !== 200) throw new Error(`joined_members: ${res.status} ${JSON.stringify(res.body)}`);
  return Object.keys(res.body.joined ?? {});
}

/**
 * Removes every test element, clears fault rules, signs the page's session out and clears storage. Without its
 * faults the server has its endpoints again: what the page remembered about missing ones is forgotten too.
 */
export async function cleanPage(): Promise<void> {
  for (const el of document.querySelectorAll('matrix-join-button, matrix-chat-launcher, matrix-room, matrix-login')) el.remove();
  await fetch(`${server().url}/_dev/faults/reset`, { method: 'POST', body: '{}' });
  forgetEndpoints();
  const session = getSession();
  if (session.status !== 'signed-out') await session.signOut();
  localStorage.clear();
}

/** Calls a /_dev fault route on the main server. */
export async function fault(path: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${server().url}/_dev/${path}`, { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`/_dev/${path}: ${res.status} ${await res.text()}`);
}

/** Starts watching the network for matrix-js-sdk modules (see watchResources); returns the SDK URLs seen so far. */
export function watchSdkRequests(): () => string[] {
  const seen = watchResources();
  return () => seen().filter((name) => name.includes('matrix-js-sdk'));
}
