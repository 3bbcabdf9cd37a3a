// Its own file, so its own page: the loader (src/index.ts) is the only thing that defines elements here.
import { expect } from '@open-wc/testing';
import { VERSION, allDefined, getSession, observe } from '../../../src/index.ts';
import { VERSION as LIBRARY_VERSION } from '../../../src/internal/version.ts';
import { getSession as getSessionSync } from '../../../src/session/get-session.ts';
import { srcModules, watchResources } from '../../helpers/resources.ts';
import { server } from '../join-button/helpers.ts';

const seen = watchResources();
/** Lets the loader's MutationObserver (a microtask) and the imports it starts get under way. */
const nextTask = () => new Promise((r) => setTimeout(r, 0));
const requested = (path: string) => srcModules(seen()).filter((p) => p === path).length;

describe('the loader (src/index.ts)', () => {
  afterEach(() => {
    for (const el of document.querySelectorAll('[data-test]')) el.remove();
  });

  it('warns once per unknown matrix-* tag and imports nothing for it; allDefined() skips it', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
    try {
      const before = srcModules(seen());
      for (let i = 0; i < 2; i++) {
        const foo = document.createElement('matrix-foo');
        foo.dataset.test = '';
        document.body.append(foo);
      }
      await nextTask();
      await allDefined();
      const bar = document.createElement('matrix-bar');
      bar.dataset.test = '';
      document.body.append(bar);
      await nextTask();
      expect(warnings.filter((w) => w.includes('<matrix-foo>')), 'one warning for two <matrix-foo>').to.have.length(1);
      expect(warnings.filter((w) => w.includes('<matrix-bar>'))).to.have.length(1);
      expect(warnings[0]).to.contain(`not an element of matrix-embed ${VERSION}`);
      expect(srcModules(seen()), 'modules fetched for unknown tags').to.deep.equal(before);
      expect(customElements.get('matrix-foo')).to.equal(undefined);
    } finally {
      console.warn = original;
    }
  });

  it('defines an element added after the page loaded, importing its module once for several elements', async () => {
    expect(customElements.get('matrix-login'), 'nothing defined before the tag appears').to.equal(undefined);
    expect(requested('/src/elements/login.ts')).to.equal(0);
    for (let i = 0; i < 3; i++) {
      const el = document.createElement('matrix-login');
      el.dataset.test = '';
      el.setAttribute('homeserver', server('main').url);
      document.body.append(el);
    }
    await allDefined();
    expect(customElements.get('matrix-login')).to.be.a('function');
    expect(document.querySelector('matrix-login')!.shadowRoot, 'the element upgraded').to.not.equal(null);
    expect(requested('/src/elements/login.ts'), 'one import for three elements').to.equal(1);
    await customElements.whenDefined('matrix-login');
  });

  it('finds elements in a shadow root only once it is handed to observe(), and keeps watching it', async () => {
    const main = server('main');
    const host = document.createElement('div');
    host.dataset.test = '';
    const shadow = host.attachShadow({ mode: 'open' });
    const button = document.createElement('matrix-join-button');
    button.setAttribute('room', `#lobby:${main.serverName}`);
    button.setAttribute('homeserver', main.url);
    shadow.append(button);
    document.body.append(host);
    await nextTask();
    await allDefined();
    expect(customElements.get('matrix-join-button'), 'the document observer does not see into shadow roots').to.equal(undefined);
    expect(requested('/src/elements/join-button.ts')).to.equal(0);

    observe(shadow);
    await allDefined();
    expect(customElements.get('matrix-join-button'), 'defined once observed').to.be.a('function');
    expect(button.shadowRoot).to.not.equal(null);

    // Added to the observed root later: found by its MutationObserver, and allDefined() waits for it.
    const launcher = document.createElement('matrix-chat-launcher');
    launcher.setAttribute('room', `#lobby:${main.serverName}`);
    launcher.setAttribute('homeserver', main.url);
    shadow.append(launcher);
    await allDefined();
    expect(customElements.get('matrix-chat-launcher')).to.be.a('function');
    expect(requested('/src/elements/chat-launcher.ts')).to.equal(1);
    // The launcher's panel room is not part of the button: it loads on the first open.
    expect(requested('/src/elements/room.ts'), 'room element before the launcher opens').to.equal(0);
    host.remove();
  });

  it('exports the version of the library and the page\'s one session, loaded on demand', async () => {
    expect(VERSION).to.equal(LIBRARY_VERSION);
    const pkg = (await (await fetch('/package.json')).json()) as { version: string };
    expect(VERSION).to.equal(pkg.version);
    const session = await getSession();
    expect(session).to.equal(getSessionSync());
  });
});
