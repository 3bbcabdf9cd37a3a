// The chat on a phone on a train — reloads and soft logouts (see resilience-helpers.ts for what each scenario asserts).
import { expect } from '@open-wc/testing';
import '../../../src/all.ts';
import { getSession } from '../../../src/session/get-session.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import { FramedPage } from '../../harnesses/framed-page.ts';
import { api, createRoom, sendText, signInAsNewUser } from './helpers.ts';
import {
  bannerText, delivered, expectDeliveredOnceInOrder, fault, joinedRoom, main, neverError, resilienceHooks, sleep,
} from './resilience-helpers.ts';

describe('<matrix-room> resilience: reloads and soft logouts', () => {
  resilienceHooks();

  it('a reload while messages are queued: the one the server had is not sent again, the other goes out once', async function () {
    this.timeout(90_000);
    const me = await signInAsNewUser(); // stored: the framed page restores this session
    const roomId = await createRoom(me, { name: 'Reload queue', preset: 'private_chat' });
    const page = new FramedPage('matrix-room', { room: roomId, homeserver: main.url });
    const roomIn = async () => new RoomHarness(await page.element());
    try {
      let r = await roomIn();
      await r.waitForState('joined', 30_000);
      // The first is stored but its answer lost; every later send fails on the server until the fault goes.
      await fault('drop-answer', { count: 1, paths: '/rooms/[^/]+/send/', method: 'PUT' });
      await fault('fail', { status: 503, count: 1000, paths: '/rooms/[^/]+/send/', method: 'PUT' });
      await r.send('stored before the reload');
      await r.send('queued before the reload');
      await waitUntil(async () => (await delivered(me, roomId, ['stored before the reload'])).length === 1, 'the first on the server', 15_000);
      expect(Object.keys(localStorage).filter((k) => k.startsWith('matrix-embed:outbox:'))).to.deep.equal([`matrix-embed:outbox:${me.userId}:${roomId}`]);

      await page.reload();
      await api(main.url, 'POST', '/_dev/faults/reset', { body: {} });
      r = await roomIn();
      await r.waitForState('joined', 30_000);
      await expectDeliveredOnceInOrder(me, roomId, ['stored before the reload', 'queued before the reload'], 30_000);
      await waitUntil(() => !Object.keys(localStorage).some((k) => k.startsWith('matrix-embed:outbox:')), 'nothing left queued', 15_000);
      await r.waitForMessage('queued before the reload', 15_000);
      expect(r.timelineTexts().filter((t) => t.endsWith('before the reload'))).to.deep.equal(['stored before the reload', 'queued before the reload']);
    } finally {
      page.remove();
    }
  });

  it('soft logout: the room stays read-only with a prompt, the message waits, and after signing in it goes out once', async function () {
    this.timeout(60_000);
    const { me, roomId, r } = await joinedRoom('Soft logout');
    const check = neverError(r);
    const timeline = r.timeline();
    const deviceId = getSession().deviceId;
    // The page's device only (the test's own API token stays), and no refresh rescues it: its next request
    // learns of the soft logout.
    await fault('fail', { status: 401, errcode: 'M_UNKNOWN_TOKEN', count: 5, paths: '/refresh' });
    await fault('expire-tokens', { userId: me.userId, deviceId });
    await sendText(me, roomId, 'wakes the sync');
    await waitUntil(() => getSession().status === 'soft-logout', 'soft logout', 20_000);
    await api(main.url, 'POST', '/_dev/faults/reset', { body: {} });
    await waitUntil(() => bannerText(r).includes('Session expired'), 'the expired banner');
    expect(r.state()).to.equal('joined');
    await r.send('typed while signed out');
    expect(r.composer()!.value).to.equal('');
    await sleep(1000);
    expect(await delivered(me, roomId, ['typed while signed out'])).to.deep.equal([]);
    // Signing in again keeps the device; the same room carries on, and the queued message goes out.
    await getSession().signIn({ username: me.username, password: me.password, homeserver: main.url });
    expect(getSession().deviceId).to.equal(deviceId);
    await expectDeliveredOnceInOrder(me, roomId, ['typed while signed out'], 30_000);
    expect(r.timeline(), 'the same timeline, resumed in place').to.equal(timeline);
    await waitUntil(() => bannerText(r) === '', 'the banner goes');
    check();
  });

  it('signing out with messages still waiting asks first, then removes them and the drafts', async function () {
    this.timeout(60_000);
    const { me, roomId, r } = await joinedRoom('Sign out with a queue');
    const login = document.createElement('matrix-login');
    login.setAttribute('homeserver', main.url);
    document.body.append(login);
    try {
      await fault('fail', { status: 503, count: 1000, paths: '/rooms/[^/]+/send/', method: 'PUT' });
      await r.send('never sent');
      r.type('a draft');
      const keys = () => Object.keys(localStorage).filter((k) => k.startsWith('matrix-embed:outbox:') || k.startsWith('matrix-embed:draft:'));
      await waitUntil(() => keys().length === 2, 'the queued message and the draft stored');
      const root = () => login.shadowRoot!;
      await waitUntil(() => root().querySelector('[part="sign-out-button"]'), 'signed in');
      root().querySelector<HTMLButtonElement>('[part="sign-out-button"]')!.click();
      const warning = await waitUntil(() => root().querySelector('[role="alertdialog"]'), 'the question');
      expect(warning.textContent).to.contain('1 message is not sent yet');
      expect(getSession().status, 'not signed out yet').to.equal('signed-in');
      expect(root().activeElement?.textContent?.trim()).to.equal('Sign out anyway');
      root().querySelector<HTMLButtonElement>('[part="sign-out-confirm"]')!.click();
      await waitUntil(() => getSession().status === 'signed-out', 'signed out');
      expect(keys(), 'nothing of theirs is kept').to.deep.equal([]);
      expect(await delivered(me, roomId, ['never sent'])).to.deep.equal([]);
    } finally {
      login.remove();
    }
  });

  it('a hard logout (the server ended the session) removes what was typed for it too', async function () {
    this.timeout(60_000);
    const { me, r } = await joinedRoom('Hard logout');
    await fault('fail', { status: 503, count: 1000, paths: '/rooms/[^/]+/send/', method: 'PUT' });
    await r.send('never sent either');
    r.type('another draft');
    const keys = () => Object.keys(localStorage).filter((k) => k.startsWith('matrix-embed:outbox:') || k.startsWith('matrix-embed:draft:'));
    await waitUntil(() => keys().length === 2, 'the queued message and the draft stored');
    await fault('delete-tokens', { userId: me.userId, deviceId: getSession().deviceId });
    await waitUntil(() => getSession().status === 'signed-out', 'signed out by the server', 30_000);
    expect(keys(), 'nothing of theirs is kept').to.deep.equal([]);
  });
});
