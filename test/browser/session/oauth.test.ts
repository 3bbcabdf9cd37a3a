// OAuth 2.0 API end to end against the local homeserver: dynamic client registration, authorization code +
// PKCE S256 + state, the server's own sign-in and create-account page, the return to the page (resumed and
// cleaned from the address bar), the refresh grant, and revocation on sign-out.
import { expect, fixture, html } from '@open-wc/testing';
import { defineElement } from '../../../src/internal/define.ts';
import { MatrixLogin } from '../../../src/components/login/login.ts';
import { getSession } from '../../../src/session/get-session.ts';
import type { MatrixSession } from '../../../src/session/session.ts';
import { LoginHarness } from '../../harnesses/login-harness.ts';
import { createUser, dev, resetPageSession, servers, stored, unique, until, whoami, type TestServer } from './helpers.ts';
import {
  captureNavigation,
  closePopups,
  fetchedPaths,
  fillServerPage,
  openPopup,
  ownPage,
  pageOf,
  readServerPage,
  returnedTo,
} from './redirect-helpers.ts';

defineElement('matrix-login', MatrixLogin);

const RETURN = ownPage('return.html');
const RETURN_PLAIN = ownPage('return-plain.html');

async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return btoa(String.fromCharCode(...digest)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const pending = () => JSON.parse(localStorage.getItem('matrix-embed:v1:oauth-pending') ?? '{}');

/** The return page's own session and what its <matrix-login> announced. */
interface ReturnPage extends Window {
  matrixSession: MatrixSession;
  loginEvents: Array<{ type: string; detail: any }>;
}

/** Checks an authorization URL the way the server will: endpoint, PKCE S256 against the stored verifier, state. */
async function checkAuthorizationUrl(href: string, server: TestServer, redirectUri: string): Promise<URLSearchParams> {
  const url = new URL(href);
  expect(pageOf(href)).to.equal(`${server.url}/oauth2/auth`);
  const p = url.searchParams;
  expect(p.get('response_type')).to.equal('code');
  expect(p.get('redirect_uri')).to.equal(redirectUri);
  expect(p.get('code_challenge_method')).to.equal('S256');
  expect(p.get('response_mode')).to.equal('fragment');
  const scope = (p.get('scope') ?? '').split(' ');
  expect(scope).to.include('urn:matrix:client:api:*');
  expect(scope.filter((s) => s.startsWith('urn:matrix:client:device:'))).to.have.length(1);
  const state = p.get('state')!;
  expect(state, 'state').to.match(/^[A-Za-z0-9_-]{20,}$/);
  const kept = pending()[state];
  expect(kept, 'the pending authorization is kept under its state').to.exist;
  expect(kept.codeVerifier).to.match(/^[A-Za-z0-9_-]{43,128}$/);
  expect(p.get('code_challenge'), 'PKCE S256 of the stored verifier').to.equal(await s256(kept.codeVerifier));
  expect(p.get('client_id'), 'the client registered itself dynamically').to.match(/^\S+$/);
  expect(localStorage.getItem('matrix-embed:v1:oauth-clients'), 'no registration kept for the next sign-in').to.equal(null);
  return p;
}

describe('OAuth 2.0 sign-in and sign-up through the homeserver\'s page', function () {
  this.timeout(60000);

  beforeEach(() => resetPageSession());
  afterEach(async () => {
    closePopups();
    for (const s of [servers().main, servers().oauth]) await fetch(`${s.url}/_dev/faults/reset`, { method: 'POST', body: '{}' });
  });

  it('<matrix-login> "Create account" on an OAuth-only server: prompt=create, the server\'s form, back signed in with a clean address', async () => {
    const server = servers().oauth;
    const wrap = await fixture(html`<div></div>`);
    wrap.innerHTML = `<matrix-login homeserver="${server.url}" redirect-uri="${RETURN}"></matrix-login>`;
    const h = new LoginHarness(wrap.querySelector('matrix-login') as MatrixLogin);
    const leaving = captureNavigation(getSession());
    await h.waitFor(() => !!h.button(`Continue with ${server.serverName}`), 'the OAuth button');
    await h.selectTab('Create account');
    expect(h.field('Password'), 'no password form on an OAuth-only server').to.equal(undefined);
    await h.click(`Continue with ${server.serverName}`);
    const authorizeUrl = await leaving;
    const params = await checkAuthorizationUrl(authorizeUrl, server, RETURN);
    expect(params.get('prompt')).to.equal('create');
    expect(h.hasState('loading'), 'stays busy while the page leaves').to.equal(true);

    const popup = openPopup(authorizeUrl, 'oauth-create') as ReturnPage;
    const endpoint = `${server.url}/oauth2/auth`;
    const page = await readServerPage(endpoint);
    expect(page.title).to.match(/^Create an account/);
    expect(page.labels).to.deep.equal(['Username', 'Password', 'Confirm password']);
    expect(page.text, 'the server names the app by its client_uri host').to.contain(location.host);

    const name = unique('oc');
    // A mismatch first: the server page keeps us there with its error.
    await fillServerPage(endpoint, { fill: { Username: name, Password: 'pw-create-1', 'Confirm password': 'pw-other' }, submit: 'Create account' });
    await until(async () => (await readServerPage(endpoint)).text.includes('The passwords do not match.'), 'the server page error');
    await fillServerPage(endpoint, { fill: { Username: name, Password: 'pw-create-1', 'Confirm password': 'pw-create-1' }, submit: 'Create account' });

    const back = await returnedTo(popup, new URL(RETURN).pathname);
    await until(() => popup.matrixSession?.status === 'signed-in', 'the return page to finish signing in', 15000);
    const userId = `@${name}:${server.serverName}`;
    expect(popup.matrixSession.userId).to.equal(userId);
    expect(popup.matrixSession.authKind).to.equal('oauth');
    // code and state are gone from the address bar (fragment response mode).
    const now = new URL(popup.location.href);
    expect(now.hash, 'no code/state left in the fragment').to.equal('');
    expect(now.searchParams.has('code') || now.searchParams.has('state')).to.equal(false);
    expect(back.pathname).to.equal(new URL(RETURN).pathname);
    // Single use: the pending authorization is gone.
    expect(pending()[params.get('state')!]).to.equal(undefined);
    await until(() => popup.loginEvents.some((e) => e.type === 'matrix-after-login'), 'matrix-after-login on the return page');
    expect(popup.loginEvents.find((e) => e.type === 'matrix-after-login')!.detail).to.deep.equal({ userId, homeserver: server.url, guest: false });
    const returnLogin = new LoginHarness(popup.document.querySelector('matrix-login') as MatrixLogin);
    await returnLogin.waitFor(() => returnLogin.isSignedIn() && returnLogin.text().includes(userId), 'the signed-in view on the return page');

    const saved = stored();
    expect(saved.auth).to.equal('oauth');
    expect(saved.refreshToken, 'a refresh token was issued').to.be.a('string');
    expect(saved.oauth.clientId).to.equal(params.get('client_id'));
    expect(saved.deviceId, 'the device the scope asked for').to.equal(params.get('scope')!.split('urn:matrix:client:device:')[1]);
    expect((await whoami(server, saved.accessToken)).body.user_id).to.equal(userId);
    // This page's session follows the sign-in made in the other window (same site, same storage).
    await h.waitFor(() => h.isSignedIn() && h.text().includes(userId), 'the original page to show the user');
  });

  it('signs in with an existing account; completeRedirect(href) finishes it; the state and code are single-use', async () => {
    const server = servers().main; // both APIs
    const u = await createUser(server);
    const s = getSession();
    const leaving = captureNavigation(s);
    await s.signInWithOAuth({ homeserver: server.url, redirectUri: RETURN_PLAIN });
    const authorizeUrl = await leaving;
    const params = await checkAuthorizationUrl(authorizeUrl, server, RETURN_PLAIN);
    expect(params.has('prompt')).to.equal(false);

    const popup = openPopup(authorizeUrl, 'oauth-sign-in');
    const endpoint = `${server.url}/oauth2/auth`;
    const page = await readServerPage(endpoint);
    expect(page.title).to.match(/^Sign in/);
    expect(page.labels).to.deep.equal(['Username', 'Password']);
    await fillServerPage(endpoint, { fill: { Username: u.username, Password: 'wrong-password' }, submit: 'Sign in' });
    await until(async () => (await readServerPage(endpoint)).text.includes('Wrong username or password.'), 'the server page error');
    await fillServerPage(endpoint, { fill: { Username: u.username, Password: u.password }, submit: 'Sign in' });
    const back = await returnedTo(popup, new URL(RETURN_PLAIN).pathname);
    const returned = new URLSearchParams(back.hash.slice(1));
    expect(returned.get('state'), 'the state comes back unchanged').to.equal(params.get('state'));
    expect(returned.has('code')).to.equal(true);

    const user = await s.completeRedirect(back.href);
    expect(user).to.deep.equal({ userId: u.userId, homeserver: server.url, guest: false });
    expect(s.status).to.equal('signed-in');
    expect(s.authKind).to.equal('oauth');
    // The same return again is not ours any more (state single-use)...
    expect(await s.completeRedirect(back.href)).to.equal(undefined);
    // ...and the server refuses the code a second time (and revokes what it granted, RFC 6749 4.1.2).
    const replay = await fetch(`${server.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: returned.get('code')!,
        redirect_uri: RETURN_PLAIN,
        client_id: params.get('client_id')!,
        code_verifier: 'x'.repeat(43),
      }).toString(),
    });
    expect(replay.status).to.equal(400);
    expect((await replay.json()).error).to.equal('invalid_grant');
  });

  it('refreshes an expired access token through the OAuth refresh grant, silently, and persists the new tokens', async () => {
    const s = await oauthSignIn(servers().main);
    const before = stored();
    await dev(servers().main, 'expire-tokens', { accessToken: before.accessToken });
    performance.clearResourceTimings();
    const changes: string[] = [];
    s.addEventListener('change', () => changes.push(s.status));
    const res = await s.authedFetch('/_matrix/client/v3/account/whoami');
    expect(res.status).to.equal(200);
    expect((await res.json()).user_id).to.equal(s.userId);
    await until(() => fetchedPaths().includes('/oauth2/token'), 'a request to the OAuth token endpoint, not /refresh', 2000);
    expect(fetchedPaths()).to.not.include('/_matrix/client/v3/refresh');
    const after = stored();
    expect(after.accessToken).to.not.equal(before.accessToken);
    expect(after.refreshToken, 'the refresh token rotated').to.not.equal(before.refreshToken);
    expect(after.deviceId).to.equal(before.deviceId);
    expect(s.status).to.equal('signed-in');
    expect(changes.filter((c) => c !== 'signed-in'), 'no visible state change').to.deep.equal([]);
    expect((await whoami(servers().main, after.accessToken)).status).to.equal(200);
    expect((await whoami(servers().main, before.accessToken)).body.errcode).to.equal('M_UNKNOWN_TOKEN');
  });

  it('sign-out revokes the tokens at the revocation endpoint: the old token gets M_UNKNOWN_TOKEN, the refresh token is dead', async () => {
    const server = servers().oauth;
    // An account on the OAuth-only server, made through its page.
    const s = await oauthSignIn(server, { create: true });
    const t = stored();
    expect((await whoami(server, t.accessToken)).status).to.equal(200);
    performance.clearResourceTimings();
    await s.signOut();
    expect(s.status).to.equal('signed-out');
    expect(stored()).to.equal(undefined);
    const gone = await whoami(server, t.accessToken);
    expect(gone.status).to.equal(401);
    expect(gone.body.errcode).to.equal('M_UNKNOWN_TOKEN');
    // Chromium adds a resource-timing entry a task after the body is read; under load that is after signOut() resolves.
    await until(() => fetchedPaths().includes('/oauth2/revoke'), 'a request to the revocation endpoint', 2000);
    const refresh = await fetch(`${server.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: t.refreshToken, client_id: t.oauth.clientId }).toString(),
    });
    expect(refresh.status).to.equal(400);
    expect((await refresh.json()).error).to.equal('invalid_grant');
  });

  it('"Cancel" on the server\'s page comes back as a cancelled sign-in, shown by <matrix-login>', async () => {
    const server = servers().oauth;
    const s = getSession();
    const leaving = captureNavigation(s);
    await s.signInWithOAuth({ homeserver: server.url, redirectUri: RETURN });
    const popup = openPopup(await leaving, 'oauth-cancel') as ReturnPage;
    await fillServerPage(`${server.url}/oauth2/auth`, { submit: 'Cancel' });
    await returnedTo(popup, new URL(RETURN).pathname);
    await until(() => popup.loginEvents?.some((e) => e.type === 'matrix-error'), 'matrix-error on the return page', 15000);
    expect(popup.loginEvents.find((e) => e.type === 'matrix-error')!.detail).to.deep.include({ operation: 'sign-in', message: 'Sign-in was cancelled.' });
    expect(popup.matrixSession.status).to.equal('signed-out');
    expect(new URL(popup.location.href).hash, 'error and state removed from the address bar').to.equal('');
    const returnLogin = new LoginHarness(popup.document.querySelector('matrix-login') as MatrixLogin);
    await returnLogin.waitFor(() => returnLogin.alerts().includes('Sign-in was cancelled.'), 'the message on the return page');
  });

  it('completeRedirect(href) with a refused authorization rejects and leaves the session signed out (not "restoring")', async () => {
    const server = servers().oauth;
    const s = getSession();
    const leaving = captureNavigation(s);
    await s.signInWithOAuth({ homeserver: server.url, redirectUri: RETURN_PLAIN });
    const popup = openPopup(await leaving, 'oauth-cancel-plain');
    await fillServerPage(`${server.url}/oauth2/auth`, { submit: 'Cancel' });
    const back = await returnedTo(popup, new URL(RETURN_PLAIN).pathname);
    expect(new URLSearchParams(back.hash.slice(1)).get('error')).to.equal('access_denied');
    let error: any;
    await s.completeRedirect(back.href).catch((e) => (error = e));
    expect(error?.message).to.equal('Sign-in was cancelled.');
    expect(s.status).to.equal('signed-out');
    expect(stored()).to.equal(undefined);
  });

  it('after a soft logout, signing in again through OAuth keeps the device', async () => {
    const server = servers().main;
    const s = await oauthSignIn(server);
    const before = stored();
    await dev(server, 'expire-tokens', { accessToken: before.accessToken });
    await dev(server, 'fail', { status: 400, errcode: 'M_UNKNOWN', error: 'invalid_grant', paths: '/oauth2/token', count: 1 });
    // Held during the soft logout, the request goes out once the visitor signed in again.
    const held = s.authedFetch('/_matrix/client/v3/account/whoami');
    for (let i = 0; i < 200 && s.status !== 'soft-logout'; i++) await new Promise((r) => setTimeout(r, 25));
    expect(s.status).to.equal('soft-logout');
    const again = await oauthSignIn(server, { session: s, username: createdUsers.get(s)! });
    expect(again.status).to.equal('signed-in');
    expect((await held).status).to.equal(200);
    expect(stored().deviceId, 'the same device').to.equal(before.deviceId);
    expect((await whoami(server, stored().accessToken)).body.device_id).to.equal(before.deviceId);
  });
});

describe('OAuth 2.0: a server that forgot this site\'s client', function () {
  this.timeout(90000);
  beforeEach(() => resetPageSession());
  afterEach(() => closePopups());

  it('the next sign-in registers again (never the server\'s "Unknown client_id" page); a client lost mid-sign-in is reported and the retry works', async () => {
    const server = servers().oauth;
    const endpoint = `${server.url}/oauth2/auth`;
    const s = await oauthSignIn(server, { create: true });
    const account = createdUsers.get(s)!;
    const firstClient = stored().oauth.clientId;
    await s.signOut();
    // What an admin deleting the client, or a server restarted without its data, leaves behind.
    await dev(server, 'delete-oauth-client', { clientId: firstClient });
    const gone = await fetch(`${endpoint}?client_id=${encodeURIComponent(firstClient)}`);
    expect(await gone.text(), 'the server really forgot it').to.contain('Unknown client_id');

    // Signing in again from <matrix-login> reaches the server's sign-in form, not its error page.
    const wrap = await fixture(html`<div></div>`);
    wrap.innerHTML = `<matrix-login homeserver="${server.url}" redirect-uri="${RETURN_PLAIN}"></matrix-login>`;
    const h = new LoginHarness(wrap.querySelector('matrix-login') as MatrixLogin);
    const leaving = captureNavigation(s);
    await h.waitFor(() => !!h.button(`Continue with ${server.serverName}`), 'the OAuth button');
    await h.click(`Continue with ${server.serverName}`);
    const authorizeUrl = await leaving;
    const clientId = new URL(authorizeUrl).searchParams.get('client_id');
    expect(clientId, 'a new registration').to.not.equal(firstClient);
    const popup = openPopup(authorizeUrl, unique('oauth'));
    const page = await readServerPage(endpoint);
    expect(page.title, page.text).to.match(/^Sign in/);
    await fillServerPage(endpoint, { fill: { Username: account.username, Password: account.password }, submit: 'Sign in' });
    const back = await returnedTo(popup, new URL(RETURN_PLAIN).pathname);
    popup.close();
    expect((await s.completeRedirect(back.href))?.userId).to.equal(s.userId);
    expect(s.status).to.equal('signed-in');
    expect(stored().oauth.clientId).to.equal(clientId);

    // The client is forgotten while the visitor is on the server's page: the code exchange is refused
    // (invalid_client), the page says to sign in again, and doing so works.
    await s.signOut();
    const leavingAgain = captureNavigation(s);
    await s.signInWithOAuth({ homeserver: server.url, redirectUri: RETURN_PLAIN });
    const url = await leavingAgain;
    const popup2 = openPopup(url, unique('oauth'));
    await fillServerPage(endpoint, { fill: { Username: account.username, Password: account.password }, submit: 'Sign in' });
    const back2 = await returnedTo(popup2, new URL(RETURN_PLAIN).pathname);
    popup2.close();
    await dev(server, 'delete-oauth-client', { clientId: new URL(url).searchParams.get('client_id') });
    let error: any;
    await s.completeRedirect(back2.href).catch((e) => (error = e));
    expect(error?.message).to.equal('The server no longer recognises this site. Sign in again.');
    expect(s.status).to.equal('signed-out');
    await oauthSignIn(server, { session: s, username: account });
    expect(s.status).to.equal('signed-in');
  });
});

const createdUsers = new WeakMap<MatrixSession, { username: string; password: string }>();

/** A full OAuth sign-in (or sign-up) through the server's page, finished with completeRedirect on this page. */
async function oauthSignIn(
  server: TestServer,
  opts: { create?: boolean; session?: MatrixSession; username?: { username: string; password: string } } = {},
): Promise<MatrixSession> {
  const s = opts.session ?? getSession();
  let account = opts.username;
  if (!account && !opts.create) account = await createUser(server);
  if (!account) account = { username: unique('oc'), password: `pw-${unique()}` };
  const leaving = captureNavigation(s);
  await s.signInWithOAuth({ homeserver: server.url, redirectUri: RETURN_PLAIN, create: opts.create });
  const popup = openPopup(await leaving, unique('oauth'));
  const fill: Record<string, string> = { Username: account.username, Password: account.password };
  if (opts.create) fill['Confirm password'] = account.password;
  await fillServerPage(`${server.url}/oauth2/auth`, { fill, submit: opts.create ? 'Create account' : 'Sign in' });
  const back = await returnedTo(popup, new URL(RETURN_PLAIN).pathname);
  popup.close();
  const user = await s.completeRedirect(back.href);
  expect(user?.userId).to.be.a('string');
  createdUsers.set(s, account);
  return s;
}
