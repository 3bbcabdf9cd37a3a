/**
 * Issue 12 item 10, measured: the reply link starts where its quote's text starts; "N people joined" is one
 * line at a normal width; the reaction picker keeps its buttons off the element's edge; the open launcher
 * names its room once. (The launcher on a phone-sized join page: test/browser/a11y/demo.test.ts.)
 */
import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../../src/all.ts';
import { LauncherHarness } from '../../harnesses/launcher-harness.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import { cleanPage } from '../join-button/helpers.ts';
import { createRoom, join, registerUser, sendText, server, signInAsNewUser, type TestUser } from '../room/helpers.ts';

const main = server('main');

/** The box of the text inside `el` (not of the element, which may be stretched wider than its text). */
function textBox(el: Element): DOMRect {
  const range = document.createRange();
  range.selectNodeContents(el);
  return range.getBoundingClientRect();
}

/** Where `el`'s content starts: its left edge plus its left border and padding. */
function contentLeft(el: Element): number {
  const cs = getComputedStyle(el);
  return el.getBoundingClientRect().left + parseFloat(cs.borderLeftWidth) + parseFloat(cs.paddingLeft);
}

describe('layout (issue 12 item 10)', function () {
  this.timeout(90_000);
  let alice: TestUser;
  let bob: TestUser;
  let roomId: string;
  let parentId: string;
  let r: RoomHarness;
  const box = document.createElement('div');

  before(async () => {
    await cleanPage();
    await setViewport({ width: 1100, height: 900 });
    alice = await registerUser(main.url, 'Alice');
    bob = await registerUser(main.url, 'Bob');
    roomId = await createRoom(alice, { name: 'Layout', preset: 'public_chat' });
    await join(bob, roomId);
    parentId = await sendText(alice, roomId, 'Hello everyone, welcome to the room');
    await sendText(bob, roomId, 'Thanks Alice, glad to be here', { 'm.relates_to': { 'm.in_reply_to': { event_id: parentId } } });
    for (let i = 0; i < 4; i++) await join(await registerUser(main.url), roomId);
    const me = await signInAsNewUser();
    await join(me, roomId);
    box.style.width = '40rem';
    document.body.append(box);
    r = RoomHarness.create({ room: roomId, homeserver: main.url }, box);
    await r.waitForState('joined', 20_000);
    await r.waitForMessage('Thanks Alice, glad to be here', 15_000);
  });

  after(async () => {
    box.remove();
    await cleanPage();
    await setViewport({ width: 800, height: 600 });
  });

  it('"In reply to Alice" starts at the quote\'s left edge, not centred in it', async () => {
    const jump = await waitUntil(() => r.root.querySelector<HTMLElement>('.reply-quote .reply-jump'), 'the reply link');
    expect(jump.textContent?.replace(/\s+/g, ' ').trim()).to.equal('In reply to Alice');
    const quote = jump.closest('.reply-quote')!;
    const offset = textBox(jump).left - contentLeft(quote);
    expect(Math.abs(offset), `the link text starts ${offset.toFixed(1)} px from the quote's text edge`).to.be.lessThan(2);
  });

  it('"N people joined" is one line at a normal width', async () => {
    const summary = await waitUntil(() => r.root.querySelector<HTMLElement>('summary.membership-run'), 'the membership summary');
    expect(summary.textContent).to.match(/\d+ people joined/);
    const lineHeight = parseFloat(getComputedStyle(summary).fontSize) * 1.6;
    const text = textBox(summary);
    expect(text.height, `the summary's text is ${text.height.toFixed(1)} px tall`).to.be.lessThan(lineHeight);
    expect(text.width, 'laid out along the line').to.be.greaterThan(60);
  });

  it('the reaction picker\'s buttons sit at least 4 px inside the element', async () => {
    const id = await waitUntil(() => r.event(parentId)?.dataset.eventId, 'the message to react to');
    await r.action(id, 'React');
    const picker = await waitUntil(() => r.root.querySelector<HTMLElement>('.reaction-picker'), 'the reaction picker');
    const card = r.root.querySelector('[part="base"]')!.getBoundingClientRect();
    const buttons = [...picker.querySelectorAll('button')].map((b) => b.getBoundingClientRect());
    expect(buttons.length).to.be.greaterThan(0);
    const first = buttons[0];
    const last = buttons[buttons.length - 1];
    expect(first.left - card.left, 'first button from the left edge').to.be.at.least(4);
    expect(card.right - last.right, 'last button from the right edge').to.be.at.least(4);
    await r.action(id, 'React');
  });

  it('the open launcher names its room once (title bar), not again in the room\'s header', async () => {
    const l = LauncherHarness.create({ homeserver: main.url, room: `#lobby:${main.serverName}` });
    try {
      await waitUntil(() => l.buttonName() === 'Chat: Lobby', 'the launcher button');
      l.button().click();
      await l.settle();
      const room = l.room();
      await room.waitForState('preview', 20_000);
      const shown = (el: Element) => {
        const rect = el.getBoundingClientRect();
        return rect.width > 1 && rect.height > 1;
      };
      // The chrome of the panel: the launcher's own title bar and the room's header (the timeline is content).
      const names = [...l.root.querySelectorAll('[part="header"] bdi'), ...room.root.querySelectorAll('[part="header"] bdi')]
        .filter((e) => e.textContent?.trim() === 'Lobby' && shown(e));
      expect(names.length, 'visible "Lobby" in the panel\'s headers').to.equal(1);
      expect(l.title()).to.equal('Lobby');
      // The room's header still carries what only it has: the member count and, in a preview, Join.
      expect(room.root.querySelector('[part="header"]')!.textContent).to.match(/\d+ members?/);
      expect(shown(room.joinButton()!), 'Join stays visible').to.equal(true);
    } finally {
      l.element.remove();
    }
  });
});
