// <matrix-chat-launcher> on the homeserver under test: the floating button names the room; opening it shows
// the room's conversation in the panel.
import { expect } from '@open-wc/testing';
import '../../src/index.ts';
import { LauncherHarness } from '../harnesses/launcher-harness.ts';
import { waitUntil } from '../harnesses/room-harness.ts';
import { cleanPage, hs, newUser, publicRoom, sendText, software, unique } from './helpers.ts';

describe(`<matrix-chat-launcher> on ${software()}`, function () {
  this.timeout(60_000);
  afterEach(cleanPage);

  it('opens on the room: its name on the button and in the panel, its messages inside', async () => {
    const owner = await newUser('Ana');
    const name = unique('Launch ');
    const { roomId, alias } = await publicRoom(owner, name);
    await sendText(owner, roomId, 'welcome aboard');
    const l = LauncherHarness.create({ room: alias, homeserver: hs() });
    await waitUntil(async () => {
      await l.settle();
      return l.buttonName().includes(name);
    }, () => `the button named after the room (now "${l.buttonName()}")`, 15_000);
    expect(l.isPanelVisible()).to.equal(false);
    l.button().click();
    await l.settle();
    await waitUntil(() => l.isPanelVisible(), 'the panel open');
    expect(l.title()).to.contain(name);
    const room = await waitUntil(() => l.roomElement() && l.room(), 'the room in the panel');
    await room.waitForState('preview', 30_000);
    await room.waitForMessage('welcome aboard', 15_000);
    expect(room.element.getAttribute('room')).to.equal(alias);
  });
});
