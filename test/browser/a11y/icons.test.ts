/**
 * Issue 12 item 11: on a machine without an emoji font, an emoji or symbol glyph on a control renders as an
 * empty box. Every icon-only control has a name (aria-label or visually hidden text) and draws an inline SVG;
 * no control of the elements' own chrome shows an emoji or symbol glyph. Emoji stay where they are content:
 * message bodies, reaction chips and the reaction picker (whose buttons are reaction keys).
 */
import { expect } from '@open-wc/testing';
import '../../../src/all.ts';
import { getSession } from '../../../src/session/get-session.ts';
import { JoinButtonHarness } from '../../harnesses/join-button-harness.ts';
import { LauncherHarness } from '../../harnesses/launcher-harness.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import { cleanPage, publicClosedRoom, publicRoom } from '../join-button/helpers.ts';
import { createRoom, join, registerUser, server, signInAsNewUser, type TestUser } from '../room/helpers.ts';

const main = server('main');
const oauth = server('oauth');

/** Emoji and the symbol glyphs icon fonts lack (×, –, ✓, ✕, ☰, ⋯, arrows, dingbats, pictographs). */
const GLYPH = /[\p{Extended_Pictographic}\u00d7\u2013\u2190-\u21ff\u2300-\u23ff\u2500-\u27bf\u2b00-\u2bff\u22ef]/u;

/** Every button inside `root` and the shadow roots below it. */
function allButtons(root: ParentNode): HTMLButtonElement[] {
  const out: HTMLButtonElement[] = [];
  const walk = (node: ParentNode) => {
    for (const el of node.querySelectorAll('*')) {
      if (el instanceof HTMLButtonElement) out.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(root);
  return out;
}

/** The text a button shows, without its parts hidden from everyone (aria-hidden) or from sight (visually hidden). */
function visibleText(b: Element): string {
  let text = '';
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) text += n.textContent;
    else if (n instanceof Element && !n.matches('[aria-hidden="true"], .visually-hidden, svg')) n.childNodes.forEach(walk);
  };
  b.childNodes.forEach(walk);
  return text.replace(/\s+/g, ' ').trim();
}

/** Its accessible name as far as these controls go: aria-label, else its text (visually hidden text included). */
function nameOf(b: Element): string {
  return (b.getAttribute('aria-label') ?? b.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The buttons whose key is an emoji on purpose (reactions are content). */
const isReaction = (b: Element) => !!b.closest('.reaction-picker, .reactions');

function expectIconControl(b: HTMLButtonElement | null | undefined, name: string): void {
  expect(b, `a "${name}" control`).to.exist;
  expect(nameOf(b!), 'its accessible name').to.equal(name);
  expect(b!.querySelector('svg'), `"${name}" draws an SVG icon`).to.exist;
  expect(b!.querySelector('svg')!.getAttribute('aria-hidden'), 'the icon is decorative').to.equal('true');
  expect(GLYPH.test(b!.textContent ?? ''), `"${name}" shows no emoji or symbol glyph: "${b!.textContent}"`).to.equal(false);
}

/** Across the page: no chrome control shows a glyph, and every control without visible text has a name and an SVG. */
function expectNoGlyphControls(): void {
  for (const b of allButtons(document.body)) {
    if (isReaction(b)) continue;
    expect(GLYPH.test(b.textContent ?? ''), `button "${nameOf(b)}" shows a glyph: "${b.textContent?.trim()}"`).to.equal(false);
    if (!visibleText(b) && !b.querySelector('img')) {
      expect(nameOf(b), 'an icon-only button has a name').to.not.equal('');
      expect(b.querySelector('svg'), `icon-only button "${nameOf(b)}" draws an SVG`).to.exist;
    }
  }
}

describe('icon-only controls: a name and an SVG, never an emoji glyph (issue 12 item 11)', function () {
  this.timeout(60_000);
  let owner: TestUser;

  before(async () => {
    await cleanPage();
    owner = await registerUser(main.url, 'Owner');
  });

  afterEach(cleanPage);

  it('<matrix-room> joined: "Upload a file" is a paper-clip SVG, not 📎', async () => {
    const roomId = await createRoom(owner, { name: 'Icons', preset: 'public_chat' });
    const me = await signInAsNewUser();
    await join(me, roomId);
    const r = RoomHarness.create({ room: roomId, homeserver: main.url });
    await r.waitForState('joined', 20_000);
    expectIconControl(r.button('Upload a file'), 'Upload a file');
    expect(r.button('Upload a file')!.querySelector('svg')!.dataset.icon).to.equal('attach');
    expectNoGlyphControls();
  });

  it('<matrix-room> sign-in dialog: "Close" is an SVG cross, not ×', async () => {
    const r = RoomHarness.create({ room: `#lobby:${oauth.serverName}`, homeserver: oauth.url });
    await r.waitForState('card');
    r.joinButton()!.click();
    const dialog = await waitUntil(() => r.root.querySelector<HTMLDialogElement>('dialog.sign-in[open]'), 'the sign-in dialog');
    expectIconControl(r.button('Close', dialog), 'Close');
    expectNoGlyphControls();
  });

  it('<matrix-chat-launcher> open: "Minimize chat" and "Close chat" are SVGs, not – and ×', async () => {
    const l = LauncherHarness.create({ homeserver: main.url, room: `#lobby:${main.serverName}` });
    await waitUntil(() => l.buttonName() === 'Chat: Lobby', 'the launcher button');
    l.button().click();
    await l.settle();
    await l.room().waitForState('preview', 20_000);
    // The preview now comes before matrix-js-sdk: the room avatar on the button (fetched again for the guest
    // session, its initial meanwhile) may still be loading then.
    await waitUntil(() => l.button().querySelector('img'), 'the room avatar on the launcher button');
    expectIconControl(l.minimizeButton(), 'Minimize chat');
    expectIconControl(l.closeButton(), 'Close chat');
    expectNoGlyphControls();
  });

  it('<matrix-join-button>: the dialog\'s "Close" is an SVG cross; "Joined" has an SVG tick, not ✓', async () => {
    const closed = await publicClosedRoom(owner, 'Icon Club');
    const b = JoinButtonHarness.create({ room: closed.alias, homeserver: main.url });
    await b.waitForState('ready');
    await b.click();
    const dialog = await waitUntil(() => (b.dialog()?.open ? b.dialog() : null), 'the sign-in dialog');
    expectIconControl(dialog.querySelector<HTMLButtonElement>('button.close'), 'Close');
    expectNoGlyphControls();
    b.element.remove();

    const open = await publicRoom(owner, 'Tick Club');
    const user = await registerUser(main.url);
    await join(user, open.alias);
    await getSession().signIn({ username: user.username, password: user.password, homeserver: main.url });
    const joined = JoinButtonHarness.create({ room: open.alias, homeserver: main.url });
    await joined.waitForState('joined');
    expect(joined.label()).to.equal('Joined Tick Club');
    const tick = joined.root.querySelector('.check svg');
    expect(tick, 'the tick is an SVG').to.exist;
    expect(GLYPH.test(joined.buttonText()), `no glyph in "${joined.buttonText()}"`).to.equal(false);
  });
});
