// Checks the BUILT bundle (dist/), which only `npm run build` writes: run it first (.ci/run does, before
// `npm test`). Everything else tests src/. Served under a path of its own (web-test-runner.config.mjs maps
// /test-cdn/<a>/<b>/ to dist/), so a chunk fetched from /dist/ itself would mean a path was not relative.
import { expect } from '@open-wc/testing';
import { watchResources } from '../../helpers/resources.ts';
import { sourcesOf, unhashedBesideLoader } from '../../helpers/dist-pages.ts';
import { server } from '../join-button/helpers.ts';
// The source styles only (no element is defined by these modules): compared with what the built element adopts.
import { sharedStyles } from '../../../src/styles/shared.ts';
import { joinButtonStyles } from '../../../src/components/join-button/join-button.styles.ts';

const seen = watchResources();
const BASE = '/test-cdn/v0.1.0/matrix-embed/';

describe('dist/matrix-embed.js from any path', () => {
  it('imports each element\'s module and chunks relative to its own URL', async () => {
    const probe = await fetch(`${BASE}matrix-embed.js`);
    if (!probe.ok) throw new Error('dist/matrix-embed.js is missing: run `npm run build` before the browser tests');
    const loader = (await import(`${BASE}matrix-embed.js`)) as { allDefined(): Promise<void> };
    const main = server('main');
    const b = document.createElement('matrix-join-button');
    b.setAttribute('room', `#lobby:${main.serverName}`);
    b.setAttribute('homeserver', main.url);
    document.body.append(b);
    await loader.allDefined();
    expect(customElements.get('matrix-join-button')).to.be.a('function');

    const paths = seen().map((u) => new URL(u).pathname).filter((p) => p.endsWith('.js'));
    const files = paths.filter((p) => p.startsWith(BASE)).map((p) => p.slice(BASE.length));
    expect(unhashedBesideLoader(files), 'beside the loader, only hashed chunks').to.deep.equal([]);
    expect((await sourcesOf(files, BASE)).filter((s) => s.startsWith('src/elements/')), 'the join button\'s element module').to.deep.equal(['src/elements/join-button.ts']);
    expect(paths.some((p) => p.startsWith(`${BASE}chunks/core-`)), 'the shared core chunk, beside the loader').to.equal(true);
    expect(paths.filter((p) => p.startsWith('/dist/')), 'nothing from another path').to.deep.equal([]);
    b.remove();
  });

  it('ships the same CSS rules as the source: the build minifies styles without changing them', async () => {
    // rollup.config.mjs squeezes the css`` templates; the browser's own parser says whether a rule changed.
    const built = document.querySelector('matrix-join-button') ?? document.body.appendChild(document.createElement('matrix-join-button'));
    await customElements.whenDefined('matrix-join-button');
    const shipped = built.shadowRoot!.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules].map((r) => r.cssText));
    const source = [sharedStyles, joinButtonStyles].flat().flatMap((c) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(c.cssText);
      return [...sheet.cssRules].map((r) => r.cssText);
    });
    expect(shipped.length, 'rules in the built element').to.be.greaterThan(20);
    expect(shipped.join('\n')).to.equal(source.join('\n'));
    built.remove();
  });
});
