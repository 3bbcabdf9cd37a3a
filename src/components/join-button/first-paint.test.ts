// Its own file, so its own page: nothing may have loaded matrix-js-sdk before this test runs.
import { expect } from '@open-wc/testing';
import '../../index.ts';
import { getSession } from '../../session/get-session.ts';
import { JoinButtonHarness } from '../../../test/harnesses/join-button-harness.ts';
import { waitUntil } from '../../../test/harnesses/room-harness.ts';
import { api, server, signInAsNewUser, watchSdkRequests } from '../../../test/browser/join-button/helpers.ts';

const sdkSeen = watchSdkRequests();

describe('<matrix-join-button> first paint', () => {
  it('shows avatar, name and member count from the summary with no matrix-js-sdk request; the SDK loads only to join', async () => {
    localStorage.clear();
    const main = server('main');
    const b = JoinButtonHarness.create({ room: `#lobby:${main.serverName}`, homeserver: main.url });
    await b.waitForState('ready');

    const summary = await api(main.url, 'GET', `/_matrix/client/v1/room_summary/${encodeURIComponent(`#lobby:${main.serverName}`)}`);
    expect(summary.status).to.equal(200);
    const n = summary.body.num_joined_members as number;
    expect(n).to.be.greaterThan(1);
    expect(b.label()).to.equal('Join Lobby');
    expect(b.count()).to.equal(`${n} members`);

    // The accessible name (the button's content: no aria-label, hidden parts skipped) starts with "Join".
    expect(b.accessibleName()).to.equal(`Join Lobby ${n} members`);

    // The avatar is the room's image (legacy unauthenticated thumbnail, no token), shown as a blob: URL.
    const img = await waitUntil(() => b.root.querySelector<HTMLImageElement>('img[part="avatar"]'), 'the avatar image');
    expect(img.src).to.match(/^blob:/);
    await waitUntil(() => img.complete && img.naturalWidth > 0, 'the avatar to load');
    expect(img.alt).to.equal('');

    expect(b.appLink()!.href).to.equal(`https://matrix.to/#/${encodeURIComponent(`#lobby:${main.serverName}`)}`);
    expect(sdkSeen(), 'no matrix-js-sdk module for the first paint').to.deep.equal([]);

    // Control: the same observation does see the SDK once a join needs a client.
    await signInAsNewUser(main.url);
    await b.waitForState('ready');
    expect(sdkSeen(), 'signing in needs no SDK either').to.deep.equal([]);
    await b.click();
    await b.waitForState('joined', 20_000);
    expect(sdkSeen().length, 'joining loaded the SDK').to.be.greaterThan(0);
    await getSession().signOut();
    b.element.remove();
  });
});
