// Checks the BUILT bundle (dist/): run `npm run build` first (.ci/run does). A page with one script tag and one
// <matrix-room>: for a signed-in visitor, the loader preloads the room's model and tiles beside the element's own
// module (their requests start before that module has even arrived). (One loader per page: its first use of the
// tag is the one that preloads, so a signed-out page is another file's: dist-join-button-page's and the others'.)
// Network facts (resource timing, the document's <link>s), not timings.
import { expect } from '@open-wc/testing';
import { registerUser, server } from '../room/helpers.ts';
import { waitUntil } from '../../harnesses/room-harness.ts';
import { fileHolding } from '../../helpers/dist-pages.ts';

const entries = (base: string) => (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => new URL(e.name).pathname.startsWith(base));
const file = (base: string, re: RegExp) => entries(base).find((e) => re.test(new URL(e.name).pathname.slice(base.length)));
const preloads = (base: string) => [...document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].map((l) => new URL(l.href).pathname).filter((p) => p.startsWith(base)).map((p) => p.slice(base.length));

async function openRoom(base: string): Promise<HTMLElement> {
  const probe = await fetch(`${base}matrix-embed.js`);
  if (!probe.ok) throw new Error('dist/matrix-embed.js is missing: run `npm run build` before the browser tests');
  const el = document.createElement('matrix-room');
  el.setAttribute('room', '#nowhere:localhost');
  el.setAttribute('homeserver', server().url);
  document.body.append(el);
  await import(`${base}matrix-embed.js`);
  return el;
}

describe('dist: a page with one <matrix-room>, the loader\'s preloads', () => {
  afterEach(() => {
    for (const el of document.querySelectorAll('matrix-room')) el.remove();
    localStorage.clear();
  });

  it('signed in: the room\'s model and tiles are requested before the element\'s module has arrived', async function () {
    this.timeout(30_000);
    const user = await registerUser();
    localStorage.setItem('matrix-embed:v1:session', JSON.stringify({
      v: 1, homeserverUrl: server().url, userId: user.userId, deviceId: 'DIST', accessToken: user.accessToken, guest: false, auth: 'password',
    }));
    const base = '/test-cdn/v0.1.0/room-signed-in/';
    await openRoom(base);
    const links = preloads(base);
    for (const re of [/^chunks\/room-model-[\w-]+\.js$/, /^chunks\/registry-[\w-]+\.js$/]) expect(links.some((l) => re.test(l)), `${re} preloaded`).to.equal(true);
    const model = await waitUntil(() => file(base, /^chunks\/room-model-/), 'the room model fetched');
    await waitUntil(() => customElements.get('matrix-room'), '<matrix-room> defined');
    const fetched = entries(base).map((e) => new URL(e.name).pathname.slice(base.length)).filter((f) => f.endsWith('.js'));
    const elementFile = await fileHolding(fetched, base, 'src/elements/room.ts');
    const element = file(base, new RegExp(`^${elementFile.replace(/[.$]/g, '\\$&')}$`))!;
    expect(model.startTime, 'asked for beside the element\'s module, not after it ran').to.be.at.most(element.responseEnd);
    // Every preloaded file exists (the build wrote real names).
    for (const l of links) expect((await fetch(`${base}${l}`)).ok, l).to.equal(true);
  });
});
