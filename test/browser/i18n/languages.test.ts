/**
 * Issue 13 item 2: every element writes in the language of its nearest `lang` (its own attribute, an ancestor's,
 * `<html lang>`), then the browser's, then English; a `lang` changed on the page re-renders the elements it
 * concerns; plurals, numbers and dates follow the locale (`Intl`). German and French are shipped.
 */
import { expect } from '@open-wc/testing';
import '../../../src/all.ts';
import type { MatrixLogin } from '../../../src/components/login/login.ts';
import { formatDay, typingText } from '../../../src/components/room/timeline-parts.ts';
import { loadLocale, matchLocale, nearestLang, resolveLocale, templatesOf } from '../../../src/internal/localize.ts';
import { memberCountText } from '../../../src/render/counts.ts';
import { formatFileSize } from '../../../src/render/tiles/media-tiles.ts';
import { withLocale } from '../../../src/session/texts.ts';
import { JoinButtonHarness } from '../../harnesses/join-button-harness.ts';
import { LoginHarness } from '../../harnesses/login-harness.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import { cleanPage, publicRoom, registerUser, server, type TestUser } from '../join-button/helpers.ts';

const main = server('main');

function login(attrs: Record<string, string>, parent: HTMLElement = document.body): LoginHarness {
  const el = document.createElement('matrix-login') as MatrixLogin;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  parent.append(el);
  return new LoginHarness(el);
}

/** Text written in `locale` (its translations loaded first), as an element rendering in it would. */
async function inLocale<T>(locale: 'en' | 'de' | 'fr', fn: () => T): Promise<T> {
  await loadLocale(locale);
  return withLocale(locale, templatesOf(locale), fn);
}

describe('languages', function () {
  this.timeout(60_000);
  let owner: TestUser;
  const htmlLang = document.documentElement.getAttribute('lang');
  before(async () => {
    await cleanPage();
    owner = await registerUser(main.url, 'Alice');
  });
  afterEach(async () => {
    if (htmlLang === null) document.documentElement.removeAttribute('lang');
    else document.documentElement.setAttribute('lang', htmlLang);
    for (const el of document.querySelectorAll('[data-lang-test]')) el.remove();
    await cleanPage();
  });

  it('resolves a locale: own lang, an ancestor across shadow roots, region subtags, unknown falls to the browser', () => {
    expect(matchLocale('de')).to.equal('de');
    expect(matchLocale('de-AT')).to.equal('de');
    expect(matchLocale('FR-ca')).to.equal('fr');
    expect(matchLocale('en-GB')).to.equal('en');
    expect(matchLocale('es')).to.equal(undefined);

    const outer = Object.assign(document.createElement('div'), { lang: 'fr' });
    outer.dataset.langTest = '';
    const host = document.createElement('div');
    outer.append(host);
    document.body.append(outer);
    const inner = document.createElement('span');
    host.attachShadow({ mode: 'open' }).append(inner);
    expect(nearestLang(inner)).to.equal('fr', 'the lang of the shadow host\'s ancestor');
    expect(resolveLocale(inner)).to.equal('fr');
    inner.setAttribute('lang', '');
    expect(nearestLang(inner), 'lang="" means unknown: look higher').to.equal('fr');
    inner.setAttribute('lang', 'de-CH');
    expect(resolveLocale(inner)).to.equal('de');
    inner.setAttribute('lang', 'es');
    // No Spanish: the browser's languages come next (headless Chromium: en-US), then English.
    expect(resolveLocale(inner)).to.equal(matchLocale(navigator.languages[0] ?? 'en') ?? 'en');
  });

  it('a join button with lang="de" speaks German on an English page, in the word order of German', async () => {
    const { alias } = await publicRoom(owner, 'Gemeinschaft');
    const de = JoinButtonHarness.create({ room: alias, homeserver: main.url, lang: 'de' });
    const en = JoinButtonHarness.create({ room: alias, homeserver: main.url });
    await de.waitForState('ready', 20_000);
    await en.waitForState('ready', 20_000);
    expect(de.label()).to.equal('Gemeinschaft beitreten');
    expect(de.count()).to.equal('1 Mitglied');
    expect(de.appLink()!.textContent!.trim()).to.equal('In Ihrer Matrix-App öffnen');
    expect(en.label(), 'the element without lang stays English').to.equal('Join Gemeinschaft');
    expect(en.count()).to.equal('1 member');
    expect((de.element as unknown as { locale: string }).locale).to.equal('de');
  });

  it('follows the nearest ancestor\'s lang (French), and <html lang> when none is nearer (German)', async () => {
    const wrap = Object.assign(document.createElement('section'), { lang: 'fr' });
    wrap.dataset.langTest = '';
    document.body.append(wrap);
    const fr = login({ homeserver: main.url }, wrap);
    await fr.waitFor(() => !!fr.tab('Se connecter') && !!fr.field('Nom d’utilisateur'), 'the French sign-in form', 15_000);
    expect(fr.tab('Créer un compte')).to.exist;

    document.documentElement.setAttribute('lang', 'de');
    const de = login({ homeserver: main.url });
    await de.waitFor(() => !!de.tab('Anmelden') && !!de.field('Benutzername'), 'the German sign-in form', 15_000);
    expect(fr.tab('Se connecter'), 'the nearer lang wins over <html lang>').to.exist;
  });

  it('says which language it renders in: lang on its shadow content, also where the page\'s language is not shipped', async () => {
    document.documentElement.setAttribute('lang', 'es');
    const l = login({ homeserver: main.url });
    await l.waitFor(() => !!l.field('Username'), 'the form, in English (no Spanish)', 15_000);
    const langs = () => [...l.root.children].filter((el) => el.localName !== 'style').map((el) => el.getAttribute('lang'));
    expect(langs().length).to.be.greaterThan(0);
    expect(new Set(langs())).to.deep.equal(new Set([l.element.locale]));
    l.element.lang = 'fr';
    await l.waitFor(() => !!l.field('Nom d’utilisateur'), 'French', 15_000);
    expect(new Set(langs())).to.deep.equal(new Set(['fr']));
  });

  it('re-renders when a lang changes: the element\'s own, and an ancestor\'s', async () => {
    const wrap = document.createElement('div');
    wrap.dataset.langTest = '';
    document.body.append(wrap);
    const l = login({ homeserver: main.url }, wrap);
    await l.waitFor(() => !!l.field('Username'), 'the English form', 15_000);
    wrap.lang = 'fr';
    await l.waitFor(() => !!l.field('Nom d’utilisateur'), 'French after the ancestor changed', 15_000);
    l.element.lang = 'de';
    await l.waitFor(() => !!l.field('Benutzername'), 'German after its own lang changed', 15_000);
    l.element.removeAttribute('lang');
    await l.waitFor(() => !!l.field('Nom d’utilisateur'), 'the ancestor\'s French again', 15_000);
  });

  it('a German room: the room reads in German, messages stay as written', async () => {
    const { roomId, alias } = await publicRoom(owner, 'Treffpunkt');
    const res = await fetch(`${main.url}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/t${Date.now()}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${owner.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ msgtype: 'm.text', body: 'Hello, world' }),
    });
    expect(res.status).to.equal(200);
    const r = RoomHarness.create({ room: alias, homeserver: main.url, lang: 'de' });
    await r.waitForState('preview', 30_000);
    await waitUntil(() => r.timelineTexts().some((t) => t.includes('Hello, world')), 'the message, as written');
    const text = r.root.textContent ?? '';
    expect(text).to.contain('Alice hat den Raum in Treffpunkt umbenannt');
    expect(r.joinButton()!.textContent!.trim()).to.equal('Beitreten');
    expect(text).to.contain('Sie lesen diesen Raum als Besucher.');
    expect(r.root.querySelector('[part="timeline"]')!.getAttribute('aria-label')).to.equal('Nachrichten');
    expect(r.root.querySelector('[part="header"]')!.textContent).to.contain('1 Mitglied');
  });

  it('errors made by the shared session read in the element\'s language: a missing room, in French and German', async () => {
    const missing = `#nowhere${Date.now()}:${main.serverName}`;
    const r = RoomHarness.create({ room: missing, homeserver: main.url, lang: 'fr' });
    const b = JoinButtonHarness.create({ room: missing, homeserver: main.url, lang: 'de' });
    await r.waitForState('error', 30_000);
    expect(r.errorMessage()).to.equal('Ce salon n’existe pas. Vérifiez l’adresse.');
    await b.waitForState('error', 30_000);
    expect(b.message()).to.contain('Diesen Raum gibt es nicht.');
  });

  it('plurals by each language\'s rules, numbers and dates through Intl', async () => {
    expect(await inLocale('en', () => [memberCountText(0), memberCountText(1), memberCountText(1234)])).to.deep.equal(['0 members', '1 member', '1,234 members']);
    expect(await inLocale('de', () => [memberCountText(0), memberCountText(1), memberCountText(1234)])).to.deep.equal(['0 Mitglieder', '1 Mitglied', '1.234 Mitglieder']);
    // French counts 0 as singular; its thousands separator is a narrow no-break space.
    expect(await inLocale('fr', () => [memberCountText(0), memberCountText(1), memberCountText(1234)])).to.deep.equal(['0 membre', '1 membre', '1\u202f234 membres']);
    expect(await inLocale('de', () => formatFileSize(1500))).to.equal('1,5 KB');
    expect(await inLocale('fr', () => formatFileSize(1500))).to.equal('1,5 Ko');
    expect(await inLocale('de', () => typingText(['Ana', 'Bo', 'Cy']))).to.equal('Ana, Bo und 1 weitere Person schreiben …');
    const ts = new Date(2024, 2, 5, 12).getTime();
    expect(await inLocale('de', () => formatDay(ts))).to.equal('Dienstag, 5. März 2024');
    expect(await inLocale('fr', () => formatDay(ts))).to.equal('mardi 5 mars 2024');
    expect(await inLocale('fr', () => formatDay(Date.now()))).to.equal('Aujourd’hui');
  });

  it('session texts (error messages) follow <html lang>', async () => {
    document.documentElement.setAttribute('lang', 'fr');
    const l = login({ homeserver: 'http://127.0.0.1:9' });
    await l.waitFor(() => l.text().includes('Impossible de joindre'), 'the French error for an unreachable server', 20_000);
  });
});
