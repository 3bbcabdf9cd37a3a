import { expect } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../all.ts';
import { getSession } from '../../session/get-session.ts';
import { LauncherHarness } from '../../../test/harnesses/launcher-harness.ts';
import { waitUntil } from '../../../test/harnesses/room-harness.ts';
import {
  api, cleanPage, join, publicRoom, registerUser, sendText, server, type TestUser,
} from '../../../test/browser/join-button/helpers.ts';

const main = server('main');

/** The server's unread count for `user` in a room (`unread_notifications` of a fresh /sync), and their read receipt. */
async function unreadOnServer(user: TestUser, roomId: string): Promise<{ count: number; receipt?: string }> {
  const filter = JSON.stringify({ room: { rooms: [roomId], timeline: { limit: 1 } } });
  const res = await api(main.url, 'GET', `/_matrix/client/v3/sync?filter=${encodeURIComponent(filter)}`, { token: user.accessToken });
  const joined = res.body?.rooms?.join?.[roomId];
  const receipts = (joined?.ephemeral?.events ?? []).find((e: { type: string }) => e.type === 'm.receipt')?.content ?? {};
  const receipt = Object.keys(receipts).find((id) => receipts[id]?.['m.read']?.[user.userId]);
  return { count: joined?.unread_notifications?.notification_count ?? -1, receipt };
}

function launcher(attrs: Record<string, string>): LauncherHarness {
  return LauncherHarness.create({ homeserver: main.url, ...attrs });
}

const toggles: boolean[] = [];
const onToggle = (e: Event) => toggles.push((e as CustomEvent<{ open: boolean }>).detail.open);

describe('<matrix-chat-launcher>', () => {
  let owner: TestUser;

  before(async () => {
    await cleanPage();
    owner = await registerUser(main.url);
    document.addEventListener('matrix-launcher-toggle', onToggle);
  });

  after(() => document.removeEventListener('matrix-launcher-toggle', onToggle));

  beforeEach(() => {
    toggles.length = 0;
  });

  afterEach(async () => {
    await setViewport({ width: 1000, height: 800 });
    await cleanPage();
  });

  it('opens and closes with the mouse: the panel shows the room, focus moves in and back, events say so', async () => {
    await setViewport({ width: 1000, height: 800 });
    const l = launcher({ room: `#lobby:${main.serverName}` });
    await l.settle();
    await waitUntil(() => l.buttonName() === 'Chat: Lobby', 'the button named after the room');
    expect(l.button().getAttribute('aria-expanded')).to.equal('false');
    expect(l.isPanelVisible()).to.equal(false);
    expect(l.roomElement(), 'no room view before the first open').to.equal(null);

    l.button().click();
    await l.settle();
    expect(l.element.open).to.equal(true);
    expect(l.element.hasAttribute('open')).to.equal(true);
    expect(l.isPanelVisible()).to.equal(true);
    expect(l.button().getAttribute('aria-expanded')).to.equal('true');
    expect(l.panel().getAttribute('role')).to.equal('dialog');
    expect(l.title()).to.equal('Lobby');
    expect(l.focusInPanel(), 'focus moved into the panel').to.equal(true);
    expect(l.element.matches(':state(open)')).to.equal(true);
    const room = l.room();
    expect(room.element.getAttribute('room')).to.equal(`#lobby:${main.serverName}`);
    await room.waitForState('preview', 20_000);

    l.closeButton().click();
    await l.settle();
    expect(l.element.open).to.equal(false);
    expect(l.isPanelVisible()).to.equal(false);
    expect(l.focused(), 'focus back on the launcher button').to.equal(l.button());
    expect(toggles).to.deep.equal([true, false]);
  });

  it('minimize keeps the conversation; close ends it', async () => {
    const l = launcher({ room: `#lobby:${main.serverName}` });
    await l.settle();
    l.button().click();
    await l.settle();
    const first = l.roomElement();
    expect(first).to.exist;

    l.minimizeButton().click();
    await l.settle();
    expect(l.isPanelVisible()).to.equal(false);
    expect(l.element.matches(':state(minimized)')).to.equal(true);
    expect(first!.isConnected, 'minimized: the room view stays').to.equal(true);
    expect(l.focused()).to.equal(l.button());

    l.button().click();
    await l.settle();
    expect(l.roomElement(), 'the same room view after a minimize').to.equal(first);

    l.closeButton().click();
    await l.settle();
    expect(l.roomElement(), 'closed: the room view is gone').to.equal(null);
    expect(first!.isConnected).to.equal(false);
    expect(l.element.matches(':state(minimized)')).to.equal(false);

    l.button().click();
    await l.settle();
    expect(l.roomElement()).to.exist;
    expect(l.roomElement(), 'a fresh room view after a close').not.to.equal(first);
    expect(toggles).to.deep.equal([true, false, true, false, true]);
  });

  it('works with the keyboard: Enter opens, Tab reaches minimize and close, Escape closes, focus returns', async () => {
    const l = launcher({ room: `#lobby:${main.serverName}` });
    await l.settle();
    l.button().focus();
    await sendKeys({ press: 'Enter' });
    await l.settle();
    expect(l.element.open).to.equal(true);
    expect(l.focused(), 'the panel itself has focus').to.equal(l.panel());
    await sendKeys({ press: 'Tab' });
    expect(l.focused()).to.equal(l.minimizeButton());
    await sendKeys({ press: 'Tab' });
    expect(l.focused()).to.equal(l.closeButton());
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await l.settle();
    expect(l.element.open, 'Enter on "Minimize chat"').to.equal(false);
    expect(l.roomElement()).to.exist;
    expect(l.focused()).to.equal(l.button());

    await sendKeys({ press: 'Space' });
    await l.settle();
    expect(l.element.open, 'Space on the launcher button').to.equal(true);
    await sendKeys({ press: 'Escape' });
    await l.settle();
    expect(l.element.open, 'Escape closes').to.equal(false);
    expect(l.roomElement(), 'Escape closes (not minimizes)').to.equal(null);
    expect(l.focused()).to.equal(l.button());
    expect(toggles).to.deep.equal([true, false, true, false]);
  });

  it('Escape in the room\'s sign-in dialog closes that dialog, not the panel', async () => {
    const l = launcher({ room: `#lobby:${main.serverName}` });
    l.element.toggle(true);
    await l.settle();
    const room = l.room();
    await waitUntil(() => room.root.querySelector('[part="join-button"]'), 'the room\'s Join button', 20_000);
    room.root.querySelector<HTMLButtonElement>('[part="join-button"]')!.click();
    const dialog = await waitUntil(() => room.root.querySelector<HTMLDialogElement>('dialog[open]'), 'the room\'s sign-in dialog');
    dialog.querySelector<HTMLButtonElement>('button')!.focus();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open, 'the dialog to close');
    await l.settle();
    expect(l.element.open).to.equal(true);
  });

  it('is a full-screen panel under 640 px wide, a floating one above', async () => {
    await setViewport({ width: 400, height: 700 });
    const l = launcher({ room: `#lobby:${main.serverName}` });
    l.element.toggle(true);
    await l.settle();
    let r = l.panel().getBoundingClientRect();
    expect([r.left, r.top, r.width, r.height]).to.deep.equal([0, 0, 400, 700]);
    expect(l.button().getClientRects().length, 'the launcher button is under the panel: hidden').to.equal(0);
    expect(l.focusInPanel()).to.equal(true);

    await setViewport({ width: 1000, height: 800 });
    await l.settle();
    r = l.panel().getBoundingClientRect();
    expect(r.width).to.be.lessThan(1000);
    expect(r.height).to.be.lessThan(800);
    expect(r.right).to.be.closeTo(l.button().getBoundingClientRect().right, 1);
    expect(r.bottom).to.be.lessThan(l.button().getBoundingClientRect().top);
  });

  it('position="bottom-left" puts it in the left corner', async () => {
    const right = launcher({ room: `#lobby:${main.serverName}` });
    const left = launcher({ room: `#lobby:${main.serverName}`, position: 'bottom-left' });
    await right.settle();
    await left.settle();
    expect(left.button().getBoundingClientRect().left).to.be.lessThan(100);
    expect(right.button().getBoundingClientRect().right).to.be.greaterThan(innerWidth - 100);
  });

  it('the open attribute and property open it without an event; toggle(force) fires one', async () => {
    const l = launcher({ room: `#lobby:${main.serverName}`, open: '' });
    await l.settle();
    expect(l.isPanelVisible()).to.equal(true);
    expect(l.roomElement()).to.exist;
    l.element.open = false;
    await l.settle();
    expect(l.isPanelVisible()).to.equal(false);
    expect(toggles, 'setting open fires nothing').to.deep.equal([]);
    expect(l.element.toggle()).to.equal(true);
    await l.settle();
    expect(l.isPanelVisible()).to.equal(true);
    expect(l.element.toggle(true), 'already open').to.equal(true);
    expect(l.element.toggle(false)).to.equal(false);
    await l.settle();
    expect(l.isPanelVisible()).to.equal(false);
    expect(toggles).to.deep.equal([true, false]);
  });

  it('show() opens like the button, close() ends the room view like "Close"; both fire matrix-launcher-toggle once', async () => {
    const l = launcher({ room: `#lobby:${main.serverName}` });
    await l.settle();
    l.element.show();
    await l.settle();
    expect(l.isPanelVisible()).to.equal(true);
    expect(l.focusInPanel()).to.equal(true);
    l.element.show();
    l.element.close();
    await l.settle();
    expect(l.isPanelVisible()).to.equal(false);
    expect(l.roomElement(), 'close() ends the room view').to.equal(null);
    l.element.close();
    expect(toggles).to.deep.equal([true, false]);
  });

  it('with an existing session it syncs in the background: the badge counts messages from others while closed', async () => {
    const { roomId, alias } = await publicRoom(owner, 'Support');
    const user = await registerUser(main.url);
    await join(user, alias);
    await getSession().signIn({ username: user.username, password: user.password, homeserver: main.url });
    const l = launcher({ room: alias });
    await waitUntil(() => l.buttonName() === 'Chat: Support', 'the room name');
    expect(l.badge()).to.equal('');
    // The launcher starts the page's client without being opened.
    await waitUntil(() => getSession().currentClient, 'the background client', 20_000);
    await getSession().client();
    await new Promise((r) => setTimeout(r, 200));

    await sendText(owner, roomId, 'Anyone there?');
    await sendText(owner, roomId, 'Hello?');
    await l.waitForBadge('2');
    expect(l.buttonName()).to.equal('Chat: Support, 2 unread messages');
    expect(l.element.matches(':state(unread)')).to.equal(true);
    expect(l.roomElement(), 'still never opened').to.equal(null);

    l.button().click();
    await l.settle();
    expect(l.badge(), 'opening clears the badge').to.equal('');
    await l.room().waitForState('joined', 20_000);
    await sendText(owner, roomId, 'Here while you read');
    await waitUntil(() => l.room().root.textContent?.includes('Here while you read'), 'the message in the open panel', 20_000);
    expect(l.badge(), 'nothing counted while open').to.equal('');

    l.minimizeButton().click();
    await l.settle();
    await sendText(owner, roomId, 'One more');
    await l.waitForBadge('1');
    // Own messages never count.
    await sendText(user, roomId, 'my own');
    await new Promise((r) => setTimeout(r, 1500));
    expect(l.badge()).to.equal('1');
  });

  it('shows messages that arrived while the visitor was away (the server\'s unread count)', async () => {
    const { roomId, alias } = await publicRoom(owner, 'Backlog');
    const user = await registerUser(main.url);
    await join(user, alias);
    await sendText(owner, roomId, 'first while away');
    await sendText(owner, roomId, 'second while away');
    await sendText(owner, roomId, 'third while away');
    await getSession().signIn({ username: user.username, password: user.password, homeserver: main.url });
    const l = launcher({ room: alias });
    await l.waitForBadge('3', 20_000);
  });

  it('a minimized room sends no read receipt: the server keeps the unread count until the panel opens again', async function () {
    this.timeout(60_000);
    const { roomId, alias } = await publicRoom(owner, 'Receipts');
    const user = await registerUser(main.url);
    await join(user, alias);
    await getSession().signIn({ username: user.username, password: user.password, homeserver: main.url });
    const l = launcher({ room: alias });
    await l.settle();
    l.button().click();
    await l.settle();
    const room = l.room();
    await room.waitForState('joined', 20_000);
    await sendText(owner, roomId, 'seen while open');
    await room.waitForMessage('seen while open', 15_000);
    // Open and at the bottom: what arrives is seen, and the server hears so.
    await waitUntil(async () => (await unreadOnServer(user, roomId)).count === 0, 'the message read while open', 15_000);
    const before = (await unreadOnServer(user, roomId)).receipt;
    expect(before).to.match(/^\$/);

    l.minimizeButton().click();
    await l.settle();
    expect(l.isPanelVisible()).to.equal(false);
    await sendText(owner, roomId, 'arrived while minimized 1');
    await sendText(owner, roomId, 'arrived while minimized 2');
    // The hidden room is still live: it renders them (and would have sent a receipt with the old check).
    await room.waitForMessage('arrived while minimized 2', 15_000);
    await l.waitForBadge('2');
    await room.element.updateComplete;
    await new Promise((r) => setTimeout(r, 1000));
    expect(await unreadOnServer(user, roomId), 'nobody saw them yet').to.deep.equal({ count: 2, receipt: before });

    // Open again: now they are on screen, and read.
    l.button().click();
    await l.settle();
    await waitUntil(async () => (await unreadOnServer(user, roomId)).count === 0, 'read once the panel is open again', 15_000);
    expect((await unreadOnServer(user, roomId)).receipt).to.not.equal(before);
    expect(room.isAtBottom(), 'the open panel shows the newest messages').to.equal(true);
  });
});
