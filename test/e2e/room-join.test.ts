// Joining from <matrix-room> on the homeserver under test: a visitor reading a world-readable room as a guest
// presses Join, creates an account in the dialog, and is in the room, able to send — the guest's reading
// session becomes a real account without leaving the page.
import { expect } from '@open-wc/testing';
import '../../src/index.ts';
import type { MatrixLogin } from '../../src/components/login/login.ts';
import { getSession } from '../../src/session/get-session.ts';
import { LoginHarness } from '../harnesses/login-harness.ts';
import { RoomHarness, waitUntil } from '../harnesses/room-harness.ts';
import { cleanPage, hs, joinedMembers, newUser, publicRoom, sendText, serverMessages, serverNameOf, software, unique } from './helpers.ts';

describe(`joining from <matrix-room> on ${software()}`, function () {
  this.timeout(90_000);
  afterEach(cleanPage);

  it('a guest reader presses Join, creates an account in the dialog, joins and sends', async () => {
    const owner = await newUser('Ana');
    const { roomId, alias } = await publicRoom(owner, unique('Open '));
    await sendText(owner, roomId, 'come in');
    const r = RoomHarness.create({ room: alias, homeserver: hs() });
    await r.waitForState('preview', 30_000);
    await r.waitForMessage('come in', 15_000);
    expect(getSession().status).to.equal('guest');

    r.joinButton()!.click();
    await r.element.updateComplete;
    const dialog = await waitUntil(() => r.root.querySelector<HTMLDialogElement>('dialog.sign-in[open]'), 'the sign-in dialog');
    const login = new LoginHarness(dialog.querySelector('matrix-login') as MatrixLogin);
    await login.waitFor(() => !!login.tab('Create account'), 'the form in the dialog', 15_000);
    await login.selectTab('Create account');
    const name = unique('rj');
    await login.fill('Username', name);
    await login.fill('Password', 'pw-e2e-123456');
    await login.fill('Confirm password', 'pw-e2e-123456');
    await login.click('Create account');

    await r.waitForState('joined', 30_000);
    const userId = `@${name}:${serverNameOf(owner.userId)}`;
    expect(getSession().userId).to.equal(userId);
    expect(getSession().status).to.equal('signed-in');
    expect(await joinedMembers(owner, roomId)).to.include(userId);
    expect(r.timelineTexts()).to.include('come in');

    await r.send('thanks, I am in');
    const tile = await r.waitForMessage('thanks, I am in');
    await waitUntil(() => tile.isConnected && tile.dataset.status === 'sent', 'sent', 15_000);
    const mine = (await serverMessages(owner, roomId)).filter((e) => e.content?.body === 'thanks, I am in');
    expect(mine.map((e) => e.sender)).to.deep.equal([userId]);
  });
});
