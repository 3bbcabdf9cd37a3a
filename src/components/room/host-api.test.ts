// The host page drives <matrix-room>: prefill(text) and focusComposer(), called before the composer exists.
import { expect } from '@open-wc/testing';
import '../../all.ts';
import { draftKey } from '../../session/outbox.ts';
import { RoomHarness } from '../../../test/harnesses/room-harness.ts';
import { createRoom, resetSession, server, serverMessages, signInAsNewUser } from '../../../test/browser/room/helpers.ts';

const main = server('main');

describe('<matrix-room> host-page API', () => {
  let r: RoomHarness | undefined;
  afterEach(async () => {
    r?.element.remove();
    await resetSession();
  });

  it('prefill() called while loading waits for the composer, then puts the text in as a draft without sending', async () => {
    const owner = await signInAsNewUser();
    const roomId = await createRoom(owner, { name: 'Prefill room', preset: 'private_chat' });
    r = RoomHarness.create({ room: roomId, homeserver: main.url });
    const sends: unknown[] = [];
    r.element.addEventListener('matrix-send', (e) => sends.push(e.detail));
    expect(r.composer(), 'no composer yet').to.equal(null);
    await r.element.prefill('Hello from the help page');
    expect(r.state()).to.equal('joined');
    expect(r.composer()!.value).to.equal('Hello from the help page');
    expect(localStorage.getItem(draftKey(owner.userId, roomId))).to.equal('Hello from the help page');
    expect(sends).to.deep.equal([]);
    const bodies = (await serverMessages(owner, roomId)).map((e) => e.content?.body);
    expect(bodies).not.to.include('Hello from the help page');

    await r.element.prefill('Second thought');
    expect(r.composer()!.value, 'replaces, does not append').to.equal('Second thought');

    // Sending it is the visitor's act; the analytics event carries ids only.
    const sent = new Promise<unknown>((resolve) => r!.element.addEventListener('matrix-after-send', (e) => resolve(e.detail), { once: true }));
    r.press('Enter');
    const detail = await sent as { roomId: string; eventId: string };
    expect(Object.keys(detail).sort()).to.deep.equal(['eventId', 'roomId']);
    expect(detail.roomId).to.equal(roomId);
  });

  it('focusComposer() moves focus to the message field once it exists', async () => {
    const owner = await signInAsNewUser();
    const roomId = await createRoom(owner, { name: 'Focus room', preset: 'private_chat' });
    r = RoomHarness.create({ room: roomId, homeserver: main.url });
    await r.element.focusComposer();
    expect(r.root.activeElement).to.equal(r.composer());
  });
});
