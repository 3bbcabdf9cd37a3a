/**
 * Theming (issue 13 item 1), on the four real elements: every colour pair of the token set meets WCAG AA in the
 * light and the dark theme; dark comes from the visitor's `prefers-color-scheme` (emulated), from the `theme`
 * attribute and from the page-wide `--matrix-color-scheme`; the launcher's theme reaches its room; five
 * variables on the host page re-brand every element, in both themes.
 */
import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../../src/all.ts';
import { cleanPage } from '../join-button/helpers.ts';
import { contrast, hex, mountAll, PAIRS, resolve, rgb, type Elements } from './theme-helpers.ts';

const LIGHT_SURFACE = '#ffffff';
const DARK_SURFACE = '#0d1117';

/** A page that supports dark mode itself: it declares `color-scheme: light dark` (its canvas turns dark too). */
const darkAwarePage = () => document.documentElement.style.setProperty('color-scheme', 'light dark');

/** What each element's own host paints: its background if it has one, else the surface token it resolves. */
const surfaceOf = (el: HTMLElement) => hex(resolve(el, 'surface'));

describe('theming: tokens, dark mode, contrast, re-branding', function () {
  this.timeout(120_000);
  let els: Elements;

  /** The elements with a surface of their own (all but the inline join button, which follows the page). */
  const panels = () => els.all.filter((e) => e !== els.join);

  before(async () => {
    await cleanPage();
    els = await mountAll();
  });

  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
    for (const el of els.all) el.removeAttribute('theme');
    document.documentElement.style.removeProperty('--matrix-color-scheme');
    document.documentElement.style.removeProperty('color-scheme');
    for (const p of ['accent', 'on-accent', 'surface', 'text']) document.documentElement.style.removeProperty(`--matrix-color-${p}`);
    document.documentElement.style.removeProperty('--matrix-font-family');
  });

  after(cleanPage);

  for (const scheme of ['light', 'dark'] as const) {
    it(`every token pair meets WCAG AA in the ${scheme} theme, in every element`, async () => {
      await emulateMedia({ colorScheme: scheme });
      darkAwarePage();
      const failures: string[] = [];
      let lowest = { ratio: Infinity, what: '' };
      for (const el of els.all) {
        for (const p of PAIRS) {
          const fg = resolve(el, p.fg);
          const bg = resolve(el, p.bg);
          const ratio = contrast(fg, bg);
          const what = `${el.localName}: ${p.fg} ${hex(fg)} on ${p.bg} ${hex(bg)} (${p.use}) = ${ratio.toFixed(2)}:1, needs ${p.min}`;
          if (ratio < lowest.ratio) lowest = { ratio, what };
          if (ratio < p.min) failures.push(what);
        }
      }
      console.log(`[contrast ${scheme}] lowest: ${lowest.what}`);
      expect(failures.join('\n'), 'pairs under WCAG AA').to.equal('');
    });
  }

  it('real nodes paint with the tokens: host text and surface, the primary buttons in the accent', async () => {
    for (const el of [els.room, els.login, els.join, els.launcher]) {
      expect(hex(rgb(getComputedStyle(el).color)), `${el.localName} text`).to.equal('#1f2328');
    }
    expect(hex(rgb(getComputedStyle(els.room).backgroundColor)), 'room surface').to.equal(LIGHT_SURFACE);
    const accentOf = (node: Element | null | undefined) => (node ? hex(rgb(getComputedStyle(node).backgroundColor)) : 'missing');
    expect(accentOf(els.login.shadowRoot!.querySelector('.primary')), 'login primary button').to.equal('#0969da');
    expect(accentOf(els.join.shadowRoot!.querySelector('.main')), 'join button').to.equal('#0969da');
    expect(accentOf(els.launcher.shadowRoot!.querySelector('.launcher')), 'launcher button').to.equal('#0969da');
  });

  it('dark from the emulated prefers-color-scheme, in every element (the launcher room too)', async () => {
    for (const el of els.all) expect(surfaceOf(el), `${el.localName} light by default`).to.equal(LIGHT_SURFACE);
    await emulateMedia({ colorScheme: 'dark' });
    for (const el of panels()) expect(surfaceOf(el), `${el.localName} dark`).to.equal(DARK_SURFACE);
    expect(surfaceOf(els.join), 'the join button, in the text of a light-only page, stays light').to.equal(LIGHT_SURFACE);
    darkAwarePage();
    for (const el of els.all) expect(surfaceOf(el), `${el.localName} dark on a page that declares color-scheme: light dark`).to.equal(DARK_SURFACE);
    expect(hex(rgb(getComputedStyle(els.room).backgroundColor)), 'room background').to.equal(DARK_SURFACE);
    expect(hex(rgb(getComputedStyle(els.room).color)), 'room text').to.equal('#e6edf3');
  });

  it('the theme attribute overrides the visitor\'s preference, both ways, and is reflected', async () => {
    for (const el of els.all.filter((e) => e !== els.inner)) (el as HTMLElement & { theme?: string }).theme = 'dark';
    await new Promise((r) => requestAnimationFrame(r));
    for (const el of els.all.filter((e) => e !== els.inner)) {
      expect(el.getAttribute('theme'), `${el.localName} reflects theme`).to.equal('dark');
      expect(surfaceOf(el), `${el.localName} theme=dark`).to.equal(DARK_SURFACE);
    }
    expect(surfaceOf(els.inner), 'the launcher\'s room follows the launcher').to.equal(DARK_SURFACE);
    expect(els.inner.getAttribute('theme'), 'the launcher passes its theme to its room').to.equal('dark');

    await emulateMedia({ colorScheme: 'dark' });
    for (const el of els.all) el.setAttribute('theme', 'light');
    await new Promise((r) => requestAnimationFrame(r));
    for (const el of els.all) expect(surfaceOf(el), `${el.localName} theme=light in a dark browser`).to.equal(LIGHT_SURFACE);
    for (const el of els.all) el.setAttribute('theme', 'auto');
    // theme=auto is the visitor's preference for the join button too, whatever the page declares
    await new Promise((r) => requestAnimationFrame(r));
    for (const el of els.all) expect(surfaceOf(el), `${el.localName} theme=auto follows the browser`).to.equal(DARK_SURFACE);
  });

  it('page-wide: --matrix-color-scheme on <html> sets every element without a theme attribute', async () => {
    document.documentElement.style.setProperty('--matrix-color-scheme', 'dark');
    for (const el of els.all) expect(surfaceOf(el), `${el.localName} page-wide dark`).to.equal(DARK_SURFACE);
    els.join.setAttribute('theme', 'light');
    expect(surfaceOf(els.join), 'an element\'s own theme wins over the page').to.equal(LIGHT_SURFACE);
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`five variables on the host page re-brand every element (${scheme} theme)`, async () => {
      await emulateMedia({ colorScheme: scheme });
      const html = document.documentElement.style;
      html.setProperty('--matrix-color-accent', '#6f2da8');
      html.setProperty('--matrix-color-on-accent', '#ffffff');
      html.setProperty('--matrix-color-surface', '#fffaf0');
      html.setProperty('--matrix-color-text', '#2b2118');
      html.setProperty('--matrix-font-family', 'Georgia, serif');
      await new Promise((r) => requestAnimationFrame(r));
      for (const el of els.all) {
        expect(hex(resolve(el, 'accent')), `${el.localName} accent`).to.equal('#6f2da8');
        expect(hex(resolve(el, 'link')), `${el.localName} links follow the accent`).to.equal('#6f2da8');
        expect(surfaceOf(el), `${el.localName} surface`).to.equal('#fffaf0');
        expect(hex(rgb(getComputedStyle(el).color)), `${el.localName} text`).to.equal('#2b2118');
        expect(getComputedStyle(el).fontFamily, `${el.localName} font`).to.equal('Georgia, serif');
      }
      const bg = (node: Element | null | undefined) => (node ? hex(rgb(getComputedStyle(node).backgroundColor)) : 'missing');
      expect(bg(els.login.shadowRoot!.querySelector('.primary')), 'login primary button').to.equal('#6f2da8');
      expect(bg(els.join.shadowRoot!.querySelector('.main')), 'join button').to.equal('#6f2da8');
      expect(bg(els.launcher.shadowRoot!.querySelector('.launcher')), 'launcher button').to.equal('#6f2da8');
      expect(bg(els.room), 'room background').to.equal('#fffaf0');
    });
  }
});
