import { expect } from '@open-wc/testing';
import { forgetEndpoints, noteVersions } from './endpoint-memory.ts';
import { fetchRoomSummary, RoomSummaryError } from './summary.ts';

/** A scripted server: each route answers from a table; every request is recorded. */
function fakeServer(routes: Record<string, (init: RequestInit) => { status: number; body?: unknown } | 'network-error'>) {
  const calls: Array<{ method: string; path: string; auth: string | null; body?: string }> = [];
  const f = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const path = url.pathname + url.search;
    const headers = new Headers(init.headers);
    calls.push({ method: init.method ?? 'GET', path, auth: headers.get('authorization'), body: init.body as string | undefined });
    const key = Object.keys(routes).find((k) => `${init.method ?? 'GET'} ${path}`.startsWith(k));
    const r = key ? routes[key](init) : { status: 404, body: { errcode: 'M_UNRECOGNIZED', error: 'Unrecognized request' } };
    if (r === 'network-error') throw new TypeError('Failed to fetch');
    return new Response(r.body === undefined ? '' : JSON.stringify(r.body), { status: r.status });
  };
  return { fetch: f as typeof fetch, calls };
}

const lobby = {
  room_id: '!lobby:hs',
  canonical_alias: '#lobby:hs',
  name: 'Lobby',
  topic: 'Say hi',
  avatar_url: 'mxc://hs/abc',
  num_joined_members: 12,
  world_readable: true,
  guest_can_join: true,
  join_rule: 'public',
};

async function rejection(p: Promise<unknown>): Promise<RoomSummaryError> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(RoomSummaryError);
    return e as RoomSummaryError;
  }
  throw new Error('expected a rejection');
}

describe('fetchRoomSummary (fallback order, scripted server)', () => {
  // Every case scripts a different server at the same address: forget what the previous one had.
  beforeEach(() => forgetEndpoints());

  it('uses the stable room_summary endpoint and keeps only acceptable values (a wrong type is not valid Matrix)', async () => {
    const s = fakeServer({
      'GET /_matrix/client/v1/room_summary/%23lobby%3Ahs': () => ({
        status: 200,
        body: { ...lobby, avatar_url: 'https://evil.example/track.png', num_joined_members: -3, membership: 'join' },
      }),
    });
    const summary = await fetchRoomSummary('https://hs/', '#lobby:hs', { fetch: s.fetch, accessToken: 'tok' });
    expect(summary).to.deep.equal({
      roomId: '!lobby:hs', alias: '#lobby:hs', name: 'Lobby', topic: 'Say hi', worldReadable: true, guestCanJoin: true,
      joinRule: 'public', membership: 'join', source: 'room_summary',
    });
    expect(s.calls).to.have.length(1);
    expect(s.calls[0].auth).to.equal('Bearer tok');
    const wrong = fakeServer({ 'GET /_matrix/client/v1/room_summary/': () => ({ status: 200, body: { ...lobby, name: 42 } }) });
    const e = await rejection(fetchRoomSummary('https://hs/', '#lobby:hs', { fetch: wrong.fetch }));
    expect(e.info).to.deep.equal({ operation: 'load-room', errcode: 'ME_BAD_ANSWER', message: "That server's answer was not valid Matrix." });
  });

  it('passes via servers along', async () => {
    const s = fakeServer({ 'GET /_matrix/client/v1/room_summary/': () => ({ status: 200, body: lobby }) });
    await fetchRoomSummary('https://hs', 'https://matrix.to/#/!lobby:hs?via=a.org&via=b.org', { fetch: s.fetch });
    expect(s.calls[0].path).to.equal('/_matrix/client/v1/room_summary/!lobby%3Ahs?via=a.org&via=b.org');
  });

  it('falls back to the MSC3266 unstable path', async () => {
    const s = fakeServer({
      'GET /_matrix/client/unstable/im.nheko.summary/summary/': () => ({ status: 200, body: lobby }),
    });
    const summary = await fetchRoomSummary('https://hs', '#lobby:hs', { fetch: s.fetch });
    expect(summary.name).to.equal('Lobby');
    expect(summary.memberCount).to.equal(12);
    expect(s.calls.map((c) => c.path)).to.deep.equal([
      '/_matrix/client/v1/room_summary/%23lobby%3Ahs',
      '/_matrix/client/unstable/im.nheko.summary/rooms/%23lobby%3Ahs/summary',
      '/_matrix/client/unstable/im.nheko.summary/summary/%23lobby%3Ahs',
    ]);
  });

  it('falls back to a /publicRooms search when no summary endpoint exists', async () => {
    const s = fakeServer({
      'POST /_matrix/client/v3/publicRooms': () => ({ status: 401, body: { errcode: 'M_MISSING_TOKEN', error: 'no' } }),
      'GET /_matrix/client/v3/publicRooms?limit=100&since=p2': () => ({ status: 200, body: { chunk: [lobby] } }),
      'GET /_matrix/client/v3/publicRooms?limit=100': () => ({
        status: 200,
        body: { chunk: [{ room_id: '!other:hs', name: 'Other' }], next_batch: 'p2' },
      }),
    });
    const summary = await fetchRoomSummary('https://hs', '#lobby:hs', { fetch: s.fetch });
    expect(summary).to.include({ roomId: '!lobby:hs', name: 'Lobby', memberCount: 12, source: 'public_rooms' });
    expect(s.calls.filter((c) => c.path.startsWith('/_matrix/client/v3/publicRooms'))).to.have.length(3);
  });

  it('falls back to the alias directory: a bare card with the alias', async () => {
    const s = fakeServer({
      'GET /_matrix/client/v3/publicRooms': () => ({ status: 200, body: { chunk: [] } }),
      'GET /_matrix/client/v3/directory/room/%23lobby%3Ahs': () => ({ status: 200, body: { room_id: '!lobby:hs', servers: ['hs'] } }),
    });
    const summary = await fetchRoomSummary('https://hs', '#lobby:hs', { fetch: s.fetch });
    expect(summary).to.deep.equal({ roomId: '!lobby:hs', alias: '#lobby:hs', worldReadable: false, guestCanJoin: false, source: 'directory' });
  });

  it('reports not found, private and unreachable rooms each with its own code', async () => {
    const notFound = fakeServer({
      'GET /_matrix/client/v1/room_summary/': () => ({ status: 404, body: { errcode: 'M_NOT_FOUND', error: 'nope' } }),
      'GET /_matrix/client/v3/publicRooms': () => ({ status: 200, body: { chunk: [] } }),
      'GET /_matrix/client/v3/directory/room/': () => ({ status: 404, body: { errcode: 'M_NOT_FOUND', error: 'nope' } }),
    });
    expect((await rejection(fetchRoomSummary('https://hs', '#nope:hs', { fetch: notFound.fetch }))).errcode).to.equal('M_NOT_FOUND');

    const hidden = fakeServer({
      'GET /_matrix/client/v1/room_summary/': () => ({ status: 404, body: { errcode: 'M_NOT_FOUND', error: 'nope' } }),
      'GET /_matrix/client/v3/publicRooms': () => ({ status: 200, body: { chunk: [] } }),
      'GET /_matrix/client/v3/directory/room/': () => ({ status: 200, body: { room_id: '!p:hs' } }),
    });
    const forbidden = await rejection(fetchRoomSummary('https://hs', '#private:hs', { fetch: hidden.fetch }));
    expect(forbidden.errcode).to.equal('M_FORBIDDEN');
    expect(forbidden.info.operation).to.equal('load-room');

    const down = fakeServer({ 'GET /': () => 'network-error' });
    const unreachable = await rejection(fetchRoomSummary('https://hs', '#lobby:hs', { fetch: down.fetch }));
    expect(unreachable.errcode).to.equal('ME_UNREACHABLE');
    expect(down.calls).to.have.length(1);

    expect((await rejection(fetchRoomSummary('https://hs', 'not a room'))).errcode).to.equal('ME_BAD_ATTRIBUTE');
  });

  it('remembers per server which summary path answered: the next lookup asks that one only', async () => {
    const s = fakeServer({
      'GET /_matrix/client/unstable/im.nheko.summary/summary/': () => ({ status: 200, body: lobby }),
    });
    await fetchRoomSummary('https://hs', '#lobby:hs', { fetch: s.fetch });
    expect(s.calls.map((c) => c.path)).to.deep.equal([
      '/_matrix/client/v1/room_summary/%23lobby%3Ahs',
      '/_matrix/client/unstable/im.nheko.summary/rooms/%23lobby%3Ahs/summary',
      '/_matrix/client/unstable/im.nheko.summary/summary/%23lobby%3Ahs',
    ]);
    s.calls.length = 0;
    await fetchRoomSummary('https://hs', '#other:hs', { fetch: s.fetch });
    expect(s.calls.map((c) => c.path)).to.deep.equal(['/_matrix/client/unstable/im.nheko.summary/summary/%23other%3Ahs']);
  });

  it('asks an unstable path first on a server whose /versions predates the stable one (v1.15)', async () => {
    noteVersions('https://old', ['r0.6.1', 'v1.1', 'v1.2']);
    noteVersions('https://new', ['v1.2', 'v1.15']);
    const old = fakeServer({ 'GET /_matrix/client/unstable/im.nheko.summary/rooms/': () => ({ status: 200, body: lobby }) });
    await fetchRoomSummary('https://old', '#lobby:hs', { fetch: old.fetch });
    expect(old.calls.map((c) => c.path)).to.deep.equal(['/_matrix/client/unstable/im.nheko.summary/rooms/%23lobby%3Ahs/summary']);
    const fresh = fakeServer({ 'GET /_matrix/client/v1/room_summary/': () => ({ status: 200, body: lobby }) });
    await fetchRoomSummary('https://new', '#lobby:hs', { fetch: fresh.fetch });
    expect(fresh.calls.map((c) => c.path)).to.deep.equal(['/_matrix/client/v1/room_summary/%23lobby%3Ahs']);
  });
});
