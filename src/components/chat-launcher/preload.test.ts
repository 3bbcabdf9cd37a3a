// Its own file, so its own page: nothing may have loaded matrix-js-sdk before this test runs.
import { expect } from '@open-wc/testing';
import '../../index.ts';
import { LauncherHarness } from '../../../test/harnesses/launcher-harness.ts';
import { waitUntil } from '../../../test/harnesses/room-harness.ts';
import { server, watchSdkRequests } from '../../../test/browser/join-button/helpers.ts';

const sdkSeen = watchSdkRequests();

describe('<matrix-chat-launcher preload>', () => {
  it('loads matrix-js-sdk in the background without being opened', async () => {
    localStorage.clear();
    const main = server('main');
    expect(sdkSeen()).to.deep.equal([]);
    const l = LauncherHarness.create({ room: `#lobby:${main.serverName}`, homeserver: main.url, preload: '' });
    await waitUntil(() => sdkSeen().length > 0, 'the SDK to load', 20_000);
    expect(l.element.open).to.equal(false);
    expect(l.roomElement()).to.equal(null);
    l.element.remove();
  });
});
