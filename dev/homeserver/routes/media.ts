/**
 * The content repository: authenticated media (`/_matrix/client/v1/media/*`, spec v1.11+) and the legacy
 * `/_matrix/media/v3/*` routes (upload, config, and the unauthenticated download/thumbnail that servers
 * "freeze"). Headers follow the spec's "Serving inline content" rules and what Synapse actually sends.
 */
import { MatrixError, Reply, errors, type Ctx } from '../http.ts';
import type { Homeserver } from '../homeserver.ts';
import type { MediaItem } from '../store.ts';

/**
 * Largest upload, advertised as `m.upload.size` and enforced as the route's `maxBody` (413 M_TOO_LARGE).
 * Synapse defaults to 50M; bodies are held in memory (and base64 in `--data` files) here, so 10 MiB.
 */
export const MAX_UPLOAD_SIZE = 10 * 1024 * 1024;

/** Media ids: the spec's mxc grammar (`[A-Za-z0-9_-]+`). Anything else can never exist here, so it is 404. */
const MEDIA_ID = /^[A-Za-z0-9_-]+$/;

/**
 * Server names as Synapse's `parse_and_validate_server_name` accepts them: a DNS name or IPv4 address, or a
 * bracketed IPv6 literal, with an optional port.
 */
const SERVER_NAME = /^(?:[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * Content types a browser may render inline (spec v1.12 "Serving inline content", the same list as Synapse's
 * INLINE_CONTENT_TYPES). SVG is intentionally absent: it can carry script.
 */
const INLINE_CONTENT_TYPES = new Set([
  'text/css', 'text/plain', 'text/csv', 'application/json', 'application/ld+json',
  'image/jpeg', 'image/gif', 'image/png', 'image/apng', 'image/webp', 'image/avif',
  'video/mp4', 'video/webm', 'video/ogg', 'video/quicktime',
  'audio/mp4', 'audio/webm', 'audio/aac', 'audio/mpeg', 'audio/ogg', 'audio/wave', 'audio/wav', 'audio/x-wav',
  'audio/x-pn-wav', 'audio/flac', 'audio/x-flac',
]);

/** Text types that get `; charset=UTF-8` when uploaded without a charset (Synapse's TEXT_CONTENT_TYPES). */
const TEXT_CONTENT_TYPES = new Set([
  'text/css', 'text/csv', 'text/html', 'text/calendar', 'text/plain', 'text/javascript', 'application/json',
  'application/ld+json', 'application/rtf', 'image/svg+xml', 'text/xml',
]);

/** The formats the spec allows a thumbnail to have; anything else cannot be "thumbnailed" here. */
const THUMBNAIL_TYPES = new Set(['image/jpeg', 'image/png', 'image/apng', 'image/gif', 'image/webp']);

/**
 * Headers on every media response, as the spec recommends and Synapse sends: a sandboxing CSP so that a
 * media URL opened directly can never run script in the homeserver's origin, and CORP so pages on other
 * origins may embed it.
 */
const MEDIA_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "sandbox; default-src 'none'; script-src 'none'; plugin-types application/pdf; style-src 'unsafe-inline'; media-src 'self'; object-src 'self';",
  'X-Content-Security-Policy': 'sandbox;',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex, nofollow, noarchive, noimageindex',
};

export function register(hs: Homeserver): void {
  const { router, store } = hs;
  const config = () => ({ 'm.upload.size': MAX_UPLOAD_SIZE });

  /**
   * The stored item, or 404 M_NOT_FOUND: unknown id, malformed id, another server's media (no federation
   * here), or, on the unauthenticated routes of a server with `--no-legacy-media`, any media at all: every item
   * then counts as uploaded after the "freeze" (MSC3916), and Synapse with `enable_authenticated_media`
   * answers those with a bare 404 M_NOT_FOUND "Not found", after checking that the media exists.
   */
  const lookup = (ctx: Ctx, authenticated: boolean): MediaItem => {
    const { serverName, mediaId } = ctx.params;
    // Synapse lets a malformed server name escape as a ValueError (a 500); a client error is what it means.
    if (!SERVER_NAME.test(serverName)) throw errors.invalidParam(`Invalid server name '${serverName}'`);
    if (serverName !== hs.serverName || !MEDIA_ID.test(mediaId) || !Object.hasOwn(store.data.media, mediaId)) {
      throw notFound(ctx);
    }
    if (!authenticated && !hs.options.legacyMedia) throw errors.notFound('Not found');
    return store.data.media[mediaId];
  };

  const download = (ctx: Ctx, authenticated: boolean): Reply => {
    const item = lookup(ctx, authenticated);
    // The optional last segment overrides the file name given at upload.
    const name = ctx.params.fileName || item.filename;
    const bytes = Buffer.from(item.data, 'base64');
    return new Reply(200, bytes, fileHeaders(item.contentType, bytes.length, name));
  };

  /**
   * There is no image library in this project (and none may be downloaded), so no pixels are scaled: an image
   * in a thumbnail format is served as its own thumbnail. The spec allows a thumbnail larger than asked for
   * ("The actual thumbnail may be larger than the size specified"), so this is conformant, merely wasteful; a
   * real server scales. Parameters are still validated exactly as Synapse does.
   */
  const thumbnail = (ctx: Ctx, authenticated: boolean): Reply => {
    intParam(ctx, 'width');
    intParam(ctx, 'height');
    // Synapse reads `method` with no allowed values and treats anything but "crop" like "scale"; so do we.
    const item = lookup(ctx, authenticated);
    const type = baseType(item.contentType);
    if (!THUMBNAIL_TYPES.has(type)) {
      // What Synapse answers (without dynamic thumbnails) for media it has no thumbnail of.
      throw new MatrixError(400, 'M_UNKNOWN', 'Cannot find any thumbnails for the requested media.');
    }
    const bytes = Buffer.from(item.data, 'base64');
    // A thumbnail is always inline (spec v1.12) and named like one.
    const ext = type.split('/')[1];
    return new Reply(200, bytes, {
      ...fileHeaders(type, bytes.length, undefined),
      'Content-Disposition': `inline; filename=thumbnail.${ext}`,
    });
  };

  // --- authenticated media (spec v1.11): a token is required, guests allowed for download and thumbnail ---

  // Synapse's MediaConfigResource calls get_user_by_req without allow_guest, so guests get 403 here.
  router.add('GET', '/_matrix/client/v1/media/config', (ctx) => {
    hs.requireAuth(ctx);
    return config();
  });
  for (const path of [
    '/_matrix/client/v1/media/download/:serverName/:mediaId',
    '/_matrix/client/v1/media/download/:serverName/:mediaId/:fileName',
  ]) {
    router.add('GET', path, (ctx) => {
      hs.requireAuth(ctx, { guests: true });
      return download(ctx, true);
    });
  }
  router.add('GET', '/_matrix/client/v1/media/thumbnail/:serverName/:mediaId', (ctx) => {
    hs.requireAuth(ctx, { guests: true });
    return thumbnail(ctx, true);
  });

  // --- legacy content repository (deprecated in v1.11, still served by Synapse under r0 and v3) ---

  for (const version of ['v3', 'r0']) {
    const base = `/_matrix/media/${version}`;

    router.add(
      'POST',
      `${base}/upload`,
      async (ctx) => {
        // Synapse: get_user_by_req without allow_guest, so guests may not upload.
        const who = hs.requireAuth(ctx);
        // Synapse refuses uploads without a Content-Length (so it can check the size before reading).
        const declared = ctx.header('content-length');
        if (declared === undefined) throw new MatrixError(400, 'M_UNKNOWN', 'Request must specify a Content-Length');
        if (!/^\d+$/.test(declared)) throw new MatrixError(400, 'M_UNKNOWN', 'Content-Length value is invalid');
        if (Number(declared) > MAX_UPLOAD_SIZE) throw errors.tooLarge('Upload request body is too large');
        const bytes = await ctx.body();
        const filename = ctx.query.get('filename') || undefined;
        const mediaId = store.newId('', 18);
        store.data.media[mediaId] = {
          mediaId,
          contentType: ctx.header('content-type') || 'application/octet-stream',
          filename,
          data: bytes.toString('base64'),
          uploader: who.userId,
          createdAt: Date.now(),
        };
        store.changed();
        return { content_uri: `mxc://${hs.serverName}/${mediaId}` };
      },
      { maxBody: MAX_UPLOAD_SIZE },
    );

    router.add('GET', `${base}/config`, (ctx) => {
      hs.requireAuth(ctx);
      return config();
    });

    // Unauthenticated: Synapse's legacy servlets never look at a token (see `lookup` for --no-legacy-media).
    router.add('GET', `${base}/download/:serverName/:mediaId`, (ctx) => download(ctx, false));
    router.add('GET', `${base}/download/:serverName/:mediaId/:fileName`, (ctx) => download(ctx, false));
    router.add('GET', `${base}/thumbnail/:serverName/:mediaId`, (ctx) => thumbnail(ctx, false));
  }
}

/** Synapse's 404 for media: `Not found '<path>'`. */
function notFound(ctx: Ctx): MatrixError {
  return errors.notFound(`Not found '${ctx.url.pathname}'`);
}

function baseType(contentType: string): string {
  return contentType.split(';', 1)[0].trim().toLowerCase();
}

/** A required non-negative integer query parameter, with Synapse's errors (parse_integer). */
function intParam(ctx: Ctx, name: string): number {
  const raw = ctx.query.get(name);
  if (raw === null) throw new MatrixError(400, 'M_MISSING_PARAM', `Missing integer query parameter '${name}'`);
  if (!/^[+-]?\d+$/.test(raw.trim())) throw errors.invalidParam(`Query parameter '${name}' must be an integer`);
  const value = Number(raw);
  if (value < 0) throw errors.invalidParam(`Query parameter '${name}' must be a positive integer`);
  return value;
}

/** Content-Type, Content-Disposition, Content-Length and caching, as Synapse's add_file_headers writes them. */
function fileHeaders(contentType: string, length: number, filename: string | undefined): Record<string, string> {
  const type = baseType(contentType);
  let disposition = INLINE_CONTENT_TYPES.has(type) ? 'inline' : 'attachment';
  if (filename) {
    // RFC 6266: a plain token when the name is one, otherwise the RFC 5987 `filename*` form.
    disposition += isToken(filename)
      ? `; filename=${filename}`
      : `; filename*=utf-8''${encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
  }
  return {
    ...MEDIA_HEADERS,
    'Content-Type': TEXT_CONTENT_TYPES.has(contentType.trim().toLowerCase()) ? `${contentType}; charset=UTF-8` : contentType,
    'Content-Disposition': disposition,
    'Content-Length': String(length),
    'Cache-Control': 'public,max-age=86400,s-maxage=86400',
  };
}

/** An RFC 2616 token: US-ASCII without controls, space or separators. */
function isToken(s: string): boolean {
  return /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(s);
}
