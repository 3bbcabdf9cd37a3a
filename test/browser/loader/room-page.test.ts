// Its own file, so its own page: only the loader (src/index.ts) and what it imports for one <matrix-room>.
import { expect } from '@open-wc/testing';
import { allDefined } from '../../../src/index.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import { LoginHarness } from '../../harnesses/login-harness.ts';
import type { MatrixLogin } from '../../../src/components/login/login.ts';
import { elementCodeLoaded, watchResources } from '../../helpers/resources.ts';
import { servers } from '../session/helpers.ts';

const seen = watchResources();

describe('the loader on a page with one <matrix-room> and no <matrix-login>', () => {
  it('loads <matrix-login> beside the room, so Join opens the sign-in dialog; no join-button or launcher code', async () => {
    localStorage.clear();
    const { oauth } = servers();
    const r = RoomHarness.create({ room: `#lobby:${oauth.serverName}`, homeserver: oauth.url });
    await allDefined();
    await r.waitForState('card');
    // The room's module asks for the sign-in element itself (room.ts checks customElements when Join is pressed).
    await customElements.whenDefined('matrix-login');
    r.joinButton()!.click();
    await r.element.updateComplete;
    const dialog = await waitUntil(() => r.root.querySelector<HTMLDialogElement>('dialog.sign-in'), 'the sign-in dialog');
    expect(dialog.open).to.equal(true);
    const login = new LoginHarness(dialog.querySelector('matrix-login') as MatrixLogin);
    await login.waitFor(() => login.text().length > 0, 'the sign-in form in the dialog');
    expect(elementCodeLoaded(seen()), 'element code fetched').to.deep.equal(['login', 'room']);
    r.element.remove();
  });
});
