/**
 * Matrix content URIs (`mxc://server/id`) → HTTP URLs, and fetching media so the access token never leaves the
 * homeserver's origin. No DOM here beyond object URLs.
 *
 * Why so strict: matrix-js-sdk CVE-2024-50336 built download URLs from unvalidated mxc parts, so
 * `mxc://../../path` reached other endpoints of the homeserver with the user's token. Element CVE-2024-47779 and
 * Cinny CVE-2026-42553 sent the token to whatever origin a media URL named.
 */

import { formatMxc, isValidServerName, MEDIA_ID, parseMxc, type Mxc } from '../session/mxc.ts';

export { formatMxc, isValidServerName, parseMxc, type Mxc };

/** A function that turns a content URI into a URL the page may load (usually a `blob:` URL). */
export type MediaResolver = (mxc: Mxc, options?: MediaRequest) => Promise<string>;

/** What to fetch: the original file, or a thumbnail of at most this size. */
export interface MediaRequest {
  thumbnail?: { width: number; height: number; method?: 'scale' | 'crop' };
}

/** Where media lives on a homeserver. */
export interface MediaEndpoint {
  /** The homeserver base URL (`https://matrix.example.org`, maybe with a path prefix). */
  homeserverUrl: string;
  /** Use the authenticated `/_matrix/client/v1/media` API (servers advertising Matrix 1.11+). */
  authenticated: boolean;
}

function mediaBase(endpoint: MediaEndpoint): string {
  const base = new URL(endpoint.homeserverUrl);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new TypeError('homeserver URL must be http(s)');
  const prefix = base.href.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return `${prefix}${endpoint.authenticated ? '/_matrix/client/v1/media' : '/_matrix/media/v3'}`;
}

function mxcPath(mxc: Mxc): string {
  // Re-validate: callers may build an Mxc by hand. encodeURIComponent is belt and braces (valid parts need none).
  if (!isValidServerName(mxc.serverName) || !MEDIA_ID.test(mxc.mediaId)) throw new TypeError('invalid mxc URI');
  return `${encodeURIComponent(mxc.serverName)}/${encodeURIComponent(mxc.mediaId)}`;
}

/**
 * URL of the original file: `/_matrix/client/v1/media/download/{server}/{id}` (authenticated) or
 * `/_matrix/media/v3/download/{server}/{id}` (legacy). Throws `TypeError` for an invalid mxc.
 */
export function mediaDownloadUrl(endpoint: MediaEndpoint, mxc: Mxc): string {
  const url = `${mediaBase(endpoint)}/download/${mxcPath(mxc)}`;
  // Legacy media may redirect to a CDN; authenticated media allows redirects by default.
  return endpoint.authenticated ? url : `${url}?allow_redirect=true`;
}

/**
 * URL of a server-made thumbnail (`.../thumbnail/{server}/{id}?width&height&method`). Sizes are clamped to
 * 1–1600 px. Throws `TypeError` for an invalid mxc.
 */
export function mediaThumbnailUrl(
  endpoint: MediaEndpoint,
  mxc: Mxc,
  size: { width: number; height: number; method?: 'scale' | 'crop' },
): string {
  const clamp = (n: number) => (Number.isFinite(n) ? Math.min(1600, Math.max(1, Math.round(n))) : 320);
  const params = new URLSearchParams({
    width: String(clamp(size.width)),
    height: String(clamp(size.height)),
    method: size.method === 'crop' ? 'crop' : 'scale',
  });
  if (!endpoint.authenticated) params.set('allow_redirect', 'true');
  return `${mediaBase(endpoint)}/thumbnail/${mxcPath(mxc)}?${params}`;
}

/** Credentials and knobs for `fetchMedia`. */
export interface FetchMediaOptions {
  /** The homeserver base URL; the token is sent only to this origin. */
  homeserverUrl: string;
  /** Access token, or undefined for unauthenticated (legacy) media. */
  accessToken?: string;
  signal?: AbortSignal;
  /** Injectable for tests; defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

/**
 * Types we hand to the page as-is. Anything else becomes `application/octet-stream`: a `blob:` URL has the host
 * page's origin, so an HTML or SVG blob opened in a tab would run a stranger's script as the host site.
 */
const SAFE_MEDIA_TYPES =
  /^(?:image\/(?:png|jpeg|gif|webp|avif|bmp|apng)|video\/(?:mp4|webm|ogg|quicktime)|audio\/(?:mpeg|mp4|ogg|webm|wav|aac|flac|x-wav)|application\/pdf)$/;

/**
 * How much fetched media is kept as blob URLs: the least recently used go (and are revoked) beyond either bound,
 * so a long session in a busy room does not hold every image it ever showed in memory.
 */
export const MEDIA_CACHE_LIMITS = { entries: 200, bytes: 50_000_000 } as const;

/** By URL, in least-recently-used order (a hit moves its entry to the end). */
const cache = new Map<string, Promise<string>>();
/** The blob URLs made, with their sizes: what the bounds count. */
const objectUrls = new Map<string, { url: string; bytes: number }>();
let cachedBytes = 0;

function forget(key: string): void {
  const made = objectUrls.get(key);
  if (made) {
    URL.revokeObjectURL(made.url);
    cachedBytes -= made.bytes;
  }
  objectUrls.delete(key);
  cache.delete(key);
}

/** Drops least recently used media until both bounds hold again; the newest entry always stays. */
function evict(newest: string): void {
  for (const key of cache.keys()) {
    if (objectUrls.size <= MEDIA_CACHE_LIMITS.entries && cachedBytes <= MEDIA_CACHE_LIMITS.bytes) return;
    if (key !== newest && objectUrls.has(key)) forget(key);
  }
}

/**
 * Fetch media and return a `blob:` URL for it, cached by URL (concurrent callers share one request).
 *
 * The URL must be on the homeserver's origin: media from anywhere else is refused outright (so no hostile event
 * can make the widget contact a foreign host), and the access token is attached only in the `Authorization`
 * header, never in the URL. Redirects are followed by the browser, which drops `Authorization` on a
 * cross-origin redirect. Rejects on a foreign origin, a network error or a non-2xx status.
 */
export function fetchMedia(url: string, options: FetchMediaOptions): Promise<string> {
  let target: URL;
  let home: URL;
  try {
    target = new URL(url);
    home = new URL(options.homeserverUrl);
  } catch {
    return Promise.reject(new TypeError('fetchMedia: invalid URL'));
  }
  if (target.origin !== home.origin || target.username || target.password) {
    // Deliberately does not echo the URL: error messages end up in logs and `matrix-error` events.
    return Promise.reject(new Error('fetchMedia: refusing media outside the homeserver origin'));
  }
  const key = target.href;
  const cached = cache.get(key);
  if (cached) {
    cache.delete(key);
    cache.set(key, cached); // most recently used
    return cached;
  }
  const doFetch = options.fetch ?? fetch;
  const headers: Record<string, string> = {};
  if (options.accessToken) headers.Authorization = `Bearer ${options.accessToken}`;
  const load = async (): Promise<string> => {
    const response = await doFetch(key, {
      headers,
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      signal: options.signal,
    });
    if (!response.ok) throw new Error(`fetchMedia: HTTP ${response.status}`);
    const blob = await response.blob();
    const type = blob.type.split(';')[0].trim().toLowerCase();
    const safe = SAFE_MEDIA_TYPES.test(type) ? blob : new Blob([blob], { type: 'application/octet-stream' });
    // Revoked (sign-out) while loading: nothing of it may stay behind.
    if (cache.get(key) !== pending) throw new Error('fetchMedia: revoked while loading');
    const objectUrl = URL.createObjectURL(safe);
    objectUrls.set(key, { url: objectUrl, bytes: safe.size });
    cachedBytes += safe.size;
    evict(key);
    return objectUrl;
  };
  const pending = load();
  cache.set(key, pending);
  // A failure must not poison the cache: the next render may retry.
  pending.catch(() => {
    if (cache.get(key) === pending) cache.delete(key);
  });
  return pending;
}

/** Revoke the blob URL cached for `url` (a media URL given to `fetchMedia`), so the next use re-fetches. */
export function revokeMedia(url: string): void {
  let key: string;
  try {
    key = new URL(url).href;
  } catch {
    return;
  }
  forget(key);
}

/** Revoke every blob URL `fetchMedia` made (on sign-out, so no media of the old account stays reachable). */
export function revokeAllMedia(): void {
  for (const key of [...cache.keys()]) forget(key);
}

/** How many media blobs are cached, and their total size (for tests and diagnostics). */
export function mediaCacheSize(): { entries: number; bytes: number } {
  return { entries: objectUrls.size, bytes: cachedBytes };
}

/**
 * The resolver the room element passes to renderers: builds the authenticated (or legacy) URL for an mxc and
 * fetches it with `fetchMedia`.
 * @param getAuth read at each call, so a refreshed access token is picked up
 */
export function createMediaResolver(
  endpoint: MediaEndpoint,
  getAuth: () => { accessToken?: string } = () => ({}),
  fetchImpl?: typeof fetch,
): MediaResolver {
  return (mxc, request) => {
    const url = request?.thumbnail
      ? mediaThumbnailUrl(endpoint, mxc, request.thumbnail)
      : mediaDownloadUrl(endpoint, mxc);
    // Legacy media needs no token: sending one would only widen where it travels.
    const accessToken = endpoint.authenticated ? getAuth().accessToken : undefined;
    return fetchMedia(url, { homeserverUrl: endpoint.homeserverUrl, accessToken, fetch: fetchImpl });
  };
}

