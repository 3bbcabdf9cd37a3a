import { expect, fixture } from '@open-wc/testing';
import { html, render } from 'lit';
import unhomoglyph from 'unhomoglyph';
import sdkUnhomoglyph from '../session/sdk-shims/unhomoglyph.ts';
import { ASCII_CONFUSABLES, asciiSkeleton, loadSkeleton } from '../session/confusables.ts';
import { cleanName, cleanText, initialOf, renderName } from './names.ts';
import { disambiguateDisplayNames, displayNameFor, looksLikeUserId } from '../session/display-names.ts';

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

  describe('look-alike names', () => {
    // The full confusables table is loaded lazily; these tests load it first, except the fail-closed one.
    const shown = (members: Array<[string, string]>) =>
      disambiguateDisplayNames(members.map(([userId, displayName]) => ({ userId, displayName })));

    it('fails closed until the table is loaded, then calls back (first test: nothing has loaded it yet)', async () => {
      const members = [
        { userId: '@alice:a.org', displayName: 'Alice' },
        { userId: '@fake:b.org', displayName: '\u0410lice' },
        { userId: '@ivan:a.org', displayName: '\u0418\u0432\u0430\u043D' },
      ];
      const loaded = new Promise<void>((resolve) => {
        const before = disambiguateDisplayNames(members, resolve);
        // Every non-ASCII name is shown with its ID while the table is on its way.
        expect(before.get('@fake:b.org')).to.equal('\u0410lice (@fake:b.org)');
        expect(before.get('@ivan:a.org')).to.equal('\u0418\u0432\u0430\u043D (@ivan:a.org)');
      });
      await loaded;
      const after = disambiguateDisplayNames(members);
      expect(after.get('@alice:a.org')).to.equal('Alice (@alice:a.org)');
      expect(after.get('@fake:b.org')).to.equal('\u0410lice (@fake:b.org)');
      expect(after.get('@ivan:a.org')).to.equal('\u0418\u0432\u0430\u043D');
    });

    it('the inline ASCII entries are exactly the ASCII entries of the full table', () => {
      for (let c = 0; c < 0x80; c++) {
        const ch = String.fromCharCode(c);
        expect(asciiSkeleton(ch), `U+${c.toString(16)}`).to.equal(unhomoglyph(ch));
        expect(sdkUnhomoglyph(ch), `SDK stand-in, U+${c.toString(16)}`).to.equal(unhomoglyph(ch));
      }
      expect(Object.keys(ASCII_CONFUSABLES).sort()).to.deep.equal(['"', '%', '0', '1', 'I', '`', 'm', '|']);
      const ascii = 'Bill I1l| 0O rn m `"% The quick brown fox';
      expect(asciiSkeleton(ascii)).to.equal(unhomoglyph(ascii));
      expect(sdkUnhomoglyph(ascii)).to.equal(unhomoglyph(ascii));
    });

    it('maps like the unhomoglyph package once the full table is loaded', async () => {
      const full = await loadSkeleton();
      for (const s of ['\u0410lice', '\uFF30\u0430\u0443\u0440\u0430l', '\u{1D40C}ax rn|I1 \u00E9', 'plain', '\u0418\u0432\u0430\u043D 😀']) {
        expect(full(s)).to.equal(unhomoglyph(s));
      }
    });

    it('tells apart ASCII look-alikes (I / l / 1, 0 / O, rn / m), which need only the inline entries', () => {
      const names = shown([
        ['@bill:a.org', 'Bill'],
        ['@biii:b.org', 'BiII'],
        ['@olga:a.org', 'Olga'],
        ['@0lga:b.org', '0lga'],
        ['@mia:a.org', 'mia'],
        ['@rnia:b.org', 'rnia'],
        ['@ian:a.org', 'Ian'],
        ['@lan:b.org', 'lan'],
        ['@eve:a.org', 'Eve'],
      ]);
      expect(names.get('@bill:a.org')).to.equal('Bill (@bill:a.org)');
      expect(names.get('@biii:b.org')).to.equal('BiII (@biii:b.org)');
      expect(names.get('@olga:a.org')).to.equal('Olga (@olga:a.org)');
      expect(names.get('@0lga:b.org')).to.equal('0lga (@0lga:b.org)');
      expect(names.get('@mia:a.org')).to.equal('mia (@mia:a.org)');
      expect(names.get('@rnia:b.org')).to.equal('rnia (@rnia:b.org)');
      expect(names.get('@ian:a.org')).to.equal('Ian (@ian:a.org)');
      expect(names.get('@lan:b.org')).to.equal('lan (@lan:b.org)');
      expect(names.get('@eve:a.org')).to.equal('Eve');
    });

    it('tells apart Cyrillic / Greek look-alikes of Latin names, whole or mixed-script', async () => {
      await loadSkeleton();
      const names = shown([
        ['@alice:a.org', 'Alice'],
        ['@fake:b.org', '\u0410lice'], // Cyrillic capital A, then Latin
        ['@bob:a.org', 'bob'],
        ['@fakebob:b.org', 'B\u043E\u0432'.replace('\u0432', 'b')], // Latin B, Cyrillic o, Latin b
        ['@paypal:a.org', 'PAYPAL'],
        ['@fakepaypal:b.org', '\u0420\u0410\u03A5\u0420\u0410L'], // Cyrillic Р А, Greek Υ, Cyrillic Р А, Latin L
        ['@zoe:a.org', 'Zoë'],
        ['@ivan:a.org', '\u0418\u0432\u0430\u043D'], // Иван: no Latin look-alike in the room
      ]);
      expect(names.get('@alice:a.org')).to.equal('Alice (@alice:a.org)');
      expect(names.get('@fake:b.org')).to.equal('\u0410lice (@fake:b.org)');
      expect(names.get('@bob:a.org')).to.equal('bob (@bob:a.org)');
      expect(names.get('@fakebob:b.org')).to.equal('B\u043Eb (@fakebob:b.org)');
      expect(names.get('@paypal:a.org')).to.equal('PAYPAL (@paypal:a.org)');
      expect(names.get('@fakepaypal:b.org')).to.equal('\u0420\u0410\u03A5\u0420\u0410L (@fakepaypal:b.org)');
      expect(names.get('@zoe:a.org')).to.equal('Zoë');
      expect(names.get('@ivan:a.org')).to.equal('\u0418\u0432\u0430\u043D');
    });

    it('tells apart compatibility forms (NFKC): full-width letters, ligatures, math alphanumerics', async () => {
      await loadSkeleton();
      const names = shown([
        ['@ana:a.org', 'Ana'],
        ['@wide:b.org', '\uFF21\uFF4E\uFF41'], // Ａｎａ
        ['@fiona:a.org', 'fiona'],
        ['@lig:b.org', '\uFB01ona'], // ﬁona
        ['@max:a.org', 'Max'],
        ['@math:b.org', '\u{1D40C}ax'], // 𝐌ax
      ]);
      expect(names.get('@ana:a.org')).to.equal('Ana (@ana:a.org)');
      expect(names.get('@wide:b.org')).to.equal('\uFF21\uFF4E\uFF41 (@wide:b.org)');
      expect(names.get('@fiona:a.org')).to.equal('fiona (@fiona:a.org)');
      expect(names.get('@lig:b.org')).to.equal('\uFB01ona (@lig:b.org)');
      expect(names.get('@max:a.org')).to.equal('Max (@max:a.org)');
      expect(names.get('@math:b.org')).to.equal('\u{1D40C}ax (@math:b.org)');
    });
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
