/**
 * axe-core (WCAG 2.1 A/AA) over <matrix-room> in each of its states: preview (not joined), card (no preview),
 * joined (with a reply, reactions, a run of joins, the reaction picker and the delete dialog open), its sign-in
 * dialog, and the error of an unreachable server.
 */
import '../../../src/all.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import { cleanPage, publicClosedRoom, publicRoom } from '../join-button/helpers.ts';
import { createRoom, join, registerUser, sendEvent, sendText, server, signInAsNewUser, type TestUser } from '../room/helpers.ts';
import { expectNoAxeViolations } from './axe.ts';

const main = server('main');
const oauth = server('oauth');

describe('axe: <matrix-room>', function () {
  this.timeout(90_000);
  let alice: TestUser;
  let bob: TestUser;

  before(async () => {
    await cleanPage();
    alice = await registerUser(main.url, 'Alice');
    bob = await registerUser(main.url, 'Bob');
  });

  afterEach(cleanPage);

  /** A conversation with the things a timeline shows: messages, a reply, a reaction, an edit, a run of joins. */
  async function conversation(roomId: string): Promise<string> {
    await join(bob, roomId);
    const hello = await sendText(alice, roomId, 'Hello everyone, welcome to the room');
    await sendText(bob, roomId, 'Thanks Alice, glad to be here', { 'm.relates_to': { 'm.in_reply_to': { event_id: hello } } });
    await sendEvent(bob, roomId, 'm.reaction', { 'm.relates_to': { rel_type: 'm.annotation', event_id: hello, key: '👍' } });
    await sendText(alice, roomId, 'Some *formatted* text', { format: 'org.matrix.custom.html', formatted_body: 'Some <em>formatted</em> text with <a href="https://example.org">a link</a> and <code>code</code>' });
    const typo = await sendText(alice, roomId, 'A mesage with a typo');
    await sendText(alice, roomId, '* A message with a typo', {
      'm.new_content': { msgtype: 'm.text', body: 'A message with a typo' },
      'm.relates_to': { rel_type: 'm.replace', event_id: typo },
    });
    await sendEvent(alice, roomId, 'm.room.message', { msgtype: 'm.notice', body: 'A notice from a bot' });
    await sendEvent(alice, roomId, 'm.room.message', { msgtype: 'm.emote', body: 'waves' });
    for (let i = 0; i < 3; i++) await join(await registerUser(main.url), roomId);
    await sendText(alice, roomId, 'The last message');
    return hello;
  }

  it('preview: a world-readable room, not joined (signed out)', async () => {
    const { roomId } = await publicRoom(alice, 'Preview Room');
    await conversation(roomId);
    const r = RoomHarness.create({ room: roomId, homeserver: main.url });
    await r.waitForState('preview', 20_000);
    await r.waitForMessage('The last message', 15_000);
    await expectNoAxeViolations('a room preview');
  });

  it('card: a public room without preview, and its sign-in dialog', async () => {
    const { alias } = await publicClosedRoom(alice, 'Card Room');
    const r = RoomHarness.create({ room: alias, homeserver: main.url });
    await r.waitForState('card', 20_000);
    await expectNoAxeViolations('a room card');

    const o = RoomHarness.create({ room: `#lobby:${oauth.serverName}`, homeserver: oauth.url });
    await o.waitForState('card', 20_000);
    o.joinButton()!.click();
    const dialog = await waitUntil(() => o.root.querySelector<HTMLDialogElement>('dialog.sign-in[open]'), 'the sign-in dialog');
    await waitUntil(() => dialog.querySelector('matrix-login')?.shadowRoot?.querySelector('button'), 'the sign-in form in the dialog');
    await expectNoAxeViolations('the room\'s sign-in dialog');
  });

  it('joined: timeline with replies, reactions, edits, a run of joins; the reaction picker; the delete dialog', async () => {
    const roomId = await createRoom(alice, { name: 'Joined Room', preset: 'public_chat' });
    const hello = await conversation(roomId);
    const me = await signInAsNewUser();
    await join(me, roomId);
    await sendText(me, roomId, 'My own message');
    const r = RoomHarness.create({ room: roomId, homeserver: main.url });
    await r.waitForState('joined', 20_000);
    await r.waitForMessage('My own message', 15_000);
    await waitUntil(() => r.root.querySelector('.reaction'), 'the reaction chip');
    await expectNoAxeViolations('a joined room');

    r.type('Something I am typing');
    await r.action(hello, 'Reply');
    await r.action(hello, 'React');
    await waitUntil(() => r.root.querySelector('.reaction-picker'), 'the reaction picker');
    await expectNoAxeViolations('a joined room with a reply in the composer and the reaction picker open');
    await r.action(hello, 'React');

    const mine = await waitUntil(() => r.events().find((e) => e.textContent?.includes('My own message') && e.dataset.eventId?.startsWith('$'))?.dataset.eventId, 'my message\'s id');
    await r.action(mine, 'Delete');
    await waitUntil(() => r.deleteDialog(), 'the delete dialog');
    await expectNoAxeViolations('the delete confirmation');
  });

  it('error: the homeserver cannot be reached', async () => {
    const r = RoomHarness.create({ room: '#lobby:example.invalid', homeserver: 'http://127.0.0.1:9' });
    await waitUntil(() => r.state() === 'error' || r.root.querySelector('.unreachable'), 'the unreachable message', 30_000);
    await expectNoAxeViolations('an unreachable room');
  });

  it('error: no such room', async () => {
    const r = RoomHarness.create({ room: `#nosuchroom${Date.now()}:${main.serverName}`, homeserver: main.url });
    await r.waitForState('error', 20_000);
    await expectNoAxeViolations('a room that does not exist');
  });
});
