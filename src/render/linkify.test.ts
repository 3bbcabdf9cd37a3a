import { expect, fixture } from '@open-wc/testing';
import { html, render } from 'lit';
import { linkifyText, lookAlikeHost } from './linkify.ts';
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
