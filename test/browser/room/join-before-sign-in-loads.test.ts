/**
 * A visitor who presses the room's "Join" before <matrix-login> has loaded (the room loads it a moment after
 * its first paint, which the first page before matrix-js-sdk made fast) gets the sign-in dialog as soon as the
 * form arrives, not the "Sign in to join" notice. Only the room element is imported here, so <matrix-login> is
 * not defined at the click.
 */
import { expect } from '@open-wc/testing';
import '../../../src/elements/room.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import { cleanPage } from '../join-button/helpers.ts';
import { createPublicRoom, registerUser, sendText, server } from './helpers.ts';

describe('<matrix-room> Join before the sign-in form has loaded', function () {
  this.timeout(60_000);
  afterEach(cleanPage);

  it('opens the sign-in dialog once <matrix-login> arrives, loaded at the click', async () => {
    const owner = await registerUser(server().url, 'Ana');
    const roomId = await createPublicRoom(owner, 'Quick Join');
    await sendText(owner, roomId, 'welcome');
    const r = RoomHarness.create({ room: roomId, homeserver: server().url });
    const join = await waitUntil(() => r.joinButton(), 'the Join button', 30_000);
    expect(customElements.get('matrix-login'), 'the form is not loaded yet at the click').to.equal(undefined);
    join.click();
    const dialog = await waitUntil(() => r.root.querySelector<HTMLDialogElement>('dialog.sign-in[open]'), 'the sign-in dialog');
    expect(dialog.querySelector('matrix-login')).to.exist;
    expect(r.root.textContent).to.not.contain('Sign in to join this room.');
  });
});
