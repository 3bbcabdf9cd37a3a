// The loader's early requests (src/early-requests.ts) and the session's side of the contract
// (session/early-responses.ts), against the real test homeserver. What is sent is read off the page-wide table the
// loader fills; the built loader on a real page is test/browser/loader/dist-early-requests.test.ts.
import { expect } from '@open-wc/testing';
import { sendEarlyRequests } from './early-requests.ts';
import { EARLY_REQUESTS, takeEarlyResponse, type EarlyRequest } from './session/early-responses.ts';
import { createRoom, registerUser, server, type TestUser } from '../test/browser/room/helpers.ts';
import { waitUntil } from '../test/harnesses/room-harness.ts';

const table = () => ((globalThis as Record<symbol, unknown>)[EARLY_REQUESTS] ??= new Map()) as Map<string, EarlyRequest>;
const paths = () => [...table().keys()].map((url) => decodeURIComponent(new URL(url).pathname)).sort();

function roomElement(room: string): Element {
  const el = document.createElement('matrix-early-test');
  el.setAttribute('room', room);
  return el;
}

const session = (user: TestUser, extra: Record<string, unknown> = {}) => JSON.stringify({
  v: 1, homeserverUrl: server().url, userId: user.userId, deviceId: 'EARLY', accessToken: user.accessToken, guest: false, auth: 'password', ...extra,
});

describe('early requests: what the loader sends for a <matrix-room> before its code arrives', () => {
  let user: TestUser;
  let roomId: string;
  let alias: string;
  before(async () => {
    user = await registerUser();
    const name = `early${Date.now().toString(36)}`;
    roomId = await createRoom(user, { room_alias_name: name, preset: 'public_chat' });
    alias = `#${name}:${server().serverName}`;
  });
  afterEach(() => table().clear());

  it('for an alias: the anonymous summary, then the first page and the state with the stored token', async () => {
    sendEarlyRequests(roomElement(alias), session(user));
    expect(paths()).to.deep.equal([`/_matrix/client/v1/room_summary/${alias}`]);
    expect([...table().values()][0].authorization, 'the summary is anonymous, as the session asks it').to.equal(null);
    await waitUntil(() => table().size === 3, 'the first page asked once the summary named the room');
    expect(paths()).to.deep.equal([
      `/_matrix/client/v1/room_summary/${alias}`,
      `/_matrix/client/v3/rooms/${roomId}/messages`,
      `/_matrix/client/v3/rooms/${roomId}/state`,
    ]);
    const messages = [...table().entries()].find(([url]) => url.includes('/messages'))!;
    expect(new URL(messages[0]).searchParams.get('limit')).to.equal('30');
    expect(messages[1].authorization).to.equal(`Bearer ${user.accessToken}`);
    expect((await messages[1].response).status, 'the server answered the stored token').to.equal(200);
  });

  it('the session gets the summary only once its follow-ups are asked for: it never asks for them itself', async () => {
    sendEarlyRequests(roomElement(alias), session(user));
    const summaryUrl = [...table().keys()][0];
    const res = await takeEarlyResponse(summaryUrl, null, () => Promise.reject(new Error('not sent early')));
    expect(res?.status).to.equal(200);
    expect(paths(), 'the first page and the state, in the table as the summary arrives').to.deep.equal([
      `/_matrix/client/v3/rooms/${roomId}/messages`,
      `/_matrix/client/v3/rooms/${roomId}/state`,
    ]);
    expect((await res!.json()).room_id, 'the body still unread, for the session').to.equal(roomId);
  });

  it('for a room ID: its first page at once, without waiting for the summary', async () => {
    sendEarlyRequests(roomElement(roomId), session(user));
    expect(paths()).to.deep.equal([`/_matrix/client/v1/room_summary/${roomId}`, `/_matrix/client/v3/rooms/${roomId}/messages`]);
    await waitUntil(() => table().size === 3, 'the state asked once the summary gave the member count');
  });

  it('one element is asked for once, however often the loader sees it', async () => {
    const el = roomElement(roomId);
    sendEarlyRequests(el, session(user));
    await waitUntil(() => table().size === 3, 'summary, first page and state sent');
    const first = [...table().values()];
    sendEarlyRequests(el, session(user));
    const again = [...table().values()];
    expect(again.length).to.equal(3);
    again.forEach((entry, i) => expect(entry, 'the same request, not a second one').to.equal(first[i]));
  });

  it('nothing for a session the session itself would not use as stored, nor for an address it must parse', () => {
    const cases: Array<[string, string | null]> = [
      ['no stored session', null],
      ['a broken record', '{"accessToken":'],
      ['an empty token', session(user, { accessToken: '' })],
      ['a soft logout', session(user, { softLogout: true })],
      ['a token about to be refreshed', session(user, { expiresAt: Date.now() + 5_000 })],
      ['a homeserver that is not http(s)', session(user, { homeserverUrl: 'javascript:alert(1)' })],
    ];
    for (const [what, stored] of cases) {
      sendEarlyRequests(roomElement(alias), stored);
      expect(table().size, what).to.equal(0);
    }
    for (const address of [`https://matrix.to/#/${alias}`, `matrix:r/${alias.slice(1)}`, '', '#with space:hs']) {
      sendEarlyRequests(roomElement(address), session(user));
      expect(table().size, address).to.equal(0);
    }
    sendEarlyRequests(roomElement(alias), session(user, { expiresAt: Date.now() + 3_600_000 }));
    expect(table().size, 'a token that lives on').to.equal(1);
    return waitUntil(() => table().size === 3, 'its first page sent (before the next test clears the table)');
  });
});

describe('takeEarlyResponse: the session takes an early answer only for the very same request', () => {
  const url = 'http://127.0.0.1:1/_matrix/client/v3/rooms/!r:hs/state';
  const never = () => Promise.reject(new Error('the fallback should not be called'));
  afterEach(() => table().clear());

  it('not for another Authorization header, and once only', async () => {
    const response = new Response('{}', { status: 200 });
    table().set(url, { authorization: 'Bearer A', response: Promise.resolve(response) });
    expect(takeEarlyResponse(url, 'Bearer B', never), 'another token').to.equal(undefined);
    expect(takeEarlyResponse(url, null, never), 'anonymous').to.equal(undefined);
    expect(takeEarlyResponse(`${url}?x=1`, 'Bearer A', never), 'another URL').to.equal(undefined);
    expect(await takeEarlyResponse(url, 'Bearer A', never)).to.equal(response);
    expect(takeEarlyResponse(url, 'Bearer A', never), 'taken already').to.equal(undefined);
  });

  it('an early request that failed on the network is sent again by the caller', async () => {
    const again = new Response('{}', { status: 200 });
    const failed = Promise.reject(new TypeError('Failed to fetch'));
    failed.catch(() => undefined);
    table().set(url, { authorization: null, response: failed });
    expect(await takeEarlyResponse(url, null, () => Promise.resolve(again))).to.equal(again);
  });

  it('a table that is not the loader\'s shape is ignored', () => {
    (globalThis as Record<symbol, unknown>)[EARLY_REQUESTS] = { get: () => ({ authorization: null, response: 1 }) };
    expect(takeEarlyResponse(url, null, never)).to.equal(undefined);
    (globalThis as Record<symbol, unknown>)[EARLY_REQUESTS] = new Map([[url, { authorization: null, response: 'not a promise' }]]);
    expect(takeEarlyResponse(url, null, never)).to.equal(undefined);
  });
});
