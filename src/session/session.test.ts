import { expect } from '@open-wc/testing';
import { MatrixSession } from './session.ts';
import { getSession } from './get-session.ts';
import { MatrixApiError } from './errors.ts';
import { createUser, dev, resetPageSession, servers, stored, until, whoami } from '../../test/browser/session/helpers.ts';

const sessions: MatrixSession[] = [];
function fresh(): MatrixSession {
  const s = new MatrixSession();
  sessions.push(s);
  return s;
}

async function rejection(p: Promise<unknown>): Promise<MatrixApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof MatrixApiError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('MatrixSession', () => {
  beforeEach(() => {
    resetPageSession();
  });
  afterEach(async () => {
    for (const s of sessions.splice(0)) (s as unknown as { stopClient(): void }).stopClient();
    await fetch(`${servers().main.url}/_dev/faults/reset`, { method: 'POST', body: '{}' });
    await fetch(`${servers().legacy.url}/_dev/faults/reset`, { method: 'POST', body: '{}' });
  });

  it('is one object per page, kept under a Symbol.for key (shared by two copies of the library)', () => {
    const a = getSession();
    expect(getSession()).to.equal(a);
    expect((globalThis as unknown as Record<symbol, unknown>)[Symbol.for('matrix-embed.session')]).to.equal(a);
  });

  it('starts signed out, and the first default homeserver wins', async () => {
    const s = fresh();
    expect(s.status).to.equal('signed-out');
    const changed = new Promise((r) => s.addEventListener('change', r, { once: true }));
    s.setDefaultHomeserver(servers().main.url);
    s.setDefaultHomeserver(servers().legacy.url);
    await changed;
    expect(s.homeserverUrl).to.equal(servers().main.url);
  });

  it('signs in with a user name, persists, and a reload restores it with no new sign-in', async () => {
    const u = await createUser(servers().main);
    const s = fresh();
    s.setDefaultHomeserver(servers().main.url);
    const changes: string[] = [];
    s.addEventListener('change', () => changes.push(s.status));
    const user = await s.signIn({ username: u.username, password: u.password });
    expect(user).to.deep.equal({ userId: u.userId, homeserver: servers().main.url, guest: false });
    expect(s.status).to.equal('signed-in');
    expect(changes).to.include('signed-in');
    const saved = stored();
    expect(saved.userId).to.equal(u.userId);
    expect((await whoami(servers().main, saved.accessToken)).status).to.equal(200);

    const reloaded = fresh(); // what a reload does: a new session reading the same storage
    expect(reloaded.status).to.equal('signed-in');
    expect(reloaded.userId).to.equal(u.userId);
    expect(reloaded.deviceId).to.equal(saved.deviceId);
  });

  it('signs in with a full user ID, discovering a second homeserver from it', async () => {
    const second = servers().second;
    const u = await createUser(second);
    expect(u.userId).to.equal(`@${u.username}:${second.serverName}`);
    const s = fresh();
    s.setDefaultHomeserver(servers().main.url); // the page default is another server
    const user = await s.signIn({ username: u.userId, password: u.password });
    expect(user.homeserver).to.equal(second.url);
    expect(s.homeserverUrl).to.equal(second.url);
  });

  it('reports a wrong password as M_FORBIDDEN', async () => {
    const u = await createUser(servers().main);
    const s = fresh();
    const e = await rejection(s.signIn({ username: u.username, password: 'wrong', homeserver: servers().main.url }));
    expect(e.errcode).to.equal('M_FORBIDDEN');
    expect(s.status).to.equal('signed-out');
  });

  it('reports a rate limit with the seconds to wait', async () => {
    await dev(servers().main, 'rate-limit', { count: 1, retryAfterMs: 4000, paths: '/login' });
    const s = fresh();
    const e = await rejection(s.signIn({ username: 'nobody', password: 'x', homeserver: servers().main.url }));
    expect(e.errcode).to.equal('M_LIMIT_EXCEEDED');
    expect(e.retryAfterMs).to.be.within(3000, 4000);
  });

  it('signs out: revokes the token on the server and forgets it', async () => {
    const u = await createUser(servers().main);
    const s = fresh();
    await s.signIn({ username: u.username, password: u.password, homeserver: servers().main.url });
    const token = stored().accessToken;
    await s.signOut();
    expect(s.status).to.equal('signed-out');
    expect(stored()).to.equal(undefined);
    expect((await whoami(servers().main, token)).body.errcode).to.equal('M_UNKNOWN_TOKEN');
  });

  it('refreshes an expired access token silently and persists the new one', async () => {
    const u = await createUser(servers().main);
    const s = fresh();
    await s.signIn({ username: u.username, password: u.password, homeserver: servers().main.url });
    const before = stored();
    expect(before.refreshToken, 'the server issued a refresh token').to.be.a('string');
    await dev(servers().main, 'expire-tokens', { accessToken: before.accessToken });
    expect((await whoami(servers().main, before.accessToken)).body.soft_logout).to.equal(true);
    const res = await s.authedFetch('/_matrix/client/v3/account/whoami');
    expect(res.status).to.equal(200);
    const after = stored();
    expect(after.accessToken).to.not.equal(before.accessToken);
    expect(after.deviceId).to.equal(before.deviceId);
    expect(s.status).to.equal('signed-in');
  });

  it('soft logout: when refresh is impossible, asks to sign in again and keeps the device', async () => {
    const u = await createUser(servers().main);
    const s = fresh();
    await s.signIn({ username: u.username, password: u.password, homeserver: servers().main.url });
    const before = stored();
    await dev(servers().main, 'expire-tokens', { accessToken: before.accessToken });
    await dev(servers().main, 'fail', { status: 401, errcode: 'M_UNKNOWN_TOKEN', error: 'refresh refused', paths: '/refresh', count: 1 });
    // The request is held, not failed: it goes out again once the visitor has signed in again.
    const held = s.authedFetch('/_matrix/client/v3/account/whoami');
    for (let i = 0; i < 200 && s.status !== 'soft-logout'; i++) await new Promise((r) => setTimeout(r, 25));
    expect(s.status).to.equal('soft-logout');
    expect(s.connection.state.kind).to.equal('soft-logged-out');
    expect(s.userId).to.equal(u.userId);
    expect(stored().softLogout).to.equal(true);
    expect(await rejection(s.client())).to.have.property('errcode', 'ME_SIGNED_OUT');
    await s.signIn({ username: u.username, password: u.password });
    expect(s.status).to.equal('signed-in');
    expect(s.deviceId).to.equal(before.deviceId);
    const res = await held;
    expect(res.status, 'the held request went out with the new token').to.equal(200);
    expect((await res.json()).device_id).to.equal(before.deviceId);
  });

  it('a token deleted without soft_logout clears the session with a message', async () => {
    const u = await createUser(servers().main);
    const s = fresh();
    await s.signIn({ username: u.username, password: u.password, homeserver: servers().main.url });
    await dev(servers().main, 'delete-tokens', { accessToken: stored().accessToken });
    await s.authedFetch('/_matrix/client/v3/account/whoami');
    expect(s.status).to.equal('signed-out');
    expect(stored()).to.equal(undefined);
    expect(s.notice?.message).to.match(/signed out/i);
  });

  it('starts a guest where guests are allowed, never where they are refused', async () => {
    const s = fresh();
    const g = await s.startGuest({ homeserver: servers().main.url });
    expect(g.guest).to.equal(true);
    expect(s.status).to.equal('guest');
    expect(s.isGuest).to.equal(true);

    localStorage.clear(); // another page, never signed in
    const o = fresh();
    const e = await rejection(o.startGuest({ homeserver: servers().oauth.url }));
    expect(e.errcode).to.equal('M_GUEST_ACCESS_FORBIDDEN');
    expect(o.status).to.equal('signed-out');
    expect((await o.serverAuth(servers().oauth.url)).guests).to.equal(false);
  });

  it('client({guest: true}) starts an automatic guest session where allowed', async () => {
    const s = fresh();
    s.setDefaultHomeserver(servers().main.url);
    const client = await s.client({ guest: true });
    expect(s.status).to.equal('guest');
    expect(client.getUserId()).to.equal(s.userId);
    expect(client.isGuest()).to.equal(true);
  });

  it('upgrading a guest to a full account keeps the guest\'s rooms', async () => {
    const main = servers().main;
    // A world-readable room guests may join, made by a real user.
    const owner = await createUser(main, 'owner');
    const login = await (await fetch(`${main.url}/_matrix/client/v3/login`, {
      method: 'POST',
      body: JSON.stringify({ type: 'm.login.password', identifier: { type: 'm.id.user', user: owner.username }, password: owner.password }),
    })).json();
    const room = await (await fetch(`${main.url}/_matrix/client/v3/createRoom`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${login.access_token}` },
      body: JSON.stringify({
        preset: 'public_chat',
        initial_state: [
          { type: 'm.room.guest_access', state_key: '', content: { guest_access: 'can_join' } },
          { type: 'm.room.history_visibility', state_key: '', content: { history_visibility: 'world_readable' } },
        ],
      }),
    })).json();
    expect(room.room_id, JSON.stringify(room)).to.be.a('string');

    for (const sameName of [false, true]) {
      const s = fresh();
      const guest = await s.startGuest({ homeserver: main.url });
      const joined = await fetch(`${main.url}/_matrix/client/v3/rooms/${encodeURIComponent(room.room_id)}/join`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${stored().accessToken}` },
        body: '{}',
      });
      expect(joined.status).to.equal(200);
      const name = sameName ? guest.userId.slice(1).split(':')[0] : `up${Date.now().toString(36)}`;
      const user = await s.register({ username: name, password: 'correct horse battery' });
      expect(s.status).to.equal('signed-in');
      expect(user.guest).to.equal(false);
      if (sameName) expect(user.userId, 'upgraded in place').to.equal(guest.userId);
      const rooms = await (await s.authedFetch('/_matrix/client/v3/joined_rooms')).json();
      expect(rooms.joined_rooms).to.include(room.room_id);
    }
  });

  it('one client and one /sync loop however many callers ask', async () => {
    const u = await createUser(servers().main);
    const s = fresh();
    await s.signIn({ username: u.username, password: u.password, homeserver: servers().main.url });
    performance.clearResourceTimings();
    const [a, b, c] = await Promise.all([s.client(), s.client(), s.client()]);
    expect(a).to.equal(b);
    expect(b).to.equal(c);
    await new Promise((r) => setTimeout(r, 1000));
    const syncs = performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname.endsWith('/sync'));
    // The first sync completed; the next long-poll is still open. Three loops would show three.
    expect(syncs.length).to.equal(1);
  });

  it('sign-out in one tab signs out the other tabs', async () => {
    const u = await createUser(servers().main);
    const s = fresh();
    await s.signIn({ username: u.username, password: u.password, homeserver: servers().main.url });
    // A second tab: a same-origin frame with its own page, its own copy of the session, the same storage.
    const frame = document.createElement('iframe');
    frame.src = new URL('../../test/browser/session/tab.html', import.meta.url).href;
    document.body.append(frame);
    try {
      await until(() => !!(frame.contentWindow as any)?.matrixSession, 'the other tab to load', 15000);
      const other = (frame.contentWindow as any).matrixSession as MatrixSession;
      expect(other.status).to.equal('signed-in');
      expect(other.userId).to.equal(u.userId);
      await s.signOut();
      await until(() => other.status === 'signed-out', 'the other tab to sign out');
    } finally {
      frame.remove();
    }
  });
});
