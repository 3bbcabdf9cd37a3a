// Refresh limits against real homeservers: a server announcing absurd token lifetimes (0 ms, 30 days: past
// setTimeout's 2^31 ms) or a failing refresh endpoint must not cause a refresh storm. Absurd lifetimes mean
// "refresh when a request is refused"; failures back off from 1 s, doubling.
import { expect } from '@open-wc/testing';
import { getSession } from '../../../src/session/get-session.ts';
import { createUser, dev, resetPageSession, servers, stored, type TestServer } from './helpers.ts';

/** Counts the refresh requests the page sends to `server` (the session calls the window's fetch). */
function countRefreshes(server: TestServer): { count: () => number; stop: () => void } {
  const original = window.fetch;
  let n = 0;
  window.fetch = (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (url.origin === new URL(server.url).origin && url.pathname === '/_matrix/client/v3/refresh') n++;
    return original.call(window, input, init);
  };
  return { count: () => n, stop: () => (window.fetch = original) };
}

/** Real tokens of a real user, obtained with the real /login (refresh token included). */
async function realLogin(server: TestServer) {
  const u = await createUser(server);
  const res = await fetch(`${server.url}/_matrix/client/v3/login`, {
    method: 'POST',
    body: JSON.stringify({ type: 'm.login.password', identifier: { type: 'm.id.user', user: u.username }, password: u.password, refresh_token: true }),
  });
  return { ...u, login: await res.json() };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('refresh limits', function () {
  this.timeout(60000);
  let watch: ReturnType<typeof countRefreshes> | undefined;
  beforeEach(() => resetPageSession());
  afterEach(async () => {
    watch?.stop();
    for (const s of [servers().main, servers().refresh!]) await fetch(`${s.url}/_dev/faults/reset`, { method: 'POST', body: '{}' });
    resetPageSession();
  });

  for (const [name, lifetime, believed] of [
    ['0 ms', 0, false],
    ['-1 ms', -1, false],
    ['2 years', 2 * 365 * 24 * 3_600_000, false],
    // Believed, but its refresh delay is beyond setTimeout's 2^31 ms: the timer is clamped, not fired at once.
    ['30 days', 30 * 24 * 3_600_000, true],
  ] as const) {
    it(`a server announcing a lifetime of ${name} gets no refresh storm; the token is refreshed when refused`, async () => {
      const server = servers().main;
      const { username, password, login } = await realLogin(server);
      // The server keeps announcing that lifetime, on /login and on every /refresh.
      const announced = { ...login, expires_in_ms: lifetime };
      for (const path of ['/v3/login$', '/v3/refresh$']) await dev(server, 'answer', { paths: path, method: 'POST', body: announced, count: 1000 });
      watch = countRefreshes(server);
      const s = getSession();
      await s.signIn({ username, password, homeserver: server.url });
      await sleep(2500);
      expect(watch.count(), 'refreshes in 2.5 s').to.equal(0);
      if (believed) expect(stored().expiresAt - Date.now()).to.be.within(lifetime - 10_000, lifetime);
      else expect(stored().expiresAt, 'the absurd lifetime is not believed').to.equal(undefined);
      expect((await s.authedFetch('/_matrix/client/v3/account/whoami')).status).to.equal(200);

      // The server now refuses the access token: that is when it is refreshed (for real, once).
      await dev(server, 'faults/reset');
      await dev(server, 'expire-tokens', { accessToken: login.access_token });
      const res = await s.authedFetch('/_matrix/client/v3/account/whoami');
      expect(res.status).to.equal(200);
      expect(watch.count()).to.equal(1);
      expect(stored().accessToken).to.not.equal(login.access_token);
      expect(s.status).to.equal('signed-in');
    });
  }

  it('a failing refresh endpoint is retried with backoff (1 s, doubling), not on every request', async () => {
    const server = servers().refresh!; // access tokens live 6 s: due for refresh after 3 s
    const u = await createUser(server);
    const s = getSession();
    await s.signIn({ username: u.username, password: u.password, homeserver: server.url });
    await dev(server, 'fail', { status: 500, paths: '/v3/refresh$', count: 1000 });
    watch = countRefreshes(server);
    // A busy page: a request every 100 ms for 9 s, across the due time (3 s) and the expiry (6 s).
    const start = Date.now();
    while (Date.now() - start < 9000) {
      await s.authedFetch('/_matrix/client/v3/account/whoami').catch(() => undefined);
      await sleep(100);
    }
    // Due at 3 s, then retries 1 s, 2 s, 4 s later: 3, 4, 6 (10 is past the end). One more for timing slack.
    expect(watch.count(), 'refresh attempts in 9 s').to.be.within(2, 4);
    expect(s.status, 'network trouble keeps the session').to.equal('signed-in');
  });
});
