/**
 * Parses what an HTML author writes in a `room` attribute into one validated room address.
 *
 * Accepted forms (Matrix spec, appendices "Room aliases", "Room IDs", "matrix.to navigation" and "Matrix URI
 * scheme"):
 * - `#alias:server`
 * - `!opaque:server` (and `!opaque` — room version 12 IDs carry no server name)
 * - `https://matrix.to/#/#alias:server?via=a.org&via=b.org` (percent-encoded or not; optional `/$event`)
 * - `matrix:r/alias:server?via=...`, `matrix:roomid/opaque:server?via=...` (optional `/e/event`)
 *
 * DOM-free and SDK-free: used for first paint (summary) as well as by the room model.
 */
import { msg, str } from './texts.ts';

/** A validated room address. */
export interface RoomAddress {
  /** `alias` for `#name:server`, `id` for `!opaque[:server]`. */
  kind: 'alias' | 'id';
  /** The alias or room ID in its sigil form: `#lobby:example.org` or `!abc:example.org`. */
  value: string;
  /** The server name part (`example.org`, `127.0.0.1:8008`), or `''` for v12 room IDs without one. */
  serverName: string;
  /** Servers to route through (`?via=`), as given; never contains duplicates. */
  via: string[];
  /** An event the link points at (`/$event` in matrix.to, `/e/event` in matrix: URIs), if any. */
  eventId?: string;
}

/** `{ok: true, address}` or `{ok: false, message}` where message is a sentence to show in the element. */
export type RoomAddressResult = { ok: true; address: RoomAddress } | { ok: false; message: string };

// Server name grammar (spec appendix "Server name"): hostname [":" port]; hostname = IPv4 / "[" IPv6 "]" / DNS.
const DNS_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.?$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6 = /^\[[0-9A-Fa-f:.]{2,45}\]$/;

/** True when `name` is a valid Matrix server name (`host`, `host:port`, `1.2.3.4:80`, `[::1]:8448`). */
export function isServerName(name: string): boolean {
  if (name.length === 0 || name.length > 255) return false;
  let host = name;
  const portMatch = /^(.*):(\d{1,5})$/.exec(name);
  if (portMatch && !(name.startsWith('[') && !name.includes(']:'))) {
    host = portMatch[1];
    const port = Number(portMatch[2]);
    if (port < 1 || port > 65535) return false;
  }
  if (IPV6.test(host)) return true;
  if (IPV4.test(host)) return host.split('.').every((n) => Number(n) <= 255);
  return DNS_NAME.test(host);
}

// Identifiers must not carry control characters, whitespace or anything that would break a URL path segment
// unescaped. The spec caps every identifier at 255 bytes.
const BAD_CHARS = /[\s\u0000-\u001f\u007f/?#]/;

function checkIdentifier(sigil: '#' | '!', value: string): RoomAddressResult {
  if (new TextEncoder().encode(value).length > 255) {
    return { ok: false, message: sigil === '#' ? msg('That room alias is too long.') : msg('That room ID is too long.') };
  }
  const body = value.slice(1);
  const colon = body.indexOf(':');
  if (sigil === '#') {
    if (colon <= 0) {
      return { ok: false, message: msg(str`"${value}" is not a room alias: it needs a name and a server, like #room:example.org.`) };
    }
  } else if (colon === 0 || body.length === 0) {
    return { ok: false, message: msg(str`"${value}" is not a room ID: it looks like !abc123:example.org.`) };
  }
  const local = colon === -1 ? body : body.slice(0, colon);
  const server = colon === -1 ? '' : body.slice(colon + 1);
  if (BAD_CHARS.test(local) || (sigil === '!' && local.includes(':'))) {
    return {
      ok: false,
      message: sigil === '#' ? msg(str`"${value}" contains characters a room alias cannot have.`) : msg(str`"${value}" contains characters a room ID cannot have.`),
    };
  }
  if (colon !== -1 && !isServerName(server)) {
    return { ok: false, message: msg(str`"${server}" in "${value}" is not a valid server name.`) };
  }
  return {
    ok: true,
    address: { kind: sigil === '#' ? 'alias' : 'id', value, serverName: server, via: [] },
  };
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

function withQuery(result: RoomAddressResult, query: string, eventId?: string): RoomAddressResult {
  if (!result.ok) return result;
  const via: string[] = [];
  for (const v of new URLSearchParams(query).getAll('via')) {
    if (isServerName(v) && !via.includes(v)) via.push(v);
  }
  const address: RoomAddress = { ...result.address, via };
  if (eventId) address.eventId = eventId;
  return { ok: true, address };
}

/**
 * Parses a `room` attribute value. Never throws: invalid input gives `{ok: false, message}` with a sentence
 * that says what is wrong and what a valid value looks like.
 */
export function parseRoomAddress(input: string | null | undefined): RoomAddressResult {
  const raw = (input ?? '').trim();
  if (!raw) return { ok: false, message: msg('No room given: set the room attribute to an alias such as #room:example.org.') };

  if (raw.startsWith('#') || raw.startsWith('!')) return checkIdentifier(raw[0] as '#' | '!', raw);

  // matrix.to links: https://matrix.to/#/<identifier>[/<event>][?via=...]
  const matrixTo = /^https?:\/\/matrix\.to\/#\/(.*)$/i.exec(raw);
  if (matrixTo) {
    const [pathPart, query = ''] = splitOnce(matrixTo[1], '?');
    const segments = pathPart.split('/').map(safeDecode);
    if (segments.some((s) => s === undefined)) return { ok: false, message: msg(str`The link "${raw}" is not correctly encoded.`) };
    const [id, event] = segments as string[];
    if (!id || (id[0] !== '#' && id[0] !== '!')) {
      return { ok: false, message: msg(str`The link "${raw}" does not point to a room (user and event links are not rooms).`) };
    }
    if (event !== undefined && !/^\$[^\s/?#]+$/.test(event)) {
      return { ok: false, message: msg(str`The link "${raw}" has an invalid event part.`) };
    }
    return withQuery(checkIdentifier(id[0] as '#' | '!', id), query, event);
  }

  // matrix: URIs: matrix:r/<alias without #>, matrix:roomid/<id without !>, optional /e/<event without $>.
  if (/^matrix:/i.test(raw)) {
    const [pathPart, query = ''] = splitOnce(raw.slice('matrix:'.length), '?');
    const [withoutFragment] = splitOnce(pathPart, '#');
    const segments = withoutFragment.split('/').map(safeDecode);
    if (segments.some((s) => s === undefined)) return { ok: false, message: msg(str`The URI "${raw}" is not correctly encoded.`) };
    const [kind, id, eKind, event, ...rest] = segments as string[];
    const sigil = kind === 'r' ? '#' : kind === 'roomid' ? '!' : undefined;
    if (!sigil || !id) {
      return { ok: false, message: msg(str`The URI "${raw}" does not point to a room: use matrix:r/room:example.org.`) };
    }
    if (rest.length > 0 || (eKind !== undefined && (eKind !== 'e' || !event || BAD_CHARS.test(event)))) {
      return { ok: false, message: msg(str`The URI "${raw}" has an invalid path after the room.`) };
    }
    return withQuery(checkIdentifier(sigil, sigil + id), query, event ? `$${event}` : undefined);
  }

  return {
    ok: false,
    message: msg(str`"${raw}" is not a room address: use an alias (#room:example.org), a room ID, a matrix.to link or a matrix: URI.`),
  };
}

function splitOnce(s: string, sep: string): [string, string?] {
  const i = s.indexOf(sep);
  return i === -1 ? [s] : [s.slice(0, i), s.slice(i + 1)];
}

/** A `https://matrix.to/#/...` link for an address (for "Open in your Matrix app"). */
export function matrixToLink(address: RoomAddress): string {
  const via = address.kind === 'id' ? address.via.map((v) => `via=${encodeURIComponent(v)}`).join('&') : '';
  return `https://matrix.to/#/${encodeURIComponent(address.value)}${via ? `?${via}` : ''}`;
}
