import { expect } from '@open-wc/testing';
import { createMediaResolver, fetchMedia, isValidServerName, mediaDownloadUrl, mediaThumbnailUrl, parseMxc, revokeAllMedia } from './media.ts';
import { formatFileSize } from './tiles/media-tiles.ts';

const HS = 'https://matrix.example.org';

/** A fetch stub that records what it was asked and answers with a small image. */
function stubFetch(type = 'image/png') {
  const calls: { url: string; init?: RequestInit }[] = [];
  const impl = (async (url: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(url), init });
    return new Response(new Blob([new Uint8Array([1, 2, 3])], { type }), { status: 200 });
  }) as typeof fetch;
  return { calls, impl };
}

describe('parseMxc', () => {
  it('accepts valid content URIs', () => {
    expect(parseMxc('mxc://example.org/abc_DEF-123')).to.deep.equal({ serverName: 'example.org', mediaId: 'abc_DEF-123' });
    expect(parseMxc('mxc://localhost:8448/a')).to.deep.equal({ serverName: 'localhost:8448', mediaId: 'a' });
    expect(parseMxc('mxc://1.2.3.4/a')?.serverName).to.equal('1.2.3.4');
    expect(parseMxc('mxc://[::1]:80/a')?.serverName).to.equal('[::1]:80');
  });

  it('rejects traversal and anything off the grammar (CVE-2024-50336)', () => {
    for (const bad of ['mxc://server/../x', 'mxc://../x', 'mxc://./x', 'mxc://a..b/x', 'mxc://server/a/b', 'mxc://server/a%2F..',
      'mxc://server/a?x=1', 'mxc://server/a#f', 'mxc://server/', 'mxc:///a', 'mxc://se rver/a', 'mxc://server:99999/a',
      'mxc://server:/a', 'mxc://user@server/a', 'mxc://256.1.1.1/a', 'mxc://[zz]/a', 'https://server/a', 'MXC://server/a',
      'mxc://server/a.b', 'mxc://server/\u202Ea', 42, null]) {
      expect(parseMxc(bad), String(bad)).to.equal(null);
    }
    expect(isValidServerName('-evil.org')).to.equal(false);
  });
});

describe('media URLs', () => {
  const mxc = { serverName: 'example.org', mediaId: 'abc' };
  it('builds authenticated and legacy download URLs', () => {
    expect(mediaDownloadUrl({ homeserverUrl: HS, authenticated: true }, mxc)).to.equal(`${HS}/_matrix/client/v1/media/download/example.org/abc`);
    expect(mediaDownloadUrl({ homeserverUrl: `${HS}/`, authenticated: false }, mxc)).to.equal(`${HS}/_matrix/media/v3/download/example.org/abc?allow_redirect=true`);
  });
  it('builds thumbnail URLs with clamped sizes', () => {
    expect(mediaThumbnailUrl({ homeserverUrl: HS, authenticated: true }, mxc, { width: 99999, height: 0.2, method: 'crop' }))
      .to.equal(`${HS}/_matrix/client/v1/media/thumbnail/example.org/abc?width=1600&height=1&method=crop`);
  });
  it('refuses hand-built invalid parts', () => {
    expect(() => mediaDownloadUrl({ homeserverUrl: HS, authenticated: true }, { serverName: '..', mediaId: 'x' })).to.throw(TypeError);
    expect(() => mediaDownloadUrl({ homeserverUrl: HS, authenticated: true }, { serverName: 'a.org', mediaId: '../x' })).to.throw(TypeError);
  });
  it('formats sizes', () => {
    expect(formatFileSize(512)).to.equal('512 B');
    expect(formatFileSize(1500)).to.equal('1.5 KB');
    expect(formatFileSize(12_345_678)).to.equal('12 MB');
    expect(formatFileSize(-1)).to.equal('');
  });
});

describe('fetchMedia', () => {
  afterEach(() => revokeAllMedia());

  it('sends the token only in the Authorization header to the homeserver origin, and caches', async () => {
    const { calls, impl } = stubFetch();
    const url = `${HS}/_matrix/client/v1/media/download/example.org/abc`;
    const [a, b] = await Promise.all([
      fetchMedia(url, { homeserverUrl: HS, accessToken: 'secret', fetch: impl }),
      fetchMedia(url, { homeserverUrl: HS, accessToken: 'secret', fetch: impl }),
    ]);
    expect(a).to.match(/^blob:/);
    expect(b).to.equal(a);
    expect(calls.length).to.equal(1);
    expect((calls[0].init!.headers as Record<string, string>).Authorization).to.equal('Bearer secret');
    expect(calls[0].url).not.to.contain('secret');
    expect(calls[0].init!.credentials).to.equal('omit');
  });

  it('never contacts, let alone authenticates to, a foreign origin', async () => {
    const { calls, impl } = stubFetch();
    for (const url of ['https://evil.example/_matrix/client/v1/media/download/a/b', 'http://matrix.example.org/x',
      'https://matrix.example.org:8443/x', 'https://matrix.example.org.evil.example/x', 'https://user:pw@matrix.example.org/x']) {
      let error: unknown;
      try {
        await fetchMedia(url, { homeserverUrl: HS, accessToken: 'secret', fetch: impl });
      } catch (e) {
        error = e;
      }
      expect(error, url).to.be.instanceOf(Error);
      expect(String(error)).not.to.contain('secret');
    }
    expect(calls).to.deep.equal([]);
  });

  it('serves unsafe types (HTML, SVG) as octet-stream blobs', async () => {
    const { impl } = stubFetch('text/html');
    const url = await fetchMedia(`${HS}/_matrix/client/v1/media/download/example.org/html`, { homeserverUrl: HS, fetch: impl });
    const blob = await (await fetch(url)).blob();
    expect(blob.type).to.equal('application/octet-stream');
  });

  it('rejects on HTTP errors and does not cache the failure', async () => {
    let status = 404;
    const impl = (async () => new Response('no', { status })) as typeof fetch;
    const url = `${HS}/_matrix/client/v1/media/download/example.org/flaky`;
    let failed = false;
    try {
      await fetchMedia(url, { homeserverUrl: HS, fetch: impl });
    } catch {
      failed = true;
    }
    expect(failed).to.equal(true);
    status = 200;
    expect(await fetchMedia(url, { homeserverUrl: HS, fetch: impl })).to.match(/^blob:/);
  });

  it('createMediaResolver: token for authenticated media only', async () => {
    const { calls, impl } = stubFetch();
    const mxc = { serverName: 'example.org', mediaId: 'res' };
    await createMediaResolver({ homeserverUrl: HS, authenticated: true }, () => ({ accessToken: 't1' }), impl)(mxc, { thumbnail: { width: 64, height: 64 } });
    await createMediaResolver({ homeserverUrl: HS, authenticated: false }, () => ({ accessToken: 't2' }), impl)(mxc);
    expect(calls[0].url).to.contain('/_matrix/client/v1/media/thumbnail/example.org/res?width=64');
    expect((calls[0].init!.headers as Record<string, string>).Authorization).to.equal('Bearer t1');
    expect(calls[1].url).to.contain('/_matrix/media/v3/download/example.org/res');
    expect((calls[1].init!.headers as Record<string, string>).Authorization).to.equal(undefined);
  });
});
