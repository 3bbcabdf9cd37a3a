/** Shared set-up for the session and <matrix-login> browser tests: the local homeservers, users, resets. */
import { MatrixSession } from '../../../src/session/session.ts';

export interface TestServer {
  url: string;
  serverName: string;
}

declare global {
  // eslint-disable-next-line no-var
  var MATRIX_TEST: { homeservers: Record<'main' | 'oauth' | 'legacy' | 'second', TestServer> & { uia?: TestServer; refresh?: TestServer } };
}

export const servers = () => globalThis.MATRIX_TEST.homeservers;

const sessionKey = Symbol.for('matrix-embed.session');

/** Forgets the page's session and storage, so the next getSession() starts from a clean page. */
export function resetPageSession(): void {
  const g = globalThis as unknown as Record<symbol, MatrixSession | undefined>;
  const old = g[sessionKey];
  (old as unknown as { stopClient?: () => void })?.stopClient?.();
  g[sessionKey] = undefined;
  localStorage.clear();
}

export const unique = (prefix = 'u') => `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;

/** Registers a user through the real /register (m.login.dummy) and returns its name and password. */
export async function createUser(server: TestServer, prefix = 'user'): Promise<{ username: string; password: string; userId: string }> {
  const username = unique(prefix);
  const password = `pw-${unique()}`;
  const body = { username, password, inhibit_login: true };
  let res = await fetch(`${server.url}/_matrix/client/v3/register`, { method: 'POST', body: JSON.stringify(body) });
  let json = await res.json();
  if (res.status === 401) {
    res = await fetch(`${server.url}/_matrix/client/v3/register`, {
      method: 'POST',
      body: JSON.stringify({ ...body, auth: { type: 'm.login.dummy', session: json.session } }),
    });
    json = await res.json();
  }
  if (!res.ok) throw new Error(`register failed: ${res.status} ${JSON.stringify(json)}`);
  return { username, password, userId: json.user_id };
}

/** Calls a /_dev fault-injection route. */
export async function dev(server: TestServer, path: string, body: unknown = {}): Promise<any> {
  const res = await fetch(`${server.url}/_dev/${path}`, { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`/_dev/${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

export async function whoami(server: TestServer, token: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/_matrix/client/v3/account/whoami`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}

/** The stored session record (what a reload would restore). */
export function stored(): any {
  const raw = localStorage.getItem('matrix-embed:v1:session');
  return raw ? JSON.parse(raw) : undefined;
}

export async function until(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 8000): Promise<void> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
