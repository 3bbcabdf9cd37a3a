// A hostile homeserver (or a hostile link, or a careless page) against the session and <matrix-login>: the real
// local homeservers, made to answer as an attacker's server would with /_dev/answer (any status, headers and
// body over real HTTP). Nothing a server hands us is navigated to, fetched or trusted unchecked.
import { expect, fixture, html } from '@open-wc/testing';
import { defineElement } from '../../../src/internal/define.ts';
import { MatrixLogin } from '../../../src/components/login/login.ts';
import { getSession } from '../../../src/session/get-session.ts';
import { MatrixApiError } from '../../../src/session/errors.ts';
import { fetchRoomSummary, RoomSummaryError } from '../../../src/session/summary.ts';
import { loadSdk } from '../../../src/session/sdk.ts';
import { LoginHarness } from '../../harnesses/login-harness.ts';
import { createUser, dev, resetPageSession, servers, stored, type TestServer } from './helpers.ts';
import { ownPage } from './redirect-helpers.ts';

defineElement('matrix-login', MatrixLogin);

const RETURN_PLAIN = ownPage('return-plain.html');
const BAD_ANSWER = "That server's answer was not valid Matrix.";

/** The server's real auth metadata (what the hostile answers are made from). */
async function realMetadata(server: TestServer): Promise<Record<string, unknown>> {
  return (await fetch(`${server.url}/_matrix/client/v1/auth_metadata`)).json();
}

/** Makes the server answer `paths` with `body` (until the faults are reset). */
const answer = (server: TestServer, paths: string, body: unknown, extra: Record<string, unknown> = {}) =>
  dev(server, 'answer', { paths, body, count: 1000, ...extra });

async function rejection(p: Promise<unknown>): Promise<MatrixApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof MatrixApiError) return e;
    throw new Error(`expected a MatrixApiError, got ${String(e)}`);
  }
  throw new Error('expected a rejection');
}

describe('a hostile homeserver', function () {
  this.timeout(30000);
  let navigations: string[];
  beforeEach(() => {
    resetPageSession();
    navigations = [];
    getSession().navigate = (url) => navigations.push(url);
  });
  afterEach(async () => {
    for (const s of Object.values(servers())) await fetch(`${s.url}/_dev/faults/reset`, { method: 'POST', body: '{}' });
    resetPageSession();
  });

  for (const [name, endpoint] of [
    ['javascript:', 'javascript:alert(document.domain)//'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['plain http to another host', 'http://evil.example/authorize'],
    ['credentials in the URL', 'https://user:pw@evil.example/authorize'],
  ]) {
    it(`an authorization_endpoint with ${name} is never navigated to, with a clear error`, async () => {
      const server = servers().oauth;
      await answer(server, '/auth_metadata$', { ...(await realMetadata(server)), authorization_endpoint: endpoint });
      const e = await rejection(getSession().signInWithOAuth({ homeserver: server.url, redirectUri: RETURN_PLAIN }));
      expect(e.errcode).to.equal('ME_BAD_URL');
      expect(e.message).to.equal('The server gave an unsafe address for its sign-in page, so it was not used.');
      expect(navigations).to.deep.equal([]);
      expect(localStorage.getItem('matrix-embed:v1:oauth-pending'), 'no sign-in left pending').to.equal(null);
    });
  }

  it('<matrix-login> shows the unsafe-address error and fires matrix-error; clicking nothing navigates', async () => {
    const server = servers().oauth;
    const m = await realMetadata(server);
    await answer(server, '/auth_metadata$', { ...m, token_endpoint: 'javascript:fetch("//evil.example")' });
    const wrap = await fixture(html`<div></div>`);
    const errors: any[] = [];
    wrap.addEventListener('matrix-error', (e) => errors.push((e as CustomEvent).detail));
    wrap.innerHTML = `<matrix-login homeserver="${server.url}" redirect-uri="${RETURN_PLAIN}"></matrix-login>`;
    const h = new LoginHarness(wrap.querySelector('matrix-login') as MatrixLogin);
    await h.waitFor(() => h.text().includes('unsafe address'), 'the error');
    expect(h.text()).to.contain('The server gave an unsafe address for its token endpoint, so it was not used.');
    expect(h.button(`Continue with ${server.serverName}`)).to.equal(undefined);
    expect(errors.map((d) => d.errcode)).to.deep.equal(['ME_BAD_URL']);
    expect(navigations).to.deep.equal([]);
  });

  it('a .well-known base_url of javascript: is refused before anything is fetched from it', async () => {
    const server = servers().second;
    await answer(server, '^/\\.well-known/matrix/client$', { 'm.homeserver': { base_url: 'javascript:alert(1)' } });
    const e = await rejection(getSession().resolveHomeserver(`@ana:${server.serverName}`));
    expect(e.errcode).to.equal('ME_BAD_URL');
  });

  it('a .well-known or /versions of the wrong shape is not valid Matrix', async () => {
    const server = servers().second;
    const s = getSession();
    for (const [paths, body] of [
      ['^/\\.well-known/matrix/client$', { 'm.homeserver': 'https://x.example' }],
      ['^/\\.well-known/matrix/client$', { 'm.homeserver': { base_url: 42 } }],
      ['^/_matrix/client/versions$', { versions: 'v1.15' }],
      ['^/_matrix/client/versions$', { versions: [1, 2] }],
    ] as const) {
      await answer(server, paths, body);
      const e = await rejection(s.resolveHomeserver(`@ana:${server.serverName}`));
      expect(e.errcode, JSON.stringify(body)).to.equal('ME_BAD_ANSWER');
      await dev(server, 'faults/reset');
    }
  });

  it('an OAuth return whose iss names another server is stopped before the code is exchanged (RFC 9207)', async () => {
    const server = servers().oauth;
    const s = getSession();
    const tokenRequests: string[] = [];
    const original = window.fetch;
    window.fetch = (input, init) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      if (url.pathname === '/oauth2/token') tokenRequests.push(url.href);
      return original.call(window, input, init);
    };
    try {
      for (const iss of ['https://evil.example/', undefined]) {
        const state = new URL(await s.beginOAuth({ homeserver: server.url, redirectUri: RETURN_PLAIN })).searchParams.get('state')!;
        const back = `${RETURN_PLAIN}#code=stolen&state=${state}${iss ? `&iss=${encodeURIComponent(iss)}` : ''}`;
        const e = await rejection(s.completeRedirect(back));
        expect(e.message, `iss=${iss}`).to.equal('The sign-in came back from a different server than it started on, so it was stopped.');
        expect(s.status).to.equal('signed-out');
      }
      expect(tokenRequests, 'no code was exchanged').to.deep.equal([]);
    } finally {
      window.fetch = original;
    }
  });

  it('state=__proto__ on the return finds no pending sign-in (own keys only)', async () => {
    const s = getSession();
    await s.beginOAuth({ homeserver: servers().oauth.url, redirectUri: RETURN_PLAIN });
    for (const state of ['__proto__', 'constructor', 'toString']) {
      expect(await s.completeRedirect(`${RETURN_PLAIN}?state=${state}&code=abc`), state).to.equal(undefined);
    }
    expect(s.status).to.equal('signed-out');
  });

  it('redirect-uri on another origin is refused with a clear matrix-error, for OAuth and SSO', async () => {
    const s = getSession();
    for (const start of [
      () => s.signInWithOAuth({ homeserver: servers().oauth.url, redirectUri: 'https://evil.example/catch' }),
      () => s.signInWithSso({ homeserver: servers().legacy.url, redirectUri: 'https://evil.example/catch' }),
    ]) {
      const e = await rejection(start());
      expect(e.errcode).to.equal('ME_BAD_URL');
      expect(e.message).to.equal(`redirect-uri must be an address on this site (${location.origin}).`);
    }
    const wrap = await fixture(html`<div></div>`);
    const errors: any[] = [];
    wrap.addEventListener('matrix-error', (e) => errors.push((e as CustomEvent).detail));
    const server = servers().oauth;
    wrap.innerHTML = `<matrix-login homeserver="${server.url}" redirect-uri="https://evil.example/catch"></matrix-login>`;
    const h = new LoginHarness(wrap.querySelector('matrix-login') as MatrixLogin);
    await h.waitFor(() => !!h.button(`Continue with ${server.serverName}`), 'the OAuth button');
    await h.click(`Continue with ${server.serverName}`);
    await h.waitFor(() => h.text().includes('redirect-uri must be'), 'the error');
    expect(errors.map((d) => [d.operation, d.errcode])).to.deep.equal([['sign-in', 'ME_BAD_URL']]);
    expect(navigations).to.deep.equal([]);
  });

  for (const [name, flows] of [
    ['flows: [null]', { flows: [null] }],
    ['flows: "m.login.password"', { flows: 'm.login.password' }],
    ['an identity provider without a name', { flows: [{ type: 'm.login.sso', identity_providers: [{ id: 'x' }] }] }],
  ] as const) {
    it(`/login with ${name} says "not valid Matrix", not "Could not reach"`, async () => {
      const server = servers().legacy;
      await answer(server, '^/_matrix/client/v3/login$', flows, { method: 'GET' });
      const wrap = await fixture(html`<div></div>`);
      const errors: any[] = [];
      wrap.addEventListener('matrix-error', (e) => errors.push((e as CustomEvent).detail));
      wrap.innerHTML = `<matrix-login homeserver="${server.url}"></matrix-login>`;
      const h = new LoginHarness(wrap.querySelector('matrix-login') as MatrixLogin);
      await h.waitFor(() => h.text().includes(BAD_ANSWER), 'the error');
      expect(h.text()).to.not.contain('Could not reach');
      expect(errors.map((d) => d.errcode)).to.deep.equal(['ME_BAD_ANSWER']);
    });
  }

  it('auth metadata with wrong types, or over 1 MB, is not valid Matrix', async () => {
    const server = servers().oauth;
    const m = await realMetadata(server);
    const s = getSession();
    // Auth methods are cached per base URL once valid (earlier tests here loaded them): this address is new.
    const base = server.url.replace('127.0.0.1', 'localhost');
    expect(base).to.not.equal(server.url);
    for (const body of [{ ...m, prompt_values_supported: 'create' }, { ...m, issuer: 42 }, [m], null]) {
      await answer(server, '/auth_metadata$', body);
      const e = await rejection(s.serverAuth(base));
      expect(e.errcode, JSON.stringify(body).slice(0, 60)).to.be.oneOf(['ME_BAD_ANSWER', 'ME_BAD_URL']);
      await dev(server, 'faults/reset');
    }
    await answer(server, '/auth_metadata$', undefined, { text: JSON.stringify({ ...m, padding: 'x'.repeat(1_100_000) }) });
    const big = await rejection(s.serverAuth(base));
    expect(big.errcode).to.equal('ME_BAD_ANSWER');
    expect(big.message).to.equal(BAD_ANSWER);
  });

  it('a room summary with wrong types, or over 1 MB, is not valid Matrix', async () => {
    const server = servers().main;
    await answer(server, '/room_summary/', { room_id: '!x:localhost', name: 42, num_joined_members: 'many', world_readable: true });
    let e = await fetchRoomSummary(server.url, '#lobby:localhost').catch((x: unknown) => x);
    expect(e).to.be.instanceOf(RoomSummaryError);
    expect((e as RoomSummaryError).info).to.deep.equal({ operation: 'load-room', errcode: 'ME_BAD_ANSWER', message: BAD_ANSWER });
    await dev(server, 'faults/reset');
    await answer(server, '/room_summary/', undefined, { text: `{"room_id": "!x:localhost", "topic": "${'x'.repeat(1_100_000)}"}` });
    e = await fetchRoomSummary(server.url, '#lobby:localhost').catch((x: unknown) => x);
    expect((e as RoomSummaryError).errcode).to.equal('ME_BAD_ANSWER');
  });

  it('server error text is cut to 200 characters', async () => {
    const server = servers().legacy;
    const u = await createUser(server);
    await dev(server, 'fail', { status: 400, errcode: 'M_UNKNOWN', error: `${'Buy cheap pills at evil.example! '.repeat(40)}`, paths: '/login$', method: 'POST' });
    const e = await rejection(getSession().signIn({ username: u.username, password: u.password, homeserver: server.url }));
    expect(Array.from(e.message).length).to.equal(200);
    expect(e.message.endsWith('…')).to.equal(true);
    expect(stored()).to.equal(undefined);
  });
});

describe('the access token stays on the homeserver', function () {
  this.timeout(30000);
  beforeEach(() => resetPageSession());
  afterEach(async () => {
    await fetch(`${servers().main.url}/_dev/faults/reset`, { method: 'POST', body: '{}' });
    resetPageSession();
  });

  it('an SDK request to another origin goes without Authorization', async () => {
    const [main, other] = [servers().main, servers().second];
    const u = await createUser(main);
    const s = getSession();
    await s.signIn({ username: u.username, password: u.password, homeserver: main.url });
    const client = await s.client();
    const { Method } = await loadSdk();
    const e = await client.http
      .authedRequest(Method.Get, '/account/whoami', undefined, undefined, { baseUrl: other.url })
      .catch((x: unknown) => x as { errcode?: string });
    // The other server saw no token at all (with one, it would say M_UNKNOWN_TOKEN).
    expect((e as { errcode?: string }).errcode).to.equal('M_MISSING_TOKEN');
    expect(s.status).to.equal('signed-in');
  });

  it('a redirect of a signed-in request is not followed, with a clear error', async () => {
    const [main, other] = [servers().main, servers().second];
    const u = await createUser(main);
    const s = getSession();
    await s.signIn({ username: u.username, password: u.password, homeserver: main.url });
    await dev(main, 'answer', {
      status: 307,
      headers: { Location: `${other.url}/_matrix/client/v3/account/whoami` },
      paths: '/account/whoami$',
      method: 'GET',
    });
    const e = await rejection(s.authedFetch('/_matrix/client/v3/account/whoami'));
    expect(e.errcode).to.equal('ME_BAD_URL');
    expect(e.message).to.equal('The homeserver redirected a signed-in request; it was not followed.');
    expect(s.status).to.equal('signed-in');
  });
});
