/**
 * The e2e suite's view of the homeserver under test (E2E_HOMESERVER, see web-test-runner.e2e.config.mjs):
 * everything a test needs is created here through the client-server API — users, rooms, messages — with names
 * unique per run, so the suite needs nothing seeded and runs on any server with open m.login.dummy registration
 * and guests. The raw-HTTP calls are the browser tests' own (test/browser/room/helpers.ts), given this server.
 */
import { getSession } from '../../src/session/get-session.ts';
import * as raw from '../browser/room/helpers.ts';

export type { TestUser } from '../browser/room/helpers.ts';
type TestUser = raw.TestUser;

declare global {
  // eslint-disable-next-line no-var
  var E2E: { homeserver: string; software: string; proxy: string };
}

/** The homeserver's base URL, e.g. `http://127.0.0.1:18448`. */
export const hs = (): string => globalThis.E2E.homeserver;

/** What the server says it is (Synapse's `Server` header), for failure messages only. */
export const software = (): string => globalThis.E2E.software || 'the homeserver';

/** The server name of a user ID (`@a:localhost` -> `localhost`). */
export const serverNameOf = (userId: string): string => userId.slice(userId.indexOf(':') + 1);

let n = 0;
/** A name no earlier run used: lower-case letters and digits, valid as a localpart and an alias. */
export const unique = (prefix: string): string =>
  `${prefix}${Date.now().toString(36)}${(n++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Registers a fresh user (m.login.dummy), optionally with a display name. */
export const newUser = (displayName?: string): Promise<TestUser> => raw.registerUser(hs(), displayName);

export const api = (method: string, path: string, opts: { token?: string; body?: unknown } = {}) => raw.api(hs(), method, path, opts);
export const createRoom = (owner: TestUser, body: Record<string, unknown>) => raw.createRoom(owner, body, hs());
export const join = (user: TestUser, roomIdOrAlias: string) => raw.join(user, roomIdOrAlias, hs());
export const sendEvent = (user: TestUser, roomId: string, type: string, content: Record<string, unknown>) =>
  raw.sendEvent(user, roomId, type, content, hs());
export const sendText = (user: TestUser, roomId: string, body: string, extra: Record<string, unknown> = {}) =>
  sendEvent(user, roomId, 'm.room.message', { msgtype: 'm.text', body, ...extra });
export const redactEvent = (user: TestUser, roomId: string, eventId: string) => raw.redactEvent(user, roomId, eventId, hs());
export const setTyping = (user: TestUser, roomId: string, typing: boolean) => raw.setTyping(user, roomId, typing, hs());
export const serverMessages = (user: TestUser, roomId: string, limit = 50) => raw.serverMessages(user, roomId, limit, hs());

/**
 * A public, world-readable room guests may join, named `name`, with a fresh alias. Returns its ID and alias
 * (`#<localpart>:<server name>`).
 */
export async function publicRoom(owner: TestUser, name: string): Promise<{ roomId: string; alias: string }> {
  const localpart = unique('e2e');
  const roomId = await raw.createPublicRoom(owner, name, { room_alias_name: localpart }, hs());
  return { roomId, alias: `#${localpart}:${serverNameOf(owner.userId)}` };
}

/** Who the server says is joined to a room (asked by a member). */
export async function joinedMembers(member: TestUser, roomId: string): Promise<string[]> {
  const res = await api('GET', `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/joined_members`, { token: member.accessToken });
  if (res.status !== 200) throw new Error(`joined_members: ${res.status} ${JSON.stringify(res.body)}`);
  return Object.keys(res.body.joined ?? {});
}

/** Uploads bytes (the legacy v3 upload every server has) and returns the mxc:// URI. */
export async function upload(user: TestUser, bytes: Uint8Array, type: string, name: string): Promise<string> {
  const res = await fetch(`${hs()}/_matrix/media/v3/upload?filename=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${user.accessToken}`, 'Content-Type': type },
    body: new Blob([bytes as BlobPart]),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`upload: ${res.status} ${JSON.stringify(body)}`);
  return body.content_uri;
}

/** Removes every element of ours, signs the page's session out (on the server too) and clears storage. */
export async function cleanPage(): Promise<void> {
  for (const el of document.querySelectorAll('matrix-join-button, matrix-chat-launcher, matrix-room, matrix-login, iframe')) el.remove();
  const session = getSession();
  if (session.status !== 'signed-out') await session.signOut().catch(() => undefined);
  localStorage.clear();
}

export { FramedPage } from '../harnesses/framed-page.ts';
