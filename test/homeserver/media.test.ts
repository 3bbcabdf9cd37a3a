import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAX_UPLOAD_SIZE } from '../../dev/homeserver/routes/media.ts';
import { api, assertError, start, type RunningHomeserver } from './helpers.ts';

/** A user (or guest) made directly in the store, with an access token: media tests need no /register. */
function makeUser(server: RunningHomeserver, localpart: string, guest = false): string {
  const { store } = server.hs;
  const userId = store.userId(localpart);
  store.data.users[userId] = { userId, localpart, guest, createdAt: Date.now() };
  return store.issueToken(userId).accessToken;
}

// A real 1x1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

async function upload(
  server: RunningHomeserver,
  token: string | undefined,
  bytes: Buffer,
  contentType: string | undefined,
  filename?: string,
) {
  const query = filename === undefined ? '' : `?filename=${encodeURIComponent(filename)}`;
  const headers: Record<string, string> = {};
  if (contentType) headers['Content-Type'] = contentType;
  return api(server, 'POST', `/_matrix/media/v3/upload${query}`, { token, body: new Uint8Array(bytes), headers });
}

async function raw(server: RunningHomeserver, path: string, token?: string) {
  const res = await fetch(server.url + path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('media', () => {
  let hs: RunningHomeserver;
  let token: string;
  let guestToken: string;
  let pngUri: string;
  before(async () => {
    hs = await start();
    token = makeUser(hs, 'alice');
    guestToken = makeUser(hs, 'guest1', true);
    const up = await upload(hs, token, PNG, 'image/png', 'dot.png');
    assert.equal(up.status, 200, JSON.stringify(up.body));
    pngUri = up.body.content_uri;
  });
  after(() => hs.close());

  const idOf = (uri: string) => uri.slice(`mxc://${hs.serverName}/`.length);

  it('uploads through the legacy route and returns an mxc URI on this server', async () => {
    assert.match(pngUri, new RegExp(`^mxc://${hs.serverName}/[A-Za-z0-9_-]+$`));
    const stored = hs.hs.store.data.media[idOf(pngUri)];
    assert.equal(stored.contentType, 'image/png');
    assert.equal(stored.filename, 'dot.png');
    assert.equal(stored.uploader, '@alice:localhost');
  });

  it('advertises m.upload.size on both config routes, with a token', async () => {
    for (const path of ['/_matrix/client/v1/media/config', '/_matrix/media/v3/config']) {
      const res = await api(hs, 'GET', path, { token });
      assert.equal(res.status, 200);
      assert.equal(res.body['m.upload.size'], MAX_UPLOAD_SIZE);
      assertError(await api(hs, 'GET', path), 401, 'M_MISSING_TOKEN');
      // Synapse's config servlets do not allow guests.
      assertError(await api(hs, 'GET', path, { token: guestToken }), 403, 'M_GUEST_ACCESS_FORBIDDEN');
    }
  });

  it('refuses uploads without a token, from guests, and with an unknown token', async () => {
    assertError(await upload(hs, undefined, PNG, 'image/png'), 401, 'M_MISSING_TOKEN');
    assertError(await upload(hs, 'mat_nope', PNG, 'image/png'), 401, 'M_UNKNOWN_TOKEN');
    assertError(await upload(hs, guestToken, PNG, 'image/png'), 403, 'M_GUEST_ACCESS_FORBIDDEN');
  });

  it('answers 413 M_TOO_LARGE above m.upload.size and accepts exactly m.upload.size', async () => {
    assertError(await upload(hs, token, Buffer.alloc(MAX_UPLOAD_SIZE + 1), 'application/octet-stream'), 413, 'M_TOO_LARGE');
    const ok = await upload(hs, token, Buffer.alloc(MAX_UPLOAD_SIZE, 7), 'application/octet-stream');
    assert.equal(ok.status, 200);
    const { res, bytes } = await raw(hs, `/_matrix/client/v1/media/download/${hs.serverName}/${idOf(ok.body.content_uri)}`, token);
    assert.equal(res.status, 200);
    assert.equal(bytes.length, MAX_UPLOAD_SIZE);
    assert.equal(bytes[MAX_UPLOAD_SIZE - 1], 7);
  });

  it('downloads with a token (guests too) and refuses without one', async () => {
    const path = `/_matrix/client/v1/media/download/${hs.serverName}/${idOf(pngUri)}`;
    for (const t of [token, guestToken]) {
      const { res, bytes } = await raw(hs, path, t);
      assert.equal(res.status, 200);
      assert.deepEqual(bytes, PNG);
      assert.equal(res.headers.get('content-type'), 'image/png');
      assert.equal(res.headers.get('content-length'), String(PNG.length));
      assert.equal(res.headers.get('content-disposition'), 'inline; filename=dot.png');
      assert.match(res.headers.get('content-security-policy') ?? '', /^sandbox; default-src 'none'/);
      assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
    }
    assertError(await api(hs, 'GET', path), 401, 'M_MISSING_TOKEN');
    assertError(await api(hs, 'GET', path, { token: 'mat_nope' }), 401, 'M_UNKNOWN_TOKEN');
  });

  it('serves HEAD with the headers and no body', async () => {
    const res = await fetch(`${hs.url}/_matrix/client/v1/media/download/${hs.serverName}/${idOf(pngUri)}`, {
      method: 'HEAD',
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-length'), String(PNG.length));
    assert.equal((await res.arrayBuffer()).byteLength, 0);
  });

  it('uses the file name from the path, and attachment for types that are not safe inline', async () => {
    const html = await upload(hs, token, Buffer.from('<script>alert(1)</script>'), 'text/html', 'évil page.html');
    const svg = await upload(hs, token, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml');
    const bare = await upload(hs, token, Buffer.from('hello'), undefined);
    const text = await upload(hs, token, Buffer.from('hello'), 'text/plain');

    let r = await raw(hs, `/_matrix/client/v1/media/download/${hs.serverName}/${idOf(html.body.content_uri)}`, token);
    assert.equal(r.res.headers.get('content-type'), 'text/html; charset=UTF-8');
    // Not a token (space, non-ASCII): the RFC 5987 form, as Synapse writes it.
    assert.equal(r.res.headers.get('content-disposition'), "attachment; filename*=utf-8''%C3%A9vil%20page.html");
    assert.match(r.res.headers.get('content-security-policy') ?? '', /sandbox/);

    r = await raw(hs, `/_matrix/client/v1/media/download/${hs.serverName}/${idOf(svg.body.content_uri)}`, token);
    assert.equal(r.res.headers.get('content-disposition'), 'attachment');

    r = await raw(hs, `/_matrix/client/v1/media/download/${hs.serverName}/${idOf(bare.body.content_uri)}`, token);
    assert.equal(r.res.headers.get('content-type'), 'application/octet-stream');
    assert.equal(r.res.headers.get('content-disposition'), 'attachment');

    r = await raw(hs, `/_matrix/client/v1/media/download/${hs.serverName}/${idOf(text.body.content_uri)}/notes.txt`, token);
    assert.equal(r.res.headers.get('content-type'), 'text/plain; charset=UTF-8');
    assert.equal(r.res.headers.get('content-disposition'), 'inline; filename=notes.txt');
    assert.equal(r.bytes.toString(), 'hello');
  });

  it('answers 404 M_NOT_FOUND for unknown, malformed and other servers\' media ids, 400 for a bad server name', async () => {
    const base = '/_matrix/client/v1/media/download';
    assertError(await api(hs, 'GET', `${base}/${hs.serverName}/doesNotExist`, { token }), 404, 'M_NOT_FOUND');
    assertError(await api(hs, 'GET', `${base}/${hs.serverName}/..%2F..%2Fetc`, { token }), 404, 'M_NOT_FOUND');
    assertError(await api(hs, 'GET', `${base}/${hs.serverName}/__proto__`, { token }), 404, 'M_NOT_FOUND');
    assertError(await api(hs, 'GET', `${base}/${hs.serverName}/constructor`, { token }), 404, 'M_NOT_FOUND');
    assertError(await api(hs, 'GET', `${base}/other.example/${idOf(pngUri)}`, { token }), 404, 'M_NOT_FOUND');
    assertError(await api(hs, 'GET', `${base}/bad%20host/${idOf(pngUri)}`, { token }), 400, 'M_INVALID_PARAM');
    assertError(await api(hs, 'GET', `/_matrix/media/v3/download/${hs.serverName}/nope`), 404, 'M_NOT_FOUND');
  });

  it('serves images as their own thumbnail, validating width and height as Synapse does', async () => {
    const path = `/_matrix/client/v1/media/thumbnail/${hs.serverName}/${idOf(pngUri)}`;
    const { res, bytes } = await raw(hs, `${path}?width=32&height=32&method=crop`, token);
    assert.equal(res.status, 200);
    assert.deepEqual(bytes, PNG);
    assert.equal(res.headers.get('content-type'), 'image/png');
    assert.equal(res.headers.get('content-disposition'), 'inline; filename=thumbnail.png');
    assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assertError(await api(hs, 'GET', `${path}?width=32&height=32`), 401, 'M_MISSING_TOKEN');
    assertError(await api(hs, 'GET', `${path}?height=32`, { token }), 400, 'M_MISSING_PARAM');
    assertError(await api(hs, 'GET', `${path}?width=32`, { token }), 400, 'M_MISSING_PARAM');
    assertError(await api(hs, 'GET', `${path}?width=abc&height=32`, { token }), 400, 'M_INVALID_PARAM');
    assertError(await api(hs, 'GET', `${path}?width=-5&height=32`, { token }), 400, 'M_INVALID_PARAM');
    assertError(await api(hs, 'GET', `${path}?width=1.5&height=32`, { token }), 400, 'M_INVALID_PARAM');
    const guest = await raw(hs, `${path}?width=32&height=32`, guestToken);
    assert.equal(guest.res.status, 200);
  });

  it('cannot thumbnail media that is not an image (400, as Synapse without dynamic thumbnails)', async () => {
    const text = await upload(hs, token, Buffer.from('hello'), 'text/plain');
    const path = `/_matrix/client/v1/media/thumbnail/${hs.serverName}/${idOf(text.body.content_uri)}?width=32&height=32`;
    assertError(await api(hs, 'GET', path, { token }), 400, 'M_UNKNOWN');
  });

  it('serves legacy unauthenticated download and thumbnail when legacy media is on', async () => {
    const dl = await raw(hs, `/_matrix/media/v3/download/${hs.serverName}/${idOf(pngUri)}`);
    assert.equal(dl.res.status, 200);
    assert.deepEqual(dl.bytes, PNG);
    assert.equal(dl.res.headers.get('content-disposition'), 'inline; filename=dot.png');
    const named = await raw(hs, `/_matrix/media/r0/download/${hs.serverName}/${idOf(pngUri)}/other.png`);
    assert.equal(named.res.headers.get('content-disposition'), 'inline; filename=other.png');
    const th = await raw(hs, `/_matrix/media/v3/thumbnail/${hs.serverName}/${idOf(pngUri)}?width=8&height=8&method=scale`);
    assert.equal(th.res.status, 200);
    assert.deepEqual(th.bytes, PNG);
  });

  it('answers 404 M_NOT_FOUND on legacy download/thumbnail when legacy media is frozen, authenticated still works', async () => {
    const frozen = await start({ legacyMedia: false });
    try {
      const t = makeUser(frozen, 'bob');
      const up = await upload(frozen, t, PNG, 'image/png');
      assert.equal(up.status, 200);
      const id = idOf(up.body.content_uri);
      const dl = await api(frozen, 'GET', `/_matrix/media/v3/download/${frozen.serverName}/${id}`);
      assertError(dl, 404, 'M_NOT_FOUND');
      assert.equal(dl.body.error, 'Not found');
      // A token changes nothing on the legacy routes.
      assertError(await api(frozen, 'GET', `/_matrix/media/v3/download/${frozen.serverName}/${id}`, { token: t }), 404, 'M_NOT_FOUND');
      assertError(
        await api(frozen, 'GET', `/_matrix/media/v3/thumbnail/${frozen.serverName}/${id}?width=8&height=8`),
        404,
        'M_NOT_FOUND',
      );
      const ok = await raw(frozen, `/_matrix/client/v1/media/download/${frozen.serverName}/${id}`, t);
      assert.equal(ok.res.status, 200);
      assert.deepEqual(ok.bytes, PNG);
    } finally {
      await frozen.close();
    }
  });

  it('refuses uploads without a Content-Length, as Synapse does', async () => {
    const res = await fetch(`${hs.url}/_matrix/media/v3/upload`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain' },
      body: new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode('streamed'));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    assert.equal(res.status, 400);
    assert.equal((await res.json()).errcode, 'M_UNKNOWN');
  });
});
