/** The local homeserver for the bench: start it, sign in, and make the rooms the scale tests need. */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './build.ts';

export interface Homeserver {
  url: string;
  serverName: string;
  stop(): void;
}

export interface Login {
  userId: string;
  accessToken: string;
  deviceId: string;
}

/** Starts dev/homeserver on a free port of 127.0.0.1 with `/_dev` (fault + event injection) on. */
export async function startHomeserver(): Promise<Homeserver> {
  const mod = (await import(pathToFileURL(join(ROOT, 'test/helpers/spawn-homeserver.mjs')).href)) as {
    spawnHomeserver(args?: string[]): Promise<Homeserver>;
  };
  return mod.spawnHomeserver(['--faults']);
}

export async function api<T = Record<string, unknown>>(
  hs: Homeserver,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<T> {
  const res = await fetch(hs.url + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** Password sign-in with a fresh device (no refresh token: the access token does not expire mid-run). */
export async function login(hs: Homeserver, user: string, password: string): Promise<Login> {
  const r = await api<{ user_id: string; access_token: string; device_id: string }>(hs, 'POST', '/_matrix/client/v3/login', {
    type: 'm.login.password',
    identifier: { type: 'm.id.user', user },
    password,
  });
  return { userId: r.user_id, accessToken: r.access_token, deviceId: r.device_id };
}

export async function resolveAlias(hs: Homeserver, alias: string): Promise<string> {
  const r = await api<{ room_id: string }>(hs, 'GET', `/_matrix/client/v3/directory/room/${encodeURIComponent(alias)}`);
  return r.room_id;
}

/** A public, world-readable room created by `owner`. */
export async function createRoom(hs: Homeserver, owner: Login, aliasName: string, name: string): Promise<string> {
  const r = await api<{ room_id: string }>(
    hs,
    'POST',
    '/_matrix/client/v3/createRoom',
    {
      preset: 'public_chat',
      room_alias_name: aliasName,
      name,
      initial_state: [{ type: 'm.room.history_visibility', state_key: '', content: { history_visibility: 'world_readable' } }],
    },
    owner.accessToken,
  );
  return r.room_id;
}

/** Appends one raw event through `/_dev/rooms/{id}/inject` (delivered by /sync like any other). */
export function inject(hs: Homeserver, roomId: string, event: Record<string, unknown>): Promise<{ event_id: string }> {
  return api<{ event_id: string }>(hs, 'POST', `/_dev/rooms/${encodeURIComponent(roomId)}/inject`, event);
}

export function textMessage(sender: string, body: string, ts?: number): Record<string, unknown> {
  return { type: 'm.room.message', sender, content: { msgtype: 'm.text', body }, ...(ts ? { origin_server_ts: ts } : {}) };
}

/**
 * Appends `count` text messages in order ("<prefix> 1" … "<prefix> count"), `concurrency` requests at a time
 * in batches so the timeline order is the numeric order within a few positions. Timestamps are spread over
 * the last days so date separators appear as in a real room.
 */
export async function injectMany(
  hs: Homeserver,
  roomId: string,
  senders: string[],
  count: number,
  prefix: string,
  opts: { concurrency?: number; spreadMs?: number; ordered?: boolean } = {},
): Promise<void> {
  const concurrency = opts.concurrency ?? 16;
  const spread = opts.spreadMs ?? 0;
  const now = Date.now();
  let next = 1;
  const worker = async () => {
    while (next <= count) {
      const i = next++;
      const ts = spread ? Math.round(now - spread + (spread * i) / count) : undefined;
      await inject(hs, roomId, textMessage(senders[i % senders.length], `${prefix} ${i}`, ts));
    }
  };
  await Promise.all(Array.from({ length: opts.ordered ? 1 : concurrency }, worker));
}
