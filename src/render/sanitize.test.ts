import { expect, fixture } from '@open-wc/testing';
import { html, render } from 'lit';
import type { Mxc } from './media.ts';
import { MAX_HTML_LENGTH, renderFormattedBody, type RenderHtmlOptions } from './sanitize.ts';

/** Render a formatted body into a detached container and return it. */
async function renderHtml(input: string, options: RenderHtmlOptions = {}): Promise<HTMLElement> {
  const container = await fixture<HTMLElement>(html`<div></div>`);
  render(renderFormattedBody(input, options), container);
  return container;
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('renderFormattedBody', () => {
  it('keeps allowed formatting', async () => {
    const el = await renderHtml('<p><b>bold</b> <i>it</i> <u>u</u> <s>s</s> <del>d</del> <sup>1</sup><sub>2</sub></p><h1>Title</h1><ul><li>one</li></ul><pre><code>x = 1</code></pre><hr><br>');
    for (const tag of ['p', 'b', 'i', 'u', 's', 'del', 'sup', 'sub', 'h1', 'ul', 'li', 'pre', 'code', 'hr', 'br']) {
      expect(el.querySelector(tag), tag).to.exist;
    }
    expect(el.querySelector('b')!.textContent).to.equal('bold');
  });

  it('turns legacy strike and font into s and a coloured span', async () => {
    const el = await renderHtml('<strike>old</strike><font color="#ff0000">red</font>');
    expect(el.querySelector('s')!.textContent).to.equal('old');
    expect(el.querySelector('font')).to.equal(null);
    expect(el.querySelector('span')!.style.getPropertyValue('--_fg')).to.equal('#ff0000');
  });

  it('sets colours through CSSOM only, never a style attribute string', async () => {
    const calls: string[] = [];
    const original = Element.prototype.setAttribute;
    Element.prototype.setAttribute = function (this: Element, name: string, value: string) {
      if (name.toLowerCase() === 'style') calls.push(value);
      return original.call(this, name, value);
    };
    let el: HTMLElement;
    try {
      el = await renderHtml('<span data-mx-color="#00ff00" data-mx-bg-color="#0000ff">c</span><span data-mx-color="red">n</span>');
    } finally {
      Element.prototype.setAttribute = original;
    }
    expect(calls).to.deep.equal([]);
    const [coloured, plain] = Array.from(el.querySelectorAll('span'));
    expect(coloured.style.color).to.equal('rgb(0, 255, 0)');
    expect(coloured.style.backgroundColor).to.equal('rgb(0, 0, 255)');
    expect(plain.style.length).to.equal(0);
  });

  it('forces rel and target on links and drops the user target', async () => {
    const el = await renderHtml('<a href="https://example.org/x" target="_top">x</a>');
    const a = el.querySelector('a')!;
    expect(a.getAttribute('href')).to.equal('https://example.org/x');
    expect(a.rel).to.equal('noopener noreferrer');
    expect(a.target).to.equal('_blank');
    expect(a.title).to.equal('https://example.org/x');
  });

  it('renders links with disallowed schemes as their text', async () => {
    const el = await renderHtml('<a href="javascript:alert(1)">click</a> <a href="/rel">rel</a>');
    expect(el.querySelector('a')).to.equal(null);
    expect(el.textContent).to.contain('click');
  });

  it('shows the real host after a look-alike link', async () => {
    const el = await renderHtml('<a href="https://evil.example/">https://bank.example/</a>');
    expect(el.querySelector('.link-target')!.textContent).to.contain('evil.example');
  });

  it('keeps only language-* code classes and a numeric ol start', async () => {
    const el = await renderHtml('<code class="language-rust">a</code><code class="x">b</code><ol start="3"><li>c</li></ol><ol start="x"><li>d</li></ol>');
    const [rust, other] = Array.from(el.querySelectorAll('code'));
    expect(rust.className).to.equal('language-rust');
    expect(other.hasAttribute('class')).to.equal(false);
    const [three, none] = Array.from(el.querySelectorAll('ol'));
    expect(three.start).to.equal(3);
    expect(none.hasAttribute('start')).to.equal(false);
  });

  it('renders tables and closed details', async () => {
    const el = await renderHtml('<table><caption>cap</caption><thead><tr><th>h</th></tr></thead><tbody><tr><td>d</td></tr></tbody></table><details open><summary>more</summary>hidden</details>');
    expect(el.querySelector('table caption')!.textContent).to.equal('cap');
    expect(el.querySelector('thead th')!.textContent).to.equal('h');
    expect(el.querySelector('tbody td')!.textContent).to.equal('d');
    expect(el.querySelector('details')!.open).to.equal(false);
    expect(el.querySelector('summary')!.textContent).to.equal('more');
  });

  it('hides spoilers until clicked, and reveals with the keyboard too', async () => {
    const el = await renderHtml('<span data-mx-spoiler="plot">secret</span> <span data-mx-spoiler>two</span>');
    const [first, second] = Array.from(el.querySelectorAll<HTMLElement>('.spoiler'));
    expect(first.textContent).to.contain('plot');
    expect(first.getAttribute('role')).to.equal('button');
    expect(first.tabIndex).to.equal(0);
    first.click();
    expect(first.hasAttribute('data-revealed')).to.equal(true);
    expect(first.getAttribute('aria-expanded')).to.equal('true');
    second.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(second.hasAttribute('data-revealed')).to.equal(true);
  });

  it('strips a leading mx-reply only', async () => {
    const el = await renderHtml('  <mx-reply><blockquote>parent</blockquote></mx-reply>answer <mx-reply>kept</mx-reply>');
    expect(el.textContent).not.to.contain('parent');
    expect(el.textContent).to.contain('answer');
    expect(el.textContent).to.contain('kept');
    expect(el.querySelector('mx-reply')).to.equal(null);
  });

  it('flattens nesting deeper than 100 levels with a note', async () => {
    const el = await renderHtml('<blockquote>'.repeat(120) + 'deep' + '</blockquote>'.repeat(120));
    expect(el.textContent).to.contain('deep');
    expect(el.querySelector('[data-note="too-deep"]')).to.exist;
    let depth = 0;
    for (let node: Element | null = el.querySelector('blockquote'); node; node = node.querySelector(':scope > blockquote')) depth++;
    expect(depth).to.be.at.most(100);
  });

  it('loads mxc images only through the resolver, with validated parts', async () => {
    const asked: Mxc[] = [];
    const resolveMedia = async (mxc: Mxc) => {
      asked.push(mxc);
      return 'blob:http://localhost/fake';
    };
    const el = await renderHtml('<img src="mxc://example.org/abc" alt="cat" width="32" height="32"><img src="https://example.org/x.png" alt="tracker">', { resolveMedia });
    await flush();
    expect(asked).to.deep.equal([{ serverName: 'example.org', mediaId: 'abc' }]);
    const img = el.querySelector('img')!;
    expect(img.getAttribute('src')).to.equal('blob:http://localhost/fake');
    expect(img.alt).to.equal('cat');
    expect(img.getAttribute('width')).to.equal('32');
    expect(el.querySelector('[data-image-placeholder]')!.textContent).to.contain('tracker');
  });

  it('shows the alt text when the resolver fails or returns a bad URL', async () => {
    const el = await renderHtml('<img src="mxc://example.org/a" alt="one"><img src="mxc://example.org/b" alt="two">', {
      resolveMedia: async (mxc) => {
        if (mxc.mediaId === 'a') throw new Error('nope');
        return 'javascript:alert(1)';
      },
    });
    await flush();
    expect(el.querySelector('img')).to.equal(null);
    expect(el.textContent).to.contain('one').and.to.contain('two');
  });

  it('returns null for non-strings and oversized input, so the caller shows the body', () => {
    expect(renderFormattedBody(42)).to.equal(null);
    expect(renderFormattedBody(undefined)).to.equal(null);
    expect(renderFormattedBody('a'.repeat(MAX_HTML_LENGTH + 1))).to.equal(null);
  });

  it('never hands a plain string to an HTML sink (Trusted Types clean)', async () => {
    const plain: string[] = [];
    const record = (sink: string) => (value: unknown) => {
      if (typeof value === 'string') plain.push(`${sink}: ${value.slice(0, 60)}`);
    };
    const innerHTML = Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML')!;
    const outerHTML = Object.getOwnPropertyDescriptor(Element.prototype, 'outerHTML')!;
    const parseFromString = DOMParser.prototype.parseFromString;
    const insertAdjacentHTML = Element.prototype.insertAdjacentHTML;
    const onInner = record('innerHTML');
    const onOuter = record('outerHTML');
    const onParse = record('DOMParser');
    const onAdjacent = record('insertAdjacentHTML');
    Object.defineProperty(Element.prototype, 'innerHTML', { ...innerHTML, set(v) { onInner(v); innerHTML.set!.call(this, v); } });
    Object.defineProperty(Element.prototype, 'outerHTML', { ...outerHTML, set(v) { onOuter(v); outerHTML.set!.call(this, v); } });
    DOMParser.prototype.parseFromString = function (this: DOMParser, s: string, t: DOMParserSupportedType) { onParse(s); return parseFromString.call(this, s, t); };
    Element.prototype.insertAdjacentHTML = function (this: Element, p: InsertPosition, s: string) { onAdjacent(s); return insertAdjacentHTML.call(this, p, s); };
    try {
      // A fresh template string each time, so Lit has to prepare templates during the spy too.
      await renderHtml(`<p>tt <b>check</b> ${Math.random()}</p><img src="x" onerror="alert(1)"><a href="https://example.org">l</a>`);
    } finally {
      Object.defineProperty(Element.prototype, 'innerHTML', innerHTML);
      Object.defineProperty(Element.prototype, 'outerHTML', outerHTML);
      DOMParser.prototype.parseFromString = parseFromString;
      Element.prototype.insertAdjacentHTML = insertAdjacentHTML;
    }
    expect(plain).to.deep.equal([]);
  });
});
