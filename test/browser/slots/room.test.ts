/**
 * `<matrix-room>`'s slots: `empty` (the page's own empty state, in place of "No messages yet.", in a room with
 * nothing but joins and settings) and `header-actions` (the page's buttons and links in the header's row and its
 * tab order), in a preview and once joined; page styles reach them; axe finds nothing.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/all.ts';
import { getSession } from '../../../src/session/get-session.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import { join, publicClosedRoom, publicRoom, registerUser, sendText, server } from '../join-button/helpers.ts';
import { expectNoAxeViolations } from '../a11y/axe.ts';
import { axNode, children, inside, pageStyle, shown, slotSuiteHooks } from './helpers.ts';

const main = server('main');
let n = 0;

/** A room element with `markup` as its children from the start (as a page's HTML has them), wrapped. */
function create(room: string, markup = ''): RoomHarness & { id: string } {
  const el = document.createElement('matrix-room');
  el.id = `room-slot-${n++}`;
  el.setAttribute('room', room);
  el.setAttribute('homeserver', main.url);
  children(el, markup);
  document.body.append(el);
  return Object.assign(new RoomHarness(el), { id: el.id });
}

const emptyState = (r: RoomHarness) => r.root.querySelector<HTMLElement>('[part="timeline"] .empty');
const header = (r: RoomHarness) => r.root.querySelector<HTMLElement>('[part="header"]')!;

/** The element focus is really on (through shadow roots). */
function deepActive(): Element | null {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

describe('<matrix-room> slots', function () {
  this.timeout(60_000);
  const hooks = slotSuiteHooks();


  describe('empty', () => {
    it('a room without messages says "No messages yet." in its timeline; a room with messages does not', async () => {
      const quiet = await publicRoom(hooks.owner(), 'Quiet Room');
      const busy = await publicRoom(hooks.owner(), 'Busy Room');
      await sendText(hooks.owner(), busy.roomId, 'Hello there');
      const a = create(quiet.alias);
      const b = create(busy.alias);
      await a.waitForState('preview');
      await b.waitForState('preview');
      await b.waitForMessage('Hello there');
      const empty = await waitUntil(() => emptyState(a), 'the empty state');
      expect(empty.textContent?.trim()).to.equal('No messages yet.');
      expect(shown(empty)).to.equal(true);
      expect(a.timeline()!.contains(empty), 'inside the timeline').to.equal(true);
      expect(emptyState(b) === null, 'no empty state with messages').to.equal(true);
    });

    it('the page\'s empty state replaces the text, styled by the page, and goes when the first message arrives', async () => {
      pageStyle('.my-empty { color: rgb(0, 128, 0); margin: 0; }');
      const quiet = await publicRoom(hooks.owner(), 'Quiet Room');
      const r = create(quiet.alias, '<p slot="empty" class="my-empty">Be the first to say hello! <a href="/guidelines">Read the guidelines</a></p>');
      await r.waitForState('preview');
      await waitUntil(() => emptyState(r), 'the empty state');
      const mine = r.element.querySelector<HTMLElement>('.my-empty')!;
      expect(shown(mine), 'the page\'s empty state is shown').to.equal(true);
      expect(inside(mine, r.timeline()!), 'in the timeline').to.equal(true);
      // Assigned to the slot: its fallback, "No messages yet.", is not rendered.
      const assigned = emptyState(r)!.querySelector('slot')!.assignedElements();
      expect(assigned.length === 1 && assigned[0] === mine).to.equal(true);
      expect(getComputedStyle(mine).color, 'the page styles it').to.equal('rgb(0, 128, 0)');
      expect(await axNode(`#${r.id} a[href="/guidelines"]`)).to.deep.equal({ role: 'link', name: 'Read the guidelines' });
      await expectNoAxeViolations('a room with the page\'s empty state');

      await sendText(hooks.owner(), quiet.roomId, 'First!');
      await r.waitForMessage('First!', 15_000);
      await waitUntil(() => !emptyState(r), 'the empty state to go');
      expect(shown(mine), 'not shown once there are messages').to.equal(false);
    });

    it('joined: the page\'s empty state is a tab stop of its own; its link is reachable from the keyboard', async () => {
      const quiet = await publicRoom(hooks.owner(), 'Quiet Room');
      const me = await registerUser(main.url);
      await join(me, quiet.alias);
      await getSession().signIn({ username: me.username, password: me.password, homeserver: main.url });
      const r = create(quiet.alias, '<p slot="empty">Nobody has written yet. <a href="/guidelines">Read the guidelines</a></p>');
      await r.waitForState('joined', 20_000);
      await waitUntil(() => emptyState(r), 'the empty state');
      const link = r.element.querySelector<HTMLAnchorElement>('a[href="/guidelines"]')!;
      // From the timeline's one stop (the newest event: someone joined), Tab reaches the page's link next.
      const current = await waitUntil(() => r.timeline()!.querySelector<HTMLElement>('[tabindex="0"]'), 'the timeline\'s tab stop');
      current.focus();
      await sendKeys({ press: 'Tab' });
      expect(deepActive() === link, 'Tab from the timeline lands on the page\'s link').to.equal(true);
      // The timeline's arrow keys leave it alone.
      await sendKeys({ press: 'ArrowUp' });
      expect(deepActive() === link).to.equal(true);
      await expectNoAxeViolations('a joined room with the page\'s empty state');
    });
  });

  describe('header-actions', () => {
    it('the page\'s buttons and links sit in the header row, before Join, in its tab order; styled by the page', async () => {
      pageStyle('.my-action { color: rgb(128, 0, 128); }');
      const room = await publicRoom(hooks.owner(), 'Community');
      await sendText(hooks.owner(), room.roomId, 'Welcome');
      const r = create(room.alias, '<a slot="header-actions" class="my-action" href="/rules">Rules</a><button slot="header-actions" type="button">Share</button>');
      await r.waitForState('preview');
      const rules = r.element.querySelector<HTMLAnchorElement>('a.my-action')!;
      const share = r.element.querySelector<HTMLButtonElement>('button')!;
      const join = r.joinButton()!;
      const h = header(r);
      for (const el of [rules, share]) {
        expect(shown(el)).to.equal(true);
        expect(inside(el, h), 'inside the header').to.equal(true);
      }
      // One row: vertically centred with the title, left to right before Join.
      const mid = (el: Element) => { const b = el.getBoundingClientRect(); return (b.top + b.bottom) / 2; };
      expect(mid(rules)).to.be.closeTo(mid(join), 2);
      expect(mid(share)).to.be.closeTo(mid(join), 2);
      expect(rules.getBoundingClientRect().right).to.be.at.most(share.getBoundingClientRect().left);
      expect(share.getBoundingClientRect().right).to.be.at.most(join.getBoundingClientRect().left);
      expect(getComputedStyle(rules).color, 'the page styles it').to.equal('rgb(128, 0, 128)');
      // The header is not taller than without actions.
      const plain = create(room.alias);
      await plain.waitForState('preview');
      expect(h.getBoundingClientRect().height).to.be.closeTo(header(plain).getBoundingClientRect().height, 1);

      rules.focus();
      await sendKeys({ press: 'Tab' });
      expect(deepActive() === share).to.equal(true);
      await sendKeys({ press: 'Tab' });
      expect(deepActive() === join, 'then the room\'s own Join').to.equal(true);
      expect(await axNode(`#${r.id} >>> [part="join-button"]`)).to.deep.equal({ role: 'button', name: 'Join' });
      await expectNoAxeViolations('a room preview with header actions');
    });

    it('long titles shrink, the actions stay whole; shown once joined; not on the summary card', async () => {
      const room = await publicRoom(hooks.owner(), 'A room with a very long name that does not fit into the header of a narrow element at all');
      const me = await registerUser(main.url);
      await join(me, room.alias);
      await getSession().signIn({ username: me.username, password: me.password, homeserver: main.url });
      const r = create(room.alias, '<a slot="header-actions" href="/rules">Community rules</a>');
      r.element.style.width = '20rem';
      await r.waitForState('joined', 20_000);
      const rules = r.element.querySelector<HTMLAnchorElement>('a')!;
      expect(shown(rules)).to.equal(true);
      expect(inside(rules, header(r)), 'inside the header').to.equal(true);
      expect(rules.getClientRects().length, 'on one line').to.equal(1);
      const title = r.root.querySelector<HTMLElement>('[part="header-title"]')!;
      expect(title.scrollWidth, 'the title is cut (ellipsis) instead').to.be.above(title.clientWidth);
      await expectNoAxeViolations('a joined room with header actions');

      await getSession().signOut();
      const closed = await publicClosedRoom(hooks.owner(), 'Closed Room');
      const card = create(closed.alias, '<a slot="header-actions" class="card-action" href="/rules">Rules</a>');
      await card.waitForState('card', 20_000);
      expect(shown(card.element.querySelector('.card-action')), 'no header on the card').to.equal(false);
    });
  });
});
