// Checks the BUILT bundle (dist/): run `npm run build` first (.ci/run does). Its own page, with nothing of src/
// loaded: the page a site owner makes, one script tag and one <matrix-join-button>, measured on the network.
// (Bytes are the bench's and test/build/first-paint-bytes.test.ts's: the test server reformats the files it serves.)
import { expect } from '@open-wc/testing';
import { firstFrameWhere, scriptsRequestedBefore, sourcesOf, unhashedBesideLoader } from '../../helpers/dist-pages.ts';

const BASE = '/test-cdn/v0.1.0/join-page/';

/** Source modules the join button's first paint must not wait for: other elements, the room, sign-in, the session. */
const NOT_BEFORE_PAINT = [
  /^node_modules\/(matrix-js-sdk|dompurify|markdown-it|linkify-it)\//,
  /^src\/components\/(room|login|chat-launcher)\//,
  /^src\/elements\/(room|login|chat-launcher)\.ts$/,
  /^src\/render\/(tiles|sanitize|markdown|linkify)\b/,
  /^src\/session\/(session|sdk|outbox|outbox-delivery|connection|room-model|room-view|timeline|http|error-texts)\.ts$/,
  /^src\/session\/auth\//,
];

describe('dist: a page with one <matrix-join-button>, before its first paint', () => {
  it('fetches only the join button\'s code (no other element, no session, no matrix-js-sdk)', async () => {
    localStorage.clear();
    const probe = await fetch(`${BASE}matrix-embed.js`);
    if (!probe.ok) throw new Error('dist/matrix-embed.js is missing: run `npm run build` before the browser tests');
    const main = globalThis.MATRIX_TEST.homeservers.main;
    const b = document.createElement('matrix-join-button');
    b.setAttribute('room', `#lobby:${main.serverName}`);
    b.setAttribute('homeserver', main.url);
    document.body.append(b);
    await import(`${BASE}matrix-embed.js`);
    // Painted: the room's name and member count in the button (what the bench waits for).
    const painted = await firstFrameWhere(() => /Join\s+Lobby/.test(b.shadowRoot!.textContent ?? '') && /\d+ members?/.test(b.shadowRoot!.textContent ?? ''), 'the join button with name and member count');

    const files = scriptsRequestedBefore(painted, BASE);
    expect(files, 'the loader').to.include('matrix-embed.js');
    expect(unhashedBesideLoader(files), 'beside the loader, only hashed chunks (no revalidation on a repeat visit)').to.deep.equal([]);
    const sources = await sourcesOf(files, BASE);
    expect(sources.filter((s) => s.startsWith('src/elements/')), 'the join button\'s element module, no other').to.deep.equal(['src/elements/join-button.ts']);
    expect(sources, 'the join button itself').to.include('src/components/join-button/join-button.ts');
    expect(sources.filter((s) => NOT_BEFORE_PAINT.some((re) => re.test(s))), 'modules the paint must not wait for').to.deep.equal([]);

    // After the paint the session code follows (the click needs it), still without matrix-js-sdk.
    let after: string[] = [];
    for (const until = performance.now() + 10_000; performance.now() < until; await new Promise((r) => setTimeout(r, 100))) {
      after = await sourcesOf(scriptsRequestedBefore(performance.now(), BASE), BASE);
      if (after.includes('src/session/session.ts')) break;
    }
    expect(after, 'the session code, loaded after the paint').to.include('src/session/session.ts');
    expect(after.filter((s) => s.startsWith('node_modules/matrix-js-sdk/')), 'no matrix-js-sdk without a click').to.deep.equal([]);
    b.remove();
  });
});
