import { expect, fixture } from '@open-wc/testing';
import { html, render } from 'lit';
import { LINK_SCHEMAS, linkifier, linkifyText, lookAlikeHost, mayLink } from './linkify.ts';
import { safeLinkHref } from './links.ts';

async function renderText(text: unknown): Promise<HTMLElement> {
  const el = await fixture<HTMLElement>(html`<div></div>`);
  render(linkifyText(text), el);
  return el;
}

describe('linkifyText', () => {
  it('links URLs, bare domains and e-mail addresses with forced rel/target', async () => {
    const el = await renderText('see https://example.org/a?b=1, matrix.org and ana@example.org.');
    const links = Array.from(el.querySelectorAll('a'));
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal(['https://example.org/a?b=1', 'http://matrix.org/', 'mailto:ana@example.org']);
    for (const a of links) {
      expect(a.rel).to.equal('noopener noreferrer');
      expect(a.target).to.equal('_blank');
    }
    expect(el.textContent).to.equal('see https://example.org/a?b=1, matrix.org and ana@example.org.');
  });

  it('keeps markup as text and links nothing dangerous', async () => {
    const el = await renderText('<b>x</b> javascript:alert(1) //evil.example data:text/html,x');
    expect(el.querySelector('b')).to.equal(null);
    expect(el.querySelectorAll('a').length).to.equal(0);
    expect(el.textContent).to.contain('<b>x</b>');
  });

  it('links magnet URIs, strips bidi overrides, accepts non-strings', async () => {
    const el = await renderText('get magnet:?xt=urn:btih:abc \u202Eevil');
    expect(el.querySelector('a')!.getAttribute('href')).to.equal('magnet:?xt=urn:btih:abc');
    expect(el.textContent).not.to.contain('\u202E');
    expect((await renderText(42)).textContent).to.equal('');
  });
});

describe('safeLinkHref', () => {
  it('accepts the spec schemes and normalizes', () => {
    expect(safeLinkHref('HTTPS://Example.org')).to.equal('https://example.org/');
    expect(safeLinkHref('ftp://example.org/f')).to.equal('ftp://example.org/f');
    expect(safeLinkHref('mailto:a@example.org')).to.equal('mailto:a@example.org');
  });
  it('rejects other schemes, relative URLs, credentials and controls', () => {
    for (const bad of ['javascript:alert(1)', 'java\tscript:alert(1)', ' data:text/html,x', 'vbscript:x', '/x', '//x.org',
      'https://a@b.org', 'https://b.org/\u202E', 'https://b.org/\nx', 'mxc://a/b', 'https:///', 42, null]) {
      expect(safeLinkHref(bad), String(bad)).to.equal(null);
    }
  });
});

describe('lookAlikeHost', () => {
  it('names the real host when the text shows another', () => {
    expect(lookAlikeHost('https://bank.example/login', 'https://evil.example/login')).to.equal('evil.example');
    expect(lookAlikeHost('paypal.com', 'https://evil.example/')).to.equal('evil.example');
  });
  it('stays quiet for honest or non-URL text', () => {
    expect(lookAlikeHost('example.org', 'https://www.example.org/x')).to.equal(null);
    expect(lookAlikeHost('click here', 'https://evil.example/')).to.equal(null);
    expect(lookAlikeHost('mail me', 'mailto:a@b.org')).to.equal(null);
  });
});

describe('mayLink (the check that spares linkify-it its first compile)', () => {
  it('knows the schemas the linkifier links', () => {
    const schemas = Object.keys((linkifier as unknown as { __schemas__: Record<string, unknown> }).__schemas__).sort();
    expect(schemas).to.deep.equal([...LINK_SCHEMAS].sort());
  });

  it('is true for every text linkify-it finds a link in', () => {
    const texts = [
      'matrix.org', 'Foo.COM', 'www.example.com', 'see https://example.org/x', 'HTTP://X.EXAMPLE', 'ftp://files.example',
      'mailto:a@b.example', 'a@b.co', 'user＠example.com', 'test.рф', 'пример.рф', 'xn--80ak6aa92e.com', 'foo.com。',
      'magnet:?xt=urn:btih:abc', '(example.org)', 'end of line example.org.', '“quoted.example”', 'ip 192.168.0.1/x',
    ];
    for (const text of texts) {
      if (linkifier.match(text)) expect(mayLink(text), text).to.equal(true);
    }
    // Random texts over an alphabet of letters, punctuation and spaces: no link is ever hidden by the check.
    const alphabet = 'abcmorgxyz .:@/-_，。．：＠\n1';
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: 4 + Math.floor(next() * 20) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      if (linkifier.match(text)) expect(mayLink(text), JSON.stringify(text)).to.equal(true);
    }
  });

  it('is false for plain chat lines, which then render as text', async () => {
    for (const text of ['ok', 'Hello there, how are you?', 'Sure. See you soon.', 'wait…', '12 30']) expect(mayLink(text), text).to.equal(false);
    const el = await renderText('Sure. See you soon.');
    expect(el.textContent).to.equal('Sure. See you soon.');
    expect(el.querySelector('a')).to.equal(null);
  });
});
