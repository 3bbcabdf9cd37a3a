/**
 * Helpers for the <matrix-room> browser tests: raw HTTP against the local homeservers (a "second user" acting
 * through the API, as the issue asks), and signing the page's session in through its public API.
 */
import { getSession } from '../../../src/session/get-session.ts';

export interface TestServer {
  url: string;
  serverName: string;
}

export function server(name: 'main' | 'oauth' | 'legacy' | 'second' = 'main'): TestServer {
  return (globalThis as unknown as { MATRIX_TEST: { homeservers: Record<string, TestServer> } }).MATRIX_TEST.homeservers[name];
}

export async function api(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: res.status, body };
}

export interface TestUser {
  userId: string;
  accessToken: string;
  username: string;
  password: string;
}

let counter = 0;

/** Registers a fresh user with the dummy UIA stage (raw HTTP), optionally with a display name. */
export async function registerUser(base = server().url, displayName?: string): Promise<TestUser> {
  const username = `t${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const password = 'correct horse battery staple';
  const first = await api(base, 'POST', '/_matrix/client/v3/register', { body: { username, password } });
  if (first.status !== 401) throw new Error(`register: expected 401, got ${first.status} ${JSON.stringify(first.body)}`);
  const done = await api(base, 'POST', '/_matrix/client/v3/register', {
    body: { username, password, auth: { type: 'm.login.dummy', session: first.body.session } },
  });
  if (done.status !== 200) throw new Error(`register: ${done.status} ${JSON.stringify(done.body)}`);
  const user = { userId: done.body.user_id, accessToken: done.body.access_token, username, password };
  if (displayName) {
    await api(base, 'PUT', `/_matrix/client/v3/profile/${encodeURIComponent(user.userId)}/displayname`, {
      token: user.accessToken,
      body: { displayname: displayName },
    });
  }
  return user;
}

/** Registers a user and signs the page's session in as them (password sign-in, the public session API). */
export async function signInAsNewUser(base = server().url): Promise<TestUser> {
  const user = await registerUser(base);
  await getSession().signIn({ username: user.username, password: user.password, homeserver: base });
  return user;
}

/** Signs the page's session out and forgets stored drafts and sessions. */
export async function resetSession(): Promise<void> {
  const session = getSession();
  if (session.status !== 'signed-out') await session.signOut();
  localStorage.clear();
}

/** Creates a room as `user` and returns its ID. */
export async function createRoom(user: TestUser, body: Record<string, unknown>, base = server().url): Promise<string> {
  const res = await api(base, 'POST', '/_matrix/client/v3/createRoom', { token: user.accessToken, body });
  if (res.status !== 200) throw new Error(`createRoom: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.room_id;
}

export async function join(user: TestUser, roomIdOrAlias: string, base = server().url): Promise<void> {
  const res = await api(base, 'POST', `/_matrix/client/v3/join/${encodeURIComponent(roomIdOrAlias)}`, { token: user.accessToken, body: {} });
  if (res.status !== 200) throw new Error(`join: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Sends an event as `user`; returns its event ID. */
export async function sendEvent(user: TestUser, roomId: string, type: string, content: Record<string, unknown>, base = server().url): Promise<string> {
  const txn = `t${Math.random().toString(36).slice(2)}`;
  const res = await api(base, 'PUT', `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/${encodeURIComponent(type)}/${txn}`, {
    token: user.accessToken,
    body: content,
  });
  if (res.status !== 200) throw new Error(`send: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.event_id;
}

export function sendText(user: TestUser, roomId: string, body: string, extra: Record<string, unknown> = {}): Promise<string> {
  return sendEvent(user, roomId, 'm.room.message', { msgtype: 'm.text', body, ...extra });
}

export async function redactEvent(user: TestUser, roomId: string, eventId: string, base = server().url): Promise<string> {
  const res = await api(base, 'PUT', `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/redact/${encodeURIComponent(eventId)}/r${Math.random().toString(36).slice(2)}`, {
    token: user.accessToken,
    body: {},
  });
  if (res.status !== 200) throw new Error(`redact: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.event_id;
}

export async function setTyping(user: TestUser, roomId: string, typing: boolean, base = server().url): Promise<void> {
  const res = await api(base, 'PUT', `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/typing/${encodeURIComponent(user.userId)}`, {
    token: user.accessToken,
    body: typing ? { typing: true, timeout: 30000 } : { typing: false },
  });
  if (res.status !== 200) throw new Error(`typing: ${res.status} ${JSON.stringify(res.body)}`);
}

/** The messages of a room as the server has them (to check what reached it, and how often). */
export async function serverMessages(user: TestUser, roomId: string, limit = 50, base = server().url): Promise<any[]> {
  const res = await api(base, 'GET', `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=${limit}`, { token: user.accessToken });
  if (res.status !== 200) throw new Error(`messages: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.chunk;
}

/** A public, world-readable room with guest access, created by `owner`. */
export function createPublicRoom(owner: TestUser, name: string, extra: Record<string, unknown> = {}, base = server().url): Promise<string> {
  return createRoom(owner, {
    preset: 'public_chat',
    visibility: 'public',
    name,
    topic: `About ${name}`,
    initial_state: [
      { type: 'm.room.history_visibility', state_key: '', content: { history_visibility: 'world_readable' } },
      { type: 'm.room.guest_access', state_key: '', content: { guest_access: 'can_join' } },
    ],
    ...extra,
  }, base);
}

/** Appends an `m.room.message` from `sender` straight into the homeserver's timeline (dev API; no client round trip). */
export async function injectMessage(roomId: string, sender: string, body: string, base = server().url): Promise<void> {
  const res = await api(base, 'POST', `/_dev/rooms/${encodeURIComponent(roomId)}/inject`, {
    body: { type: 'm.room.message', sender, content: { msgtype: 'm.text', body } },
  });
  if (res.status !== 200) throw new Error(`inject: ${res.status} ${JSON.stringify(res.body)}`);
}
