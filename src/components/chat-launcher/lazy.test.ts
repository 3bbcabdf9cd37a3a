// Its own file, so its own page: nothing may have loaded matrix-js-sdk before this test runs.
import { expect } from '@open-wc/testing';
import '../../index.ts';
import { LauncherHarness } from '../../../test/harnesses/launcher-harness.ts';
import { waitUntil } from '../../../test/harnesses/room-harness.ts';
import { server, watchSdkRequests } from '../../../test/browser/join-button/helpers.ts';

const sdkSeen = watchSdkRequests();

describe('<matrix-chat-launcher> costs nothing until used', () => {
  it('loads no matrix-js-sdk before the first open (no session), and loads it on open', async () => {
    localStorage.clear();
    const main = server('main');
    const l = LauncherHarness.create({ room: `#lobby:${main.serverName}`, homeserver: main.url });
    await waitUntil(() => l.buttonName() === 'Chat: Lobby', 'the room name on the button');
    await waitUntil(() => l.root.querySelector('img[part="avatar"]'), 'the room avatar');
    await new Promise((r) => setTimeout(r, 1000));
    expect(sdkSeen(), 'nothing but the summary before the first open').to.deep.equal([]);
    l.button().click();
    await waitUntil(() => sdkSeen().length > 0, 'the SDK to load on the first open', 20_000);
    await l.room().waitForState('preview', 20_000);
    l.element.remove();
  });
});
