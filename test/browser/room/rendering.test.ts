/**
 * <matrix-room> joined, how the timeline reads: date separators, grouping of one sender's messages, collapsed
 * membership runs ("3 people joined"), display names disambiguated, long bodies folded behind "Show more",
 * m.notice / m.emote arriving live, and a reply whose parent is not loaded: clicking the quote loads it and
 * scrolls to it. One room, prepared through the homeserver's API by other users, shared by the tests.
 */
import { expect } from '@open-wc/testing';
import '../../../src/all.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import {
  api, createRoom, join, registerUser, resetSession, sendEvent, sendText, server, signInAsNewUser, type TestUser,
} from './helpers.ts';

const main = server('main');
const DAY = 86_400_000;

describe('<matrix-room> timeline layout (shared room)', function () {
  this.timeout(60_000);
  let ana: TestUser;
  let impostor: TestUser;
  let roomId: string;
  let parentId: string;
  let replyId: string;
  const ids: Record<string, string> = {};
  const oldTs = Date.now() - 3 * DAY;
  let r: RoomHarness;

  before(async function () {
    this.timeout(60_000);
    ana = await registerUser(main.url, 'Ana');
    roomId = await createRoom(ana, { name: 'Layout', preset: 'public_chat' });
    // A reply whose parent is far back: more events in between than the element loads at first (60).
    parentId = await sendText(ana, roomId, 'the parent message');
    for (let i = 0; i < 70; i++) await sendText(ana, roomId, `filler ${i}`);
    replyId = await sendText(ana, roomId, 'the reply', { 'm.relates_to': { 'm.in_reply_to': { event_id: parentId } } });
    // Two messages from three days ago (a server that was offline, a bridge), then today's again.
    for (const body of ['old one', 'old two']) {
      const res = await api(main.url, 'POST', `/_dev/rooms/${encodeURIComponent(roomId)}/inject`, {
        body: { type: 'm.room.message', sender: ana.userId, origin_server_ts: oldTs, content: { msgtype: 'm.text', body } },
      });
      ids[body] = res.body.event_id;
    }
    ids['grouped 1'] = await sendText(ana, roomId, 'grouped 1');
    ids['grouped 2'] = await sendText(ana, roomId, 'grouped 2');
    // Three people join in a row (one of them also calls themself "Ana").
    impostor = await registerUser(main.url, 'Ana');
    const joiners = [impostor, await registerUser(main.url), await registerUser(main.url)];
    for (const u of joiners) await join(u, roomId);
    ids.impostor = await sendText(impostor, roomId, 'impostor says hi');
    ids.long = await sendText(ana, roomId, Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n'));
    const me = await signInAsNewUser();
    await join(me, roomId);
    r = RoomHarness.create({ room: roomId, homeserver: main.url });
    await r.waitForState('joined', 20_000);
    await r.waitForMessage('impostor says hi', 15_000);
  });

  after(async () => {
    r?.element.remove();
    await resetSession();
  });

  it('date separators, grouped messages, "3 people joined", disambiguated names, "Show more"', async () => {
    await r.element.updateComplete;
    // A separator before the first message of each day, as <time datetime>.
    const oldRow = r.row(ids['old one'])!;
    const oldSeparator = oldRow.previousElementSibling as HTMLElement;
    expect(oldSeparator.matches('.date-separator[role="separator"]')).to.equal(true);
    const oldDay = new Date(oldTs).toISOString().slice(0, 10);
    expect(oldSeparator.querySelector('time')!.getAttribute('datetime')).to.equal(oldDay);
    expect(oldSeparator.textContent).to.contain(String(new Date(oldTs).getFullYear()));
    expect(oldSeparator.textContent).to.not.contain('Today');
    expect(r.row(ids['old two'])!.previousElementSibling, 'same day: no separator').to.equal(oldRow);
    const todaySeparator = r.row(ids['grouped 1'])!.previousElementSibling as HTMLElement;
    expect(todaySeparator.matches('.date-separator')).to.equal(true);
    expect(todaySeparator.textContent!.trim()).to.equal('Today');

    // One sender's consecutive messages share one header.
    const first = r.row(ids['grouped 1'])!;
    const second = r.row(ids['grouped 2'])!;
    expect(first.classList.contains('first')).to.equal(true);
    expect(first.querySelector('.sender')).to.exist;
    expect(second.classList.contains('continuation')).to.equal(true);
    expect(second.querySelector('.sender'), 'no second header').to.equal(null);
    expect(r.row(ids['old two'])!.classList.contains('continuation')).to.equal(true);

    // Three joins in a row collapse into one line, which opens to show each.
    const runs = Array.from(r.root.querySelectorAll<HTMLElement>('summary.membership-run'));
    const run = runs.find((s) => s.textContent!.trim() === '3 people joined');
    expect(run, runs.map((s) => s.textContent!.trim()).join(' | ')).to.exist;
    const details = run!.closest('details')!;
    expect(details.open).to.equal(false);
    expect(details.querySelectorAll('.row')).to.have.length(3);
    expect(r.events().filter((e) => details.contains(e))).to.deep.equal([run]);
    run!.click();
    await waitUntil(() => details.open, 'the run opened');
    expect(Array.from(details.querySelectorAll<HTMLElement>('.row')).every((row) => row.getBoundingClientRect().height > 0)).to.equal(true);

    // Two members called "Ana": each is shown with their ID.
    const sender = (id: string) => r.row(id)!.querySelector('.sender')!.textContent!.trim();
    expect(sender(ids.impostor)).to.equal(`Ana (${impostor.userId})`);
    expect(sender(ids.long)).to.equal(`Ana (${ana.userId})`);

    // A long body folds behind "Show more", and unfolds.
    const long = r.row(ids.long)!;
    const fold = long.querySelector<HTMLElement>('.fold')!;
    const more = r.button(/^Show more/, long)!;
    expect(more.getAttribute('aria-expanded')).to.equal('false');
    const content = fold.querySelector<HTMLElement>('.fold-content')!;
    const folded = content.getBoundingClientRect().height;
    expect(folded, 'folded: the rest is cut off').to.be.lessThan(content.scrollHeight);
    more.click();
    expect(more.getAttribute('aria-expanded')).to.equal('true');
    expect(fold.hasAttribute('data-expanded')).to.equal(true);
    expect(content.getBoundingClientRect().height).to.be.greaterThan(folded);
    expect(long.textContent).to.contain('line 30');
  });

  it('m.notice and m.emote arrive live and render as such', async () => {
    const notice = await sendEvent(ana, roomId, 'm.room.message', { msgtype: 'm.notice', body: 'Build passed' });
    const emote = await sendEvent(ana, roomId, 'm.room.message', { msgtype: 'm.emote', body: 'waves' });
    const emoteTile = await waitUntil(() => r.event(emote), 'the emote', 15_000);
    const noticeTile = r.event(notice)!;
    expect(noticeTile.querySelector('.message.notice')!.textContent!.trim()).to.equal('Build passed');
    expect(noticeTile.querySelector('.message.text')).to.equal(null);
    const line = emoteTile.querySelector('.message.emote')!;
    expect(line.textContent!.replace(/\s+/g, ' ').trim()).to.equal(`* Ana (${ana.userId}) waves`);
  });

  it('clicking a reply\'s quote loads its parent (not in view, not loaded) and scrolls to it', async () => {
    expect(r.row(parentId), 'the parent is not loaded yet').to.equal(null);
    const reply = r.row(replyId)!;
    const quote = reply.querySelector<HTMLButtonElement>('.reply-quote .reply-jump')!;
    expect(quote.textContent!.trim()).to.equal('In reply to a message that is not loaded');
    quote.click();
    const parent = await waitUntil(() => r.row(parentId), 'the parent loaded', 20_000);
    await waitUntil(() => {
      const t = r.timeline()!.getBoundingClientRect();
      const p = parent.getBoundingClientRect();
      return p.top >= t.top - 1 && p.bottom <= t.bottom + 1;
    }, 'the parent scrolled into view', 10_000);
    expect(parent.textContent).to.contain('the parent message');
    await r.element.updateComplete;
    expect(r.row(replyId)!.querySelector('.reply-quote')!.textContent).to.contain('In reply to Ana');
  });
});
