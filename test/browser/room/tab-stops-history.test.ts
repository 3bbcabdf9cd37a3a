/**
 * The timeline stays one tab stop as history loads: the controls of rows a page of history inserts (Reply, React,
 * links) are out of the tab order like every other row's, and they come in when their message becomes current.
 * (timeline-keys.ts sets tab stops only in what was inserted since its last pass and in the old and new current
 * message; this checks nothing inserted is missed.)
 */
import { expect } from '@open-wc/testing';
import '../../../src/all.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import { cleanPage } from '../join-button/helpers.ts';
import { createRoom, injectMessage, join, registerUser, server, signInAsNewUser } from './helpers.ts';

const main = server('main');

/** Controls of the timeline's rows that Tab would reach, outside the row that holds `except`. */
function tabbableOutside(r: RoomHarness, except: Element | null): string[] {
  return Array.from(r.root.querySelectorAll<HTMLElement>('[part="timeline"] .row button, [part="timeline"] .row a[href]'))
    .filter((c) => c.tabIndex >= 0 && !(except && c.closest('.row')!.contains(except)))
    .map((c) => `${c.closest('.row')!.textContent!.trim().slice(0, 40)} → ${c.textContent!.trim() || c.getAttribute('href')}`);
}

describe('<matrix-room> tab stops as history loads', () => {
  let r: RoomHarness | undefined;
  afterEach(cleanPage);

  it('keeps the controls of every loaded page of history out of the tab order until their message is current', async function () {
    this.timeout(60_000);
    const alice = await registerUser(main.url, 'Alice');
    const roomId = await createRoom(alice, { name: 'Tab stops', preset: 'public_chat' });
    for (let i = 1; i <= 120; i++) await injectMessage(roomId, alice.userId, i % 5 === 0 ? `Older ${i} see https://example.org/${i}` : `Older ${i}`);
    const me = await signInAsNewUser();
    await join(me, roomId);
    r = RoomHarness.create({ room: roomId, homeserver: main.url });
    await r.waitForState('joined', 20_000);
    await r.waitForMessage('Older 119', 15_000);
    await r.element.updateComplete;
    const current = () => r!.root.querySelector('[part="timeline"] .row[tabindex="0"]');
    expect(tabbableOutside(r, current()), 'on opening').to.deep.equal([]);

    await waitUntil(async () => {
      if (!r!.isLoadingOlder()) await r!.element.loadOlder();
      return r!.timelineTexts().includes('Older 1');
    }, () => `older messages loaded (oldest shown: ${r!.timelineTexts()[0]})`, 30_000);
    await r.element.updateComplete;
    expect(current(), 'still one tab stop').to.not.equal(null);
    expect(r.root.querySelectorAll('[part="timeline"] .row[tabindex="0"]').length).to.equal(1);
    expect(tabbableOutside(r, current()), 'after pages of history').to.deep.equal([]);

    // A loaded message becomes current (focus moves to it): its link and actions are tab stops, no one else's.
    const old = Array.from(r.root.querySelectorAll<HTMLElement>('[part="timeline"] .row')).find((row) => row.textContent!.includes('Older 5 see'))!;
    old.focus();
    await r.element.updateComplete;
    expect(old.getAttribute('tabindex')).to.equal('0');
    const link = old.querySelector<HTMLAnchorElement>('a[href]')!;
    expect(link.tabIndex, 'the current message\'s link').to.equal(0);
    expect(Array.from(old.querySelectorAll<HTMLButtonElement>('.actions button')).map((b) => b.tabIndex)).to.not.include(-1);
    expect(tabbableOutside(r, old), 'after moving to an old message').to.deep.equal([]);
  });
});
