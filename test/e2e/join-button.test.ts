// Its own file, so its own page: nothing may have loaded matrix-js-sdk before the first paint is checked.
// <matrix-join-button> on the homeserver under test: name and member count before sign-in without the SDK,
// joining through the dialog's account creation, then "Joined" and the new count at once and after a reload.
import { expect } from '@open-wc/testing';
import '../../src/index.ts';
import type { MatrixJoinButton } from '../../src/components/join-button/join-button.ts';
import { JoinButtonHarness } from '../harnesses/join-button-harness.ts';
import { waitUntil } from '../harnesses/room-harness.ts';
import { watchSdkRequests } from '../browser/join-button/helpers.ts';
import { FramedPage, cleanPage, hs, joinedMembers, newUser, publicRoom, serverNameOf, software, unique } from './helpers.ts';

const sdkSeen = watchSdkRequests();

/** Every request this page made to the homeserver, with its HTTP status (Resource Timing). */
function requests(): Array<{ path: string; status: number }> {
  return (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
    .filter((e) => e.name.startsWith(`${hs()}/`))
    .map((e) => ({ path: new URL(e.name).pathname, status: e.responseStatus }));
}

/** The room-summary requests (stable and MSC3266 paths). */
const summaryRequests = () => requests().filter((r) => /\/room_summary\/|\/im\.nheko\.summary\//.test(r.path));

describe(`<matrix-join-button> on ${software()}`, function () {
  this.timeout(90_000);
  after(cleanPage);

  it('before sign-in: name and member count without matrix-js-sdk; joins through the dialog\'s account creation; the count follows at once and after a reload', async () => {
    localStorage.clear();
    const owner = await newUser();
    const { roomId, alias } = await publicRoom(owner, unique('Join Check '));
    const name = (await (await fetch(`${hs()}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.name/`, {
      headers: { Authorization: `Bearer ${owner.accessToken}` },
    })).json()).name as string;

    const b = JoinButtonHarness.create({ room: alias, homeserver: hs() });
    await b.waitForState('ready');
    expect(b.label()).to.equal(`Join ${name}`);
    expect(b.count()).to.equal('1 member');
    expect(sdkSeen(), 'no matrix-js-sdk module for the first paint').to.deep.equal([]);

    // The first paint asked the summary path this server's /versions makes likely, and it answered: no 400/404.
    expect(summaryRequests().map((r) => r.status), JSON.stringify(summaryRequests())).to.deep.equal([200]);
    // A second button on the page asks the summary path that answered for the first one, and only that one.
    const other = await publicRoom(owner, unique('Second '));
    const before = summaryRequests().length;
    const second = JoinButtonHarness.create({ room: other.alias, homeserver: hs() });
    await second.waitForState('ready');
    const asked = summaryRequests().slice(before);
    expect(asked.map((r) => r.status), `summary requests for the second button: ${JSON.stringify(asked)}`).to.deep.equal([200]);
    second.element.remove();

    await b.click();
    // The dialog's module (its markup, styles and <matrix-login>) loads with this first click.
    await waitUntil(() => b.dialog()?.open, 'the sign-in dialog', 15_000);
    const login = b.login();
    await login.waitFor(() => !!login.tab('Create account'), 'the sign-in form in the dialog', 15_000);
    await login.selectTab('Create account');
    const username = unique('jb');
    await login.fill('Username', username);
    await login.fill('Password', 'pw-e2e-123456');
    await login.fill('Confirm password', 'pw-e2e-123456');
    await login.click('Create account');

    await b.waitForState('joined', 30_000);
    const userId = `@${username}:${serverNameOf(owner.userId)}`;
    expect(await joinedMembers(owner, roomId), 'the server has the new member').to.include(userId);
    expect(b.label()).to.equal(`Joined ${name}`);
    expect(b.count(), 'the count follows the join at once').to.equal('2 members');
    expect(sdkSeen().length, 'joining loaded the SDK').to.be.greaterThan(0);
    // The OAuth metadata was looked for once per path on this page, however many elements wanted it.
    const metadata = requests().filter((r) => r.path.endsWith('/auth_metadata'));
    expect(new Set(metadata.map((r) => r.path)).size, JSON.stringify(metadata)).to.equal(metadata.length);
    b.element.remove();

    // A reload of a page of the site: signed in from storage, "Joined" and the count from the server.
    const page = new FramedPage('matrix-join-button', { room: alias, homeserver: hs() });
    const again = new JoinButtonHarness(await page.element<MatrixJoinButton>());
    await again.waitForState('joined', 20_000);
    expect(again.label()).to.equal(`Joined ${name}`);
    expect(again.count()).to.equal('2 members');
    page.remove();
  });
});
