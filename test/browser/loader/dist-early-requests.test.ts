// Checks the BUILT bundle (dist/): run `npm run build` first (.ci/run does). A signed-in visitor's <matrix-room>:
// the loader sends the room's summary and first page (/messages, /state) itself, while the element's chunks
// download (src/early-requests.ts), and the session takes those answers instead of asking again
// (session/early-responses.ts). Network facts, not timings: the loader's table saw each request, and each went
// out exactly once. How much sooner the messages show is `npm run bench`'s to say. (One loader per page: the cases
// that need no built bundle are src/early-requests.test.ts.)
import { expect } from '@open-wc/testing';
import { createRoom, registerUser, sendText, server, type TestUser } from '../room/helpers.ts';
import { waitUntil } from '../../harnesses/room-harness.ts';

const resources = () => performance.getEntriesByType('resource') as PerformanceResourceTiming[];
/** Requests whose decoded path is `path` (a string) or matches it (a RegExp). */
const requestsTo = (path: string | RegExp) => resources().filter((e) => {
  const p = decodeURIComponent(new URL(e.name).pathname);
  return typeof path === 'string' ? p === path : path.test(p);
});

function storeSession(user: TestUser): void {
  localStorage.setItem('matrix-embed:v1:session', JSON.stringify({
    v: 1, homeserverUrl: server().url, userId: user.userId, deviceId: 'EARLY', accessToken: user.accessToken, guest: false, auth: 'password',
  }));
}

const texts = (el: HTMLElement) => [...(el.shadowRoot?.querySelectorAll('[part~="event"][data-kind="message"] .body') ?? [])].map((n) => n.textContent?.trim());

async function roomWithMessages(user: TestUser, alias: string): Promise<string> {
  const roomId = await createRoom(user, { room_alias_name: alias, preset: 'public_chat', name: 'Early' });
  for (const body of ['one', 'two', 'three']) await sendText(user, roomId, body);
  return roomId;
}

describe('dist: the loader\'s early requests for a signed-in <matrix-room>', () => {
  afterEach(() => {
    for (const el of document.querySelectorAll('matrix-room')) el.remove();
    localStorage.clear();
  });

  it('sends the summary and the first page of each room, and the rooms use them: each asked once', async function () {
    this.timeout(30_000);
    const user = await registerUser();
    const alias = `early${Date.now().toString(36)}`;
    const byAlias = await roomWithMessages(user, alias);
    const byId = await roomWithMessages(user, `${alias}id`);
    storeSession(user);
    const base = '/test-cdn/v0.1.0/early-requests/';
    if (!(await fetch(`${base}matrix-embed.js`)).ok) throw new Error('dist/matrix-embed.js is missing: run `npm run build` before the browser tests');
    // Two rooms on the page before the loader runs: one written as a room ID, one as an alias.
    const [idRoom, aliasRoom] = [byId, `#${alias}:${server().serverName}`].map((room) => {
      const el = document.createElement('matrix-room');
      el.setAttribute('room', room);
      document.body.append(el);
      return el;
    });
    // The loader's table, watched: which requests it sent, and that each was taken (src/early-requests.ts keeps
    // the Map it finds under the symbol).
    const sent: string[] = [];
    const table = new (class extends Map<string, unknown> {
      override set(url: string, value: unknown) {
        sent.push(url);
        return super.set(url, value);
      }
    })();
    (globalThis as Record<symbol, unknown>)[Symbol.for('matrix-embed.early-requests')] = table;
    await import(`${base}matrix-embed.js`);
    await waitUntil(() => texts(aliasRoom).includes('three') && texts(idRoom).includes('three'), 'both rooms show their messages');
    // The live rooms (their first sync, the SDK's own back-fill) are there too: nothing more was asked of these.
    await waitUntil(() => requestsTo(/\/sync$/).length > 0, 'the client syncs');
    const path = (url: string) => decodeURIComponent(new URL(url).pathname);
    for (const [roomId, address] of [[byAlias, `#${alias}:${server().serverName}`], [byId, byId]]) {
      const summary = requestsTo(`/_matrix/client/v1/room_summary/${address}`);
      const messages = requestsTo(`/_matrix/client/v3/rooms/${roomId}/messages`).filter((e) => new URL(e.name).searchParams.get('limit') === '30');
      const state = requestsTo(`/_matrix/client/v3/rooms/${roomId}/state`);
      expect(summary.length, `${roomId}: room_summary requests`).to.equal(1);
      expect(messages.length, `${roomId}: first-page /messages requests`).to.equal(1);
      expect(state.length, `${roomId}: /state requests`).to.equal(1);
      // Sent by the loader (its table saw them), and the one request on the network each: the session took them.
      for (const entry of [...summary, ...messages, ...state]) expect(sent.map(path), 'sent by the loader').to.include(path(entry.name));
    }
    expect(sent.length, 'the loader sent a summary, /messages and /state per room').to.equal(6);
    expect(table.size, 'every early answer was taken').to.equal(0);
  });
});
