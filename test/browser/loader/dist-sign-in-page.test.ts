// Checks the BUILT bundle (dist/): run `npm run build` first (.ci/run does). Its own page, with nothing of src/
// loaded: one script tag and one <matrix-login>, measured on the network.
import { expect } from '@open-wc/testing';
import { firstFrameWhere, scriptsRequestedBefore, sourcesOf, unhashedBesideLoader } from '../../helpers/dist-pages.ts';

const BASE = '/test-cdn/v0.1.0/sign-in-page/';

/** Source modules the sign-in form must not wait for: room code, the summary, other elements, matrix-js-sdk. */
const NOT_BEFORE_FORM = [
  /^node_modules\/(matrix-js-sdk|dompurify|markdown-it|linkify-it)\//,
  /^src\/components\/(room|join-button|chat-launcher)\//,
  /^src\/elements\/(room|join-button|chat-launcher)\.ts$/,
  /^src\/render\/(tiles|sanitize|markdown|linkify|media)\b/,
  // (session/sdk.ts, the SDK's lazy loader, comes with the session; the SDK itself must not.)
  /^src\/session\/(room-model|room-view|timeline|summary|join|unread)\.ts$/,
  /^src\/session\/sdk-shims\//,
];

describe('dist: a page with one <matrix-login>, before the form shows', () => {
  it('fetches the sign-in form\'s code only: no room code, no other element, no matrix-js-sdk', async () => {
    localStorage.clear();
    const probe = await fetch(`${BASE}matrix-embed.js`);
    if (!probe.ok) throw new Error('dist/matrix-embed.js is missing: run `npm run build` before the browser tests');
    const el = document.createElement('matrix-login');
    el.setAttribute('homeserver', globalThis.MATRIX_TEST.homeservers.main.url);
    document.body.append(el);
    await import(`${BASE}matrix-embed.js`);
    // Shown: a labelled user name field and the "Sign in" button.
    const shown = await firstFrameWhere(() => {
      const root = el.shadowRoot!;
      const labels = [...root.querySelectorAll('label')].map((l) => l.textContent ?? '');
      const buttons = [...root.querySelectorAll('button')].map((b) => (b.textContent ?? '').trim());
      return labels.some((l) => /Username/.test(l)) && buttons.includes('Sign in');
    }, 'the sign-in form');

    const files = scriptsRequestedBefore(shown, BASE);
    expect(files, 'the loader').to.include('matrix-embed.js');
    expect(unhashedBesideLoader(files), 'beside the loader, only hashed chunks (no revalidation on a repeat visit)').to.deep.equal([]);
    const sources = await sourcesOf(files, BASE);
    expect(sources.filter((s) => s.startsWith('src/elements/')), 'the sign-in form\'s element module, no other').to.deep.equal(['src/elements/login.ts']);
    expect(sources, 'the form itself').to.include('src/components/login/login.ts');
    expect(sources.filter((s) => NOT_BEFORE_FORM.some((re) => re.test(s))).join(', '), 'modules the form must not wait for').to.equal('');
    el.remove();
  });
});
