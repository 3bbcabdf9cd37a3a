import { expect, fixture } from '@open-wc/testing';
import { html, render } from 'lit';
import { cleanName, cleanText, disambiguateDisplayNames, displayNameFor, initialOf, looksLikeUserId, renderName } from './names.ts';

describe('names', () => {
  it('strips bidi overrides, isolates and control characters', () => {
    expect(cleanText('a\u202Eb\u2066c\u2069d\u0000e\u0085f\u200Fg')).to.equal('abcdef\u200Fg');
    expect(cleanText('line\nbreak\ttab')).to.equal('line\nbreak\ttab');
    expect(cleanText(42)).to.equal('');
  });

  it('cleans names to one trimmed line without invisible characters', () => {
    expect(cleanName('  Ana\u200B\n Bee\u00AD ')).to.equal('Ana Bee');
    expect(cleanName('x'.repeat(1000)).length).to.equal(256);
    expect(cleanName('😀'.repeat(200)).length).to.be.at.most(256);
    expect(cleanName('a' + '😀'.repeat(200)).endsWith('\uD83D')).to.equal(false);
  });

  it('detects names that look like user IDs', () => {
    expect(looksLikeUserId('@admin:matrix.org')).to.equal(true);
    expect(looksLikeUserId('Admin @admin:matrix.org')).to.equal(true);
    expect(looksLikeUserId('ana@example.org')).to.equal(false);
    expect(looksLikeUserId('Ana')).to.equal(false);
  });

  it('disambiguates shared and look-alike names per the spec', () => {
    const names = disambiguateDisplayNames([
      { userId: '@ana:a.org', displayName: 'Ana' },
      { userId: '@ana:b.org', displayName: 'ana\u200B' },
      { userId: '@bo:a.org', displayName: 'Bo' },
      { userId: '@fake:a.org', displayName: '@bo:a.org' },
      { userId: '@none:a.org' },
      { userId: '@rtl:a.org', displayName: '\u202Ecilia' },
    ]);
    expect(names.get('@ana:a.org')).to.equal('Ana (@ana:a.org)');
    expect(names.get('@ana:b.org')).to.equal('ana (@ana:b.org)');
    expect(names.get('@bo:a.org')).to.equal('Bo');
    expect(names.get('@fake:a.org')).to.equal('@bo:a.org (@fake:a.org)');
    expect(names.get('@none:a.org')).to.equal('@none:a.org');
    expect(names.get('@rtl:a.org')).to.equal('cilia');
    expect(displayNameFor('@x:a.org', { not: 'a string' })).to.equal('@x:a.org');
  });

  it('renders names inside bdi', async () => {
    const el = await fixture<HTMLElement>(html`<div></div>`);
    render(renderName('<b>\u202EAna</b>'), el);
    expect(el.querySelector('bdi')!.textContent).to.equal('<b>Ana</b>');
    expect(el.querySelector('b')).to.equal(null);
    expect(initialOf('@ana:x')).to.equal('A');
    expect(initialOf('')).to.equal('?');
  });
});
