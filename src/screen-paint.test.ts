// The loader's picture of a room's last screen (src/screen-paint.ts): what it draws from a stored screen, and what
// it refuses. What is stored is untrusted (any script of the site can write localStorage), so hostile screens are
// the point here. The whole journey with the built bundle is test/browser/loader/dist-last-screen.test.ts.
import { expect } from '@open-wc/testing';
import { paintLastScreen } from './screen-paint.ts';
import { SCREEN_CLASS, screenKey, type RoomScreen, type ScreenNode } from './session/room-cache.ts';

const USER = '@ana:example.org';
const ROOM = '#lobby:example.org';
const CSS = '[part="timeline"] { height: 100px; overflow: auto; } .row { height: 40px; } .last-screen { display: contents; }';

function store(tree: ScreenNode[], extra: Partial<RoomScreen> = {}): void {
  const screen: RoomScreen = { v: 1, userId: USER, address: ROOM, savedAt: Date.now(), css: CSS, tree, ...extra };
  localStorage.setItem(screenKey(USER, ROOM), JSON.stringify(screen));
}

function host(): HTMLElement {
  const el = document.createElement('matrix-screen-test');
  document.body.append(el);
  return el;
}

const rows = (n: number): ScreenNode[] => Array.from({ length: n }, (_, i) => ['div', ['class', 'row sent'], ['div', ['part', 'event', 'data-kind', 'message'], `message ${i}`]] as ScreenNode);
const timeline = (children: ScreenNode[]): ScreenNode => ['div', ['part', 'base'], ['div', ['part', 'timeline', 'role', 'region', 'aria-label', 'Messages'], ...children]];

describe('screen-paint: the last screen drawn before the element\'s code', () => {
  afterEach(() => {
    localStorage.clear();
    for (const el of document.querySelectorAll('matrix-screen-test')) el.remove();
  });

  it('draws a stored screen into a new shadow root: inert, with its stylesheet, scrolled to the newest row', () => {
    store([timeline(rows(10))]);
    const el = host();
    expect(paintLastScreen(el, USER, ROOM)).to.equal(true);
    const wrapper = el.shadowRoot!.firstElementChild as HTMLElement;
    expect(wrapper.className).to.equal(SCREEN_CLASS);
    expect(wrapper.inert).to.equal(true);
    expect(el.shadowRoot!.adoptedStyleSheets.length).to.equal(1);
    expect([...wrapper.querySelectorAll('[data-kind="message"]')].map((n) => n.textContent)).to.have.length(10);
    const tl = wrapper.querySelector<HTMLElement>('[part="timeline"]')!;
    expect(tl.getAttribute('aria-label')).to.equal('Messages');
    expect(tl.scrollHeight, 'the stylesheet applies').to.equal(400);
    expect(tl.scrollTop + tl.clientHeight).to.equal(tl.scrollHeight);
  });

  it('rebuilds only known tags and presentational attributes: no scripts, handlers, URLs or styles', () => {
    store([timeline([
      ['script', [], 'window.hacked = 1'],
      ['iframe', ['src', 'https://evil.example/']],
      ['style', [], '* { background: url(https://evil.example/x) }'],
      ['div', ['class', 'row sent', 'onclick', 'window.hacked = 2', 'style', 'background: url(https://evil.example/y)', 'tabindex', '0', 'id', 'x'],
        ['a', ['href', 'javascript:window.hacked = 3', 'class', 'link'], 'a link'],
        ['img', ['src', 'https://evil.example/pixel.png', 'width', '16', 'height', '16', 'onerror', 'window.hacked = 4']],
        ['svg:svg', ['viewBox', '0 0 16 16', 'onload', 'window.hacked = 5'], ['svg:path', ['d', 'M0 0h16']], ['svg:script', [], 'window.hacked = 6'], ['svg:foreignObject', [], ['div', [], 'inside']]],
        ['textarea', ['placeholder', 'Message'], 'a draft'],
        ['div', ['data-kind', 'message', 'aria-hidden', 'true', '__proto__', 'x'], 'kept'],
      ],
      42 as unknown as ScreenNode,
      ['div', 'not attributes' as unknown as string[]],
    ])]);
    const el = host();
    expect(paintLastScreen(el, USER, ROOM)).to.equal(true);
    const root = el.shadowRoot!;
    expect(root.querySelector('script, iframe, style, foreignObject'), 'unknown tags dropped with their content').to.equal(null);
    expect(root.textContent).not.to.include('hacked');
    expect(root.textContent).not.to.include('inside');
    const row = root.querySelector('.row')!;
    expect(row.getAttributeNames().sort()).to.deep.equal(['class']);
    expect(root.querySelector('a')!.hasAttribute('href')).to.equal(false);
    expect(root.querySelector('img')!.getAttributeNames().sort()).to.deep.equal(['height', 'width']);
    expect(root.querySelector('path')!.namespaceURI).to.equal('http://www.w3.org/2000/svg');
    expect(root.querySelector('svg')!.hasAttribute('onload')).to.equal(false);
    expect(root.querySelector('textarea')!.value, 'a field\'s text is never drawn').to.equal('');
    expect(root.querySelector('[data-kind]')!.getAttributeNames().sort()).to.deep.equal(['aria-hidden', 'data-kind']);
    expect((window as { hacked?: number }).hacked).to.equal(undefined);
  });

  it('draws nothing for another user, another room, an old, broken, oversized or URL-loading screen', () => {
    const refused: Array<[string, () => void]> = [
      ['another user\'s', () => store([timeline(rows(3))], { userId: '@bo:example.org' })],
      ['another room\'s', () => store([timeline(rows(3))], { address: '#other:example.org' })],
      ['31 days old', () => store([timeline(rows(3))], { savedAt: Date.now() - 31 * 24 * 3600 * 1000 })],
      ['a later version\'s', () => store([timeline(rows(3))], { v: 2 as 1 })],
      ['with url() in its CSS', () => store([timeline(rows(3))], { css: '.row { background: url(https://evil.example/) }' })],
      ['with @import in its CSS', () => store([timeline(rows(3))], { css: '@import "https://evil.example/x.css";' })],
      ['not JSON', () => localStorage.setItem(screenKey(USER, ROOM), '{"v":1,')],
      ['over 512 kB', () => store([timeline(rows(3))], { css: `/*${'x'.repeat(600_000)}*/` })],
      ['over the node budget', () => store([timeline(rows(3000))])],
    ];
    for (const [what, write] of refused) {
      localStorage.clear();
      write();
      const el = host();
      expect(paintLastScreen(el, USER, ROOM), what).to.equal(false);
      expect(el.shadowRoot, `${what}: no shadow root left behind`).to.equal(null);
    }
    const deep: ScreenNode = ['div', []];
    let at = deep as unknown[];
    for (let i = 0; i < 150; i++) {
      const next: unknown[] = ['div', []];
      at.push(next);
      at = next;
    }
    at.push('too deep');
    localStorage.clear();
    store([deep]);
    const el = host();
    paintLastScreen(el, USER, ROOM);
    expect(el.shadowRoot?.textContent ?? '', 'nesting past 100 levels is cut').not.to.include('too deep');
  });

  it('leaves an element that has a shadow root alone, and takes the picture away when the element cannot load', () => {
    store([timeline(rows(3))]);
    const taken = host();
    taken.attachShadow({ mode: 'open' });
    expect(paintLastScreen(taken, USER, ROOM)).to.equal(false);
    const el = host();
    expect(paintLastScreen(el, USER, ROOM)).to.equal(true);
    el.dispatchEvent(new CustomEvent('matrix-error', { detail: { operation: 'send', errcode: 'X', message: 'other' } }));
    expect(el.shadowRoot!.querySelector(`.${SCREEN_CLASS}`), 'other errors change nothing').not.to.equal(null);
    el.dispatchEvent(new CustomEvent('matrix-error', { detail: { operation: 'load-element', errcode: 'ME_UNREACHABLE', message: 'Could not load' } }));
    expect(el.shadowRoot!.querySelector(`.${SCREEN_CLASS}`)).to.equal(null);
  });
});
