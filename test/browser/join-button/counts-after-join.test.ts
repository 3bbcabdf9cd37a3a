/**
 * One page, one room, four elements (issue 12, item 6): right after the visitor joins from a join button, every
 * element shows the same member count, and the launcher's unread badge does not count the history that came
 * with the join — only messages that arrive after it.
 */
import { expect } from '@open-wc/testing';
import '../../../src/all.ts';
import { getSession } from '../../../src/session/get-session.ts';
import { JoinButtonHarness } from '../../harnesses/join-button-harness.ts';
import { LauncherHarness } from '../../harnesses/launcher-harness.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import { cleanPage, join, publicRoom, registerUser, sendText, server } from './helpers.ts';

const main = server('main');

/** "7 members" → 7; anything else → NaN. */
function members(text: string | undefined): number {
  const m = /^(\d+) members?$/.exec((text ?? '').trim());
  return m ? Number(m[1]) : Number.NaN;
}

/** The member count in a `<matrix-room>`'s header. */
function roomHeaderCount(r: RoomHarness): number {
  const texts = [...r.root.querySelectorAll('[part="header"] .subtitle')].map((e) => e.textContent ?? '');
  return members(texts.find((t) => /members?$/.test(t.trim())));
}

describe('counts right after a join: every element agrees, and the join brings no unread badge', () => {
  afterEach(cleanPage);

  it('join buttons, the room, the launcher\'s room and the badge', async function () {
    this.timeout(120_000);
    const owner = await registerUser(main.url, 'Olga');
    const { roomId, alias } = await publicRoom(owner, 'Agreeing counts');
    const regulars = await Promise.all([registerUser(main.url), registerUser(main.url)]);
    for (const u of regulars) await join(u, alias);
    // History that comes down with the visitor's join.
    for (let i = 0; i < 6; i++) await sendText(regulars[i % 2], roomId, `before you came ${i}`);
    const visitor = await registerUser(main.url);
    await getSession().signIn({ username: visitor.username, password: visitor.password, homeserver: main.url });

    const buttons = [JoinButtonHarness.create({ room: alias, homeserver: main.url }), JoinButtonHarness.create({ room: alias, homeserver: main.url })];
    const room = RoomHarness.create({ room: alias, homeserver: main.url });
    const launcher = LauncherHarness.create({ room: alias, homeserver: main.url });
    for (const b of buttons) await b.waitForState('ready', 20_000);
    await room.waitForState('preview', 20_000);
    await waitUntil(() => launcher.buttonName() === 'Chat: Agreeing counts', 'the launcher knows the room');
    expect(buttons.map((b) => members(b.count()))).to.deep.equal([3, 3]);
    await waitUntil(() => roomHeaderCount(room) === 3, 'the preview says 3 members');

    await buttons[0].click();
    for (const b of buttons) await b.waitForState('joined', 20_000);
    await room.waitForState('joined', 20_000);
    // Every element counts the visitor in, and they agree.
    await waitUntil(() => roomHeaderCount(room) === 4, 'the room says 4 members', 15_000);
    expect(buttons.map((b) => members(b.count()))).to.deep.equal([4, 4]);

    // The join's history is what the visitor is about to read, not what they missed.
    await new Promise((r) => setTimeout(r, 2500));
    expect(launcher.badge(), 'no badge for the history that came with the join').to.equal('');

    // What arrives afterwards does count.
    await sendText(owner, roomId, 'welcome!');
    await launcher.waitForBadge('1');

    launcher.button().click();
    await launcher.settle();
    const inLauncher = launcher.room();
    await inLauncher.waitForState('joined', 20_000);
    await waitUntil(() => roomHeaderCount(inLauncher) === 4, 'the launcher\'s room says 4 members', 15_000);
    expect(launcher.badge(), 'opening clears the badge').to.equal('');
  });
});
