// The media blob cache against the real local homeserver: bounded (least recently used go beyond 200 entries
// or 50 MB, their blob URLs revoked), and emptied on sign-out and on a hard logout, kept on a soft logout.
import { expect } from '@open-wc/testing';
import { fetchMedia, mediaCacheSize, mediaThumbnailUrl, MEDIA_CACHE_LIMITS, parseMxc, revokeAllMedia } from '../../../src/render/media.ts';
import { forgetMediaOnSignOut } from '../../../src/internal/forget-media-on-sign-out.ts';
import { getSession } from '../../../src/session/get-session.ts';
import { createUser, dev, resetPageSession, servers, stored, until } from './helpers.ts';

const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

/** Whether a blob URL still serves its content (a revoked one makes fetch fail). */
async function alive(blobUrl: string): Promise<boolean> {
  try {
    await (await fetch(blobUrl)).arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

async function upload(token: string, body: Uint8Array): Promise<string> {
  const res = await fetch(`${servers().main.url}/_matrix/media/v3/upload`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'image/png' },
    body: new Blob([body as Uint8Array<ArrayBuffer>]),
  });
  return (await res.json()).content_uri;
}

/** The thumbnail URL of `mxc` at width `w`: a distinct cache entry per width. */
const thumb = (mxc: string, w: number) =>
  mediaThumbnailUrl({ homeserverUrl: servers().main.url, authenticated: true }, parseMxc(mxc)!, { width: w, height: w });

describe('media blob cache', function () {
  this.timeout(60000);
  let token: string;
  beforeEach(async () => {
    resetPageSession();
    revokeAllMedia();
    const u = await createUser(servers().main);
    await getSession().signIn({ username: u.username, password: u.password, homeserver: servers().main.url });
    token = stored().accessToken;
  });
  afterEach(() => {
    revokeAllMedia();
    resetPageSession();
  });

  const load = (url: string) => fetchMedia(url, { homeserverUrl: servers().main.url, accessToken: token });

  it(`keeps at most ${MEDIA_CACHE_LIMITS.entries} entries, revoking the least recently used`, async () => {
    const mxc = await upload(token, PNG);
    const first = await load(thumb(mxc, 1));
    const second = await load(thumb(mxc, 2));
    for (let w = 3; w <= MEDIA_CACHE_LIMITS.entries; w += 25) {
      await Promise.all(Array.from({ length: Math.min(25, MEDIA_CACHE_LIMITS.entries + 1 - w) }, (_, i) => load(thumb(mxc, w + i))));
    }
    expect(mediaCacheSize().entries).to.equal(MEDIA_CACHE_LIMITS.entries);
    expect(await load(thumb(mxc, 1)), 'a hit makes the first the most recently used').to.equal(first);
    await load(thumb(mxc, MEDIA_CACHE_LIMITS.entries + 1));
    expect(mediaCacheSize().entries).to.equal(MEDIA_CACHE_LIMITS.entries);
    expect(await alive(second), 'the least recently used is revoked').to.equal(false);
    expect(await alive(first)).to.equal(true);
    expect(await load(thumb(mxc, 2)), 'and fetched again when needed').to.not.equal(second);
  });

  it(`keeps at most ${MEDIA_CACHE_LIMITS.bytes / 1e6} MB`, async () => {
    const big = new Uint8Array(2_200_000);
    big.set(PNG);
    const mxc = await upload(token, big);
    const urls: string[] = [];
    for (let w = 1; w <= 23; w++) urls.push(await load(thumb(mxc, w)));
    const { entries, bytes } = mediaCacheSize();
    expect(bytes).to.be.at.most(MEDIA_CACHE_LIMITS.bytes);
    expect(entries).to.equal(22);
    expect(await alive(urls[0])).to.equal(false);
    expect(await alive(urls[22])).to.equal(true);
  });

  it('sign-out revokes every cached blob URL', async () => {
    const s = getSession();
    forgetMediaOnSignOut(s);
    const url = await load(thumb(await upload(token, PNG), 64));
    expect(await alive(url)).to.equal(true);
    await s.signOut();
    expect(await alive(url)).to.equal(false);
    expect(mediaCacheSize()).to.deep.equal({ entries: 0, bytes: 0 });
  });

  it('a hard logout revokes them; a soft logout keeps them', async () => {
    const s = getSession();
    forgetMediaOnSignOut(s);
    const mxc = await upload(token, PNG);
    const url = await load(thumb(mxc, 64));
    await dev(servers().main, 'expire-tokens', { accessToken: token });
    await s.authedFetch('/_matrix/client/v3/account/whoami').catch(() => undefined);
    await until(() => s.status === 'soft-logout' || s.status === 'signed-in', 'the soft logout (or a refresh)');
    expect(await alive(url), 'soft logout: same user, local state kept').to.equal(true);

    resetPageSession();
    const u = await createUser(servers().main);
    const s2 = getSession();
    forgetMediaOnSignOut(s2);
    await s2.signIn({ username: u.username, password: u.password, homeserver: servers().main.url });
    token = stored().accessToken;
    const url2 = await load(thumb(mxc, 32));
    await dev(servers().main, 'delete-tokens', { accessToken: token });
    await s2.authedFetch('/_matrix/client/v3/account/whoami').catch(() => undefined);
    await until(() => s2.status === 'signed-out', 'the hard logout');
    expect(await alive(url2)).to.equal(false);
    expect(await alive(url), 'every account\'s media goes').to.equal(false);
  });
});
