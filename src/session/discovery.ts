/**
 * Homeserver discovery: a server name (`example.org`, via `.well-known`), a base URL, or a full user ID
 * (`@ana:example.org`) becomes a validated base URL. A URL is accepted only over `https:` (plain `http:` for
 * localhost / 127.0.0.1 only), without credentials, and only after `/_matrix/client/versions` answered like a
 * Matrix server — before any credential is sent to it.
 */
import { msg, str } from './texts.ts';
import { noteVersions } from './endpoint-memory.ts';
import { ME, MatrixApiError, badAnswer } from './errors.ts';
import { asObject, asStrings, readJson } from './answer.ts';
import { isLoopback, safeUrl } from './urls.ts';

/** A homeserver we have checked. */
export interface HomeserverInfo {
  /** Base URL without a trailing slash, e.g. `https://matrix-client.example.org`. */
  baseUrl: string;
  /** The server name we discovered it from, when there was one; else the URL's host. */
  serverName: string;
  /** Spec versions from `/versions`. */
  versions: string[];
  unstableFeatures: Record<string, boolean>;
}

const TIMEOUT_MS = 10_000;
const cache = new Map<string, Promise<HomeserverInfo>>();

/**
 * Checks a base URL's shape: `https:` (or `http:` on loopback), no userinfo, no query or fragment.
 * Returns it normalized without a trailing slash. Throws `ME_BAD_URL`.
 */
export function validateBaseUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new MatrixApiError(ME.badUrl, msg(str`"${input}" is not a valid server address.`));
  }
  if (!safeUrl(input)) {
    if (url.username || url.password) throw new MatrixApiError(ME.badUrl, msg('The server address must not contain a user name or password.'));
    throw new MatrixApiError(ME.badUrl, msg('The server address must start with https://.'));
  }
  url.search = '';
  url.hash = '';
  return url.href.replace(/\/+$/, '');
}

/** The server name of a user ID (`@ana:example.org:8448` → `example.org:8448`), or undefined if it is not one. */
export function serverNameOf(userId: string): string | undefined {
  const m = /^@[^:\s]+:((?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?)$/.exec(userId.trim());
  return m?.[1];
}

/** The localpart of a user ID, or the input itself when it is a bare user name. */
export function localpartOf(user: string): string {
  const m = /^@([^:]+):/.exec(user.trim());
  return m ? m[1] : user.trim().replace(/^@/, '');
}

/** True when `input` is a server name (`example.org`, `127.0.0.1:8448`), not a URL. */
export function isServerName(input: string): boolean {
  return /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$/.test(input.trim());
}

/** The URL a server name is tried at (loopback names use plain http, as local development servers do). */
function schemeFor(serverName: string): string {
  const host = serverName.replace(/:\d+$/, '');
  return isLoopback(host) ? 'http' : 'https';
}

async function fetchJson(url: string, fetchFn: typeof fetch): Promise<{ status: number; body: unknown }> {
  let res: Response;
  try {
    res = await fetchFn(url, { signal: AbortSignal.timeout(TIMEOUT_MS), credentials: 'omit', redirect: 'follow' });
  } catch {
    throw new MatrixApiError(ME.unreachable, 'unreachable');
  }
  const read = await readJson(res).catch(() => undefined);
  if (read && !read.ok && read.reason === 'too-large') throw badAnswer(`${new URL(url).pathname} over 1 MB`);
  return { status: res.status, body: read?.ok ? read.value : undefined };
}

/** GET `/_matrix/client/versions`; throws ME_NOT_MATRIX / ME_UNREACHABLE. */
async function checkVersions(baseUrl: string, serverName: string, fetchFn: typeof fetch): Promise<HomeserverInfo> {
  const { status, body } = await fetchJson(`${baseUrl}/_matrix/client/versions`, fetchFn);
  const answer = asObject(body);
  const versions = asStrings(answer?.versions);
  // A Matrix-looking answer of the wrong shape is a broken or hostile server; anything else is not Matrix at all.
  if (status === 200 && answer && Object.hasOwn(answer, 'versions') && !versions) throw badAnswer('/versions');
  if (status !== 200 || !versions) throw new MatrixApiError(ME.notMatrix, 'not a Matrix server');
  // Keys come from the server: defined as own properties of a prototype-less object, so `__proto__` is a key.
  const unstableFeatures: Record<string, boolean> = Object.create(null) as Record<string, boolean>;
  for (const [k, v] of Object.entries(asObject(asObject(body)?.unstable_features) ?? {})) if (typeof v === 'boolean') unstableFeatures[k] = v;
  noteVersions(baseUrl, versions);
  return { baseUrl, serverName, versions, unstableFeatures };
}

async function discover(input: string, fetchFn: typeof fetch): Promise<HomeserverInfo> {
  const trimmed = input.trim();
  const fromUser = serverNameOf(trimmed);
  const name = fromUser ?? (isServerName(trimmed) ? trimmed : undefined);
  if (!name) {
    const baseUrl = validateBaseUrl(trimmed);
    return checkVersions(baseUrl, new URL(baseUrl).host, fetchFn);
  }
  // Server name: .well-known first (spec: "Well-known URIs"), then the name itself as a base URL.
  const origin = `${schemeFor(name)}://${name}`;
  let wellKnownBase: string | undefined;
  try {
    const { status, body } = await fetchJson(`${origin}/.well-known/matrix/client`, fetchFn);
    const base = asObject(asObject(body)?.['m.homeserver'])?.base_url;
    if (status === 200 && typeof base === 'string') wellKnownBase = validateBaseUrl(base);
    else if (status === 200) throw badAnswer('.well-known');
  } catch (e) {
    // FAIL_ERROR for a bad .well-known; an unreachable .well-known falls through to the name itself.
    if (e instanceof MatrixApiError && e.errcode !== ME.unreachable) throw e;
  }
  return checkVersions(wellKnownBase ?? validateBaseUrl(origin), name, fetchFn);
}

/**
 * Resolves a server name, base URL or user ID to a validated homeserver. Results are cached per page;
 * failures are not (the user may fix their network and retry).
 */
export function discoverHomeserver(input: string, fetchFn: typeof fetch = globalThis.fetch.bind(globalThis)): Promise<HomeserverInfo> {
  const key = input.trim();
  let found = cache.get(key);
  if (!found) {
    found = discover(key, fetchFn);
    cache.set(key, found);
    found.catch(() => cache.delete(key));
  }
  return found;
}
