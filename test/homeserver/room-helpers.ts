/**
 * Helpers for the room, event and sync conformance tests: users made directly in the store (so these tests do
 * not depend on /register), and short wrappers for the room calls every test makes.
 */
import assert from 'node:assert/strict';
import { api, type RunningHomeserver } from './helpers.ts';

export interface TestUser {
  userId: string;
  accessToken: string;
  deviceId: string;
}

/** Creates a user (or a guest) in the store with a fresh device and access token. */
export function makeUser(hs: RunningHomeserver, localpart: string, opts: { guest?: boolean; displayname?: string } = {}): TestUser {
  const store = hs.hs.store;
  const userId = store.userId(localpart);
  store.data.users[userId] ??= {
    userId,
    localpart,
    displayname: opts.displayname ?? localpart,
    guest: opts.guest ?? false,
    createdAt: Date.now(),
  };
  const token = store.issueToken(userId);
  return { userId, accessToken: token.accessToken, deviceId: token.deviceId };
}

/** Another device (and token) for an existing user. */
export function newDevice(hs: RunningHomeserver, user: TestUser): TestUser {
  const token = hs.hs.store.issueToken(user.userId);
  return { userId: user.userId, accessToken: token.accessToken, deviceId: token.deviceId };
}

export const enc = encodeURIComponent;
export const v3 = (path: string) => `/_matrix/client/v3${path}`;

export async function createRoom(hs: RunningHomeserver, user: TestUser, body: Record<string, unknown> = {}): Promise<string> {
  const res = await api(hs, 'POST', v3('/createRoom'), { token: user.accessToken, body });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.match(res.body.room_id, /^!.+:/);
  return res.body.room_id;
}

export async function join(hs: RunningHomeserver, user: TestUser, roomIdOrAlias: string): Promise<void> {
  const res = await api(hs, 'POST', v3(`/join/${enc(roomIdOrAlias)}`), { token: user.accessToken, body: {} });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

let txnCounter = 0;

/** Sends an m.room.message (or `type`) and returns its event ID. */
export async function send(
  hs: RunningHomeserver,
  user: TestUser,
  roomId: string,
  content: Record<string, unknown> | string,
  type = 'm.room.message',
): Promise<string> {
  const body = typeof content === 'string' ? { msgtype: 'm.text', body: content } : content;
  const res = await api(hs, 'PUT', v3(`/rooms/${enc(roomId)}/send/${enc(type)}/t${++txnCounter}-${Date.now()}`), {
    token: user.accessToken,
    body,
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.event_id;
}

export async function sync(hs: RunningHomeserver, user: TestUser, query: Record<string, string> = {}) {
  const qs = new URLSearchParams(query).toString();
  const res = await api(hs, 'GET', v3(`/sync${qs ? `?${qs}` : ''}`), { token: user.accessToken });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

/** Bodies of the m.room.message events in a list of events. */
export const bodies = (events: Array<{ type: string; content?: { body?: unknown } }>) =>
  events.filter((e) => e.type === 'm.room.message').map((e) => e.content?.body);
