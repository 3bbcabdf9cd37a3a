// Issue 3, "three elements on one page produce exactly one /sync loop": a <matrix-login> and two <matrix-room>
// elements (two rooms) on one page, signed in through the form. Every /sync request the page makes is watched:
// one initial sync, never two in flight at once, and the one loop keeps both rooms live.
import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/all.ts';
import type { MatrixLogin } from '../../../src/components/login/login.ts';
import { LoginHarness } from '../../harnesses/login-harness.ts';
import { RoomHarness } from '../../harnesses/room-harness.ts';
import { createRoom, registerUser, sendText } from '../room/helpers.ts';
import { resetPageSession, servers } from './helpers.ts';

describe('one /sync loop per page', function () {
  this.timeout(60000);
  const original = window.fetch;
  const elements: Element[] = [];
  afterEach(() => {
    window.fetch = original;
    for (const e of elements.splice(0)) e.remove();
    resetPageSession();
  });

  it('<matrix-login> and two <matrix-room> elements share one sync loop that keeps both rooms live', async () => {
    resetPageSession();
    const server = servers().main;
    const me = await registerUser(server.url); // its own device: the messages below come from "another device"
    const roomA = await createRoom(me, { name: 'Room A', preset: 'private_chat' }, server.url);
    const roomB = await createRoom(me, { name: 'Room B', preset: 'private_chat' }, server.url);

    // Every /sync this page sends (the session's fetch is globalThis.fetch, looked up per request).
    let inFlight = 0;
    let maxInFlight = 0;
    const syncs: URL[] = [];
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      const isSync = url.origin === new URL(server.url).origin && url.pathname.endsWith('/sync');
      if (!isSync) return original(input, init);
      syncs.push(url);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        return await original(input, init);
      } finally {
        inFlight--;
      }
    };

    const wrap = await fixture(html`<div></div>`);
    elements.push(wrap);
    wrap.innerHTML = `<matrix-login homeserver="${server.url}"></matrix-login>`;
    const login = new LoginHarness(wrap.querySelector('matrix-login') as MatrixLogin);
    await login.waitFor(() => !!login.field('Username'), 'the form');
    await login.signIn(me.username, me.password);
    await login.waitFor(() => login.isSignedIn(), 'the signed-in view');
    const a = RoomHarness.create({ room: roomA, homeserver: server.url }, wrap as HTMLElement);
    const b = RoomHarness.create({ room: roomB, homeserver: server.url }, wrap as HTMLElement);
    await a.waitForState('joined', 20_000);
    await b.waitForState('joined', 20_000);

    // The loop cycles: each message ends the open long-poll and the next one starts.
    for (let i = 1; i <= 2; i++) {
      await sendText(me, roomA, `to A ${i}`);
      await a.waitForMessage(`to A ${i}`);
      await sendText(me, roomB, `to B ${i}`);
      await b.waitForMessage(`to B ${i}`);
    }
    expect(syncs.length, 'the loop ran several times').to.be.at.least(4);
    expect(syncs.filter((u) => !u.searchParams.has('since')), 'one initial sync').to.have.length(1);
    expect(maxInFlight, 'never two /sync requests at once').to.equal(1);
  });
});
