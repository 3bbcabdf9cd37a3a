/**
 * `<matrix-chat-launcher>`'s `button` slot: the page's icon or text on the floating button in place of the room
 * avatar; the unread badge stays; the button's accessible name (Chromium's accessibility tree) stays right;
 * the button still opens the panel; page styles reach the content; axe finds nothing.
 */
import { expect } from '@open-wc/testing';
import '../../../src/all.ts';
import { getSession } from '../../../src/session/get-session.ts';
import { LauncherHarness } from '../../harnesses/launcher-harness.ts';
import { waitUntil } from '../../harnesses/room-harness.ts';
import { join, publicRoom, registerUser, sendText, server } from '../join-button/helpers.ts';
import { expectNoAxeViolations } from '../a11y/axe.ts';
import { axNode, children, inside, pageStyle, shown, slotSuiteHooks } from './helpers.ts';

const main = server('main');
let n = 0;

const ICON = '<svg slot="button" class="my-icon" aria-hidden="true" width="24" height="24" viewBox="0 0 24 24"><path fill="currentColor" d="M4 4h16v12H7l-3 3z"/></svg>';

/** A launcher with `markup` as its children from the start (as a page's HTML has them), wrapped. */
function create(room: string, markup = ''): LauncherHarness & { selector: string } {
  const el = document.createElement('matrix-chat-launcher');
  el.id = `launcher-slot-${n++}`;
  el.setAttribute('room', room);
  el.setAttribute('homeserver', main.url);
  children(el, markup);
  document.body.append(el);
  return Object.assign(new LauncherHarness(el), { selector: `#${el.id} >>> button[part="button"]` });
}

async function nameOf(l: { selector: string }): Promise<string> {
  const { role, name } = await axNode(l.selector);
  expect(role).to.equal('button');
  return name;
}

const avatar = (l: LauncherHarness) => l.button().querySelector('[part="avatar"]');

describe('<matrix-chat-launcher> button slot', function () {
  this.timeout(60_000);
  const hooks = slotSuiteHooks();


  it('without content: the room avatar on a round button named "Chat: <room>"', async () => {
    const { alias } = await publicRoom(hooks.owner(), 'Help');
    const l = create(alias);
    await waitUntil(async () => (await nameOf(l)) === 'Chat: Help', 'the launcher knows the room');
    expect(shown(avatar(l))).to.equal(true);
    const box = l.button().getBoundingClientRect();
    expect(box.width).to.be.closeTo(box.height, 0.5);
  });

  it('an icon: shown in place of the avatar, in the page\'s colours; the name stays "Chat: <room>"; it opens the panel', async () => {
    pageStyle('.my-icon { color: rgb(255, 255, 0); }');
    const { alias } = await publicRoom(hooks.owner(), 'Help');
    const l = create(alias, ICON);
    await waitUntil(async () => (await nameOf(l)) === 'Chat: Help', 'the launcher knows the room');
    const icon = l.element.querySelector('.my-icon')!;
    expect(shown(icon)).to.equal(true);
    expect(inside(icon, l.button())).to.equal(true);
    expect(shown(avatar(l)), 'no avatar (the slot\'s fallback)').to.equal(false);
    expect(getComputedStyle(icon).color).to.equal('rgb(255, 255, 0)');
    // Still the round button of the default size, the icon in its middle.
    const box = l.button().getBoundingClientRect();
    const i = icon.getBoundingClientRect();
    expect(box.width).to.be.closeTo(box.height, 0.5);
    expect((i.left + i.right) / 2).to.be.closeTo((box.left + box.right) / 2, 1);
    expect((i.top + i.bottom) / 2).to.be.closeTo((box.top + box.bottom) / 2, 1);

    l.button().click();
    await l.settle();
    expect(l.isPanelVisible()).to.equal(true);
    await l.room().waitForState('preview', 20_000);
    await expectNoAxeViolations('a launcher with a slotted icon, open');
  });

  it('text: a pill as wide as the text, named by it; the default avatar comes back when the content goes', async () => {
    const { alias } = await publicRoom(hooks.owner(), 'Help');
    const l = create(alias, `<span slot="button">${ICON.replace(' slot="button"', '')} Ask us</span>`);
    await waitUntil(async () => (await nameOf(l)) === 'Ask us', () => 'the text names the button');
    const text = l.element.querySelector('span')!;
    expect(shown(text)).to.equal(true);
    expect(inside(text, l.button()), 'the text fits the button').to.equal(true);
    const box = l.button().getBoundingClientRect();
    expect(box.width, 'wider than round').to.be.above(box.height);
    await expectNoAxeViolations('a launcher with slotted text');

    l.element.replaceChildren();
    await waitUntil(async () => (await nameOf(l)) === 'Chat: Help', 'the name is back');
    await waitUntil(() => shown(avatar(l)), 'the avatar is back');
    const round = l.button().getBoundingClientRect();
    expect(round.width).to.be.closeTo(round.height, 0.5);
  });

  it('the unread count is part of the name with slotted text and with an icon; the badge stays on the button', async () => {
    const { roomId, alias } = await publicRoom(hooks.owner(), 'Support');
    const me = await registerUser(main.url);
    await join(me, alias);
    await getSession().signIn({ username: me.username, password: me.password, homeserver: main.url });
    const text = create(alias, '<span slot="button">Support</span>');
    const icon = create(alias, ICON);
    icon.element.position = 'bottom-left';
    await waitUntil(async () => (await nameOf(icon)) === 'Chat: Support', 'the launcher knows the room');
    await getSession().client();
    await new Promise((r) => setTimeout(r, 300));
    await sendText(hooks.owner(), roomId, 'Anyone there?');
    await text.waitForBadge('1');
    await icon.waitForBadge('1');
    expect((await nameOf(text)).replace(/\s+,/, ',')).to.equal('Support, 1 unread message');
    expect(await nameOf(icon)).to.equal('Chat: Support, 1 unread message');
    const badge = text.root.querySelector('[part="badge"]')!;
    expect(shown(badge)).to.equal(true);
    await expectNoAxeViolations('launchers with slotted content and an unread badge');
  });
});
