/**
 * Helpers for the homeserver conformance tests (node:test): an in-process homeserver per test file, raw HTTP
 * with status + errcode checks, and a matrix-js-sdk client factory (the same library the widget uses).
 */
import '../helpers/node-polyfills.ts';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { startHomeserver, type RunningHomeserver } from '../../dev/homeserver/server.ts';
import type { HomeserverOptions } from '../../dev/homeserver/options.ts';

export type { RunningHomeserver };

/**
 * Starts a homeserver on a free port; defaults: no seed (tests make what they need), faults on, no password
 * policy (tests choose short passwords; the policy has its own tests).
 */
export function start(options: Partial<HomeserverOptions> = {}): Promise<RunningHomeserver> {
  return startHomeserver({ port: 0, seed: false, faults: true, passwordMinLength: 0, ...options });
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any;
}

/** One raw HTTP request. `body` objects are sent as JSON; strings and buffers as they are. */
export async function api(
  server: RunningHomeserver | string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const base = typeof server === 'string' ? server : server.url;
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  let body: BodyInit | undefined;
  if (typeof opts.body === 'string' || opts.body instanceof Uint8Array) {
    body = opts.body as BodyInit;
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(base + path, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json')) parsed = text ? JSON.parse(text) : undefined;
  return { status: res.status, headers: res.headers, body: parsed };
}

/** Asserts a Matrix error response: status and errcode, and that `error` is a string. */
export function assertError(res: ApiResponse, status: number, errcode: string): void {
  assert.equal(res.status, status, `expected ${status} ${errcode}, got ${res.status} ${JSON.stringify(res.body)}`);
  assert.equal(res.body?.errcode, errcode);
  assert.equal(typeof res.body?.error, 'string');
}

/** Registers a user through /register with the dummy stage and returns its credentials. */
export async function registerUser(
  server: RunningHomeserver,
  username = `user${Math.random().toString(36).slice(2, 10)}`,
  password = 'correct horse battery staple',
): Promise<{ userId: string; accessToken: string; deviceId: string; password: string; username: string }> {
  const first = await api(server, 'POST', '/_matrix/client/v3/register', { body: { username, password } });
  assert.equal(first.status, 401, JSON.stringify(first.body));
  const done = await api(server, 'POST', '/_matrix/client/v3/register', {
    body: { username, password, auth: { type: 'm.login.dummy', session: first.body.session } },
  });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  return { userId: done.body.user_id, accessToken: done.body.access_token, deviceId: done.body.device_id, password, username };
}

/**
 * One request on a connection of its own (as a browser's first request to a server), reporting a connection
 * closed before any answer as 'network-error' and a refused connection as 'refused'. fetch's pooled keep-alive
 * connections would mix in the "reused connection" case, which the fault tests exercise on purpose elsewhere.
 */
export function freshRequest(
  url: string,
  opts: { method?: string; token?: string; body?: unknown } = {},
): Promise<{ status: number; headers: import('node:http').IncomingHttpHeaders; body: any } | 'network-error' | 'refused'> {
  const payload = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const headers: Record<string, string> = {};
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (payload !== undefined) headers['Content-Type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: opts.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', () => resolve('network-error'));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const json = (res.headers['content-type'] ?? '').includes('json') && text ? JSON.parse(text) : text;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: json });
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') resolve('refused');
      else if (err.code === 'ECONNRESET' || err.message === 'socket hang up') resolve('network-error');
      else reject(err);
    });
    req.end(payload);
  });
}
