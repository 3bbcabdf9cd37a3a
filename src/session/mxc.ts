/**
 * Matrix content URIs (`mxc://server/id`), validated. DOM-free: the session reads avatars and media from events,
 * the render layer turns them into URLs (`render/media.ts`).
 *
 * Why so strict: matrix-js-sdk CVE-2024-50336 built download URLs from unvalidated mxc parts, so
 * `mxc://../../path` reached other endpoints of the homeserver with the user's token.
 */

/** A validated content URI. */
export interface Mxc {
  /** Server name per the spec grammar (`host[:port]`). */
  serverName: string;
  /** Media ID, `[A-Za-z0-9_-]+`. */
  mediaId: string;
}

export const MEDIA_ID = /^[A-Za-z0-9_-]{1,255}$/;
/** Spec appendix: IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT */
const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
/** IPv6address = 2*45IPv6char; IPv6char = DIGIT / %x41-46 / %x61-66 / ":" / "." */
const IPV6 = /^\[[0-9A-Fa-f:.]{2,45}\]$/;
/** dns-name = 1*255dns-char; dns-char = DIGIT / ALPHA / "-" / "." */
const DNS_NAME = /^[A-Za-z0-9.-]{1,255}$/;

/**
 * Validate a server name against the spec grammar `hostname [ ":" port ]`. Beyond the grammar we reject names
 * made only of dots, empty labels (`a..b`) and leading dots: the grammar allows `..`, which is exactly the path
 * traversal of CVE-2024-50336 once placed in a URL path.
 */
export function isValidServerName(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 261) return false;
  let host = value;
  let port: string | undefined;
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0) return false;
    host = value.slice(0, end + 1);
    const rest = value.slice(end + 1);
    if (rest) {
      if (!/^:\d{1,5}$/.test(rest)) return false;
      port = rest.slice(1);
    }
  } else {
    const colon = value.indexOf(':');
    if (colon >= 0) {
      host = value.slice(0, colon);
      port = value.slice(colon + 1);
      if (!/^\d{1,5}$/.test(port)) return false;
    }
  }
  if (port !== undefined && Number(port) > 65535) return false;
  if (host.startsWith('[')) return IPV6.test(host) && (host.match(/:/g)?.length ?? 0) >= 2;
  if (IPV4.test(host)) return host.split('.').every((octet) => Number(octet) <= 255);
  if (!DNS_NAME.test(host)) return false;
  if (host.startsWith('.') || host.includes('..') || host.startsWith('-')) return false;
  return /[A-Za-z0-9]/.test(host);
}

/**
 * Parse and validate a content URI.
 * @returns the parts, or `null` for anything that is not exactly `mxc://<server-name>/<media-id>` (no path
 *   segments, query, fragment, percent-escapes or whitespace).
 */
export function parseMxc(uri: unknown): Mxc | null {
  if (typeof uri !== 'string' || uri.length > 600 || !uri.startsWith('mxc://')) return null;
  const rest = uri.slice('mxc://'.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return null;
  const serverName = rest.slice(0, slash);
  const mediaId = rest.slice(slash + 1);
  if (!isValidServerName(serverName) || !MEDIA_ID.test(mediaId)) return null;
  return { serverName, mediaId };
}

/** `mxc://server/id` for validated parts. */
export function formatMxc(mxc: Mxc): string {
  return `mxc://${mxc.serverName}/${mxc.mediaId}`;
}
