/**
 * The one check for every URL a server (or a page attribute) hands us before we fetch it, navigate to it or
 * show it as a link: OAuth endpoints and issuer, `.well-known` base URLs, SSO and UIA fallback pages, policy
 * links. Parsed with `URL`, `https:` only (plain `http:` for loopback only: local development servers), no
 * user name or password in it. A `javascript:` or `data:` "endpoint" would otherwise run in the host page
 * once passed to `location.assign`.
 */
import { msg, str } from './texts.ts';
import { ME, MatrixApiError } from './errors.ts';

/** Hosts where plain `http:` is allowed (a development server on this machine). */
export const isLoopback = (host: string) => host === 'localhost' || host === '127.0.0.1' || host === '[::1]';

/** The URL when it is safe to fetch, open or navigate to; undefined otherwise. */
export function safeUrl(input: unknown): URL | undefined {
  if (typeof input !== 'string' || input.length > 4096) return undefined;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) return undefined;
  if (url.username || url.password) return undefined;
  return url;
}

/**
 * Like `safeUrl`, but throws `ME_BAD_URL` naming `what` (never echoing the value: it may be long, hostile or
 * carry secrets, and messages reach logs and `matrix-error` events).
 */
export function requireSafeUrl(input: unknown, what: string): URL {
  const url = safeUrl(input);
  if (!url) throw new MatrixApiError(ME.badUrl, msg(str`The server gave an unsafe address for ${what}, so it was not used.`));
  return url;
}

/** Whether two URLs share an origin (false when either does not parse). */
export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
