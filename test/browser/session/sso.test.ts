// SSO on a legacy server (m.login.sso with identity providers, the loginToken return, m.login.token), through
// the homeserver's own identity-provider page in a popup.
import { expect, fixture, html } from '@open-wc/testing';
import { defineElement } from '../../../src/internal/define.ts';
import { MatrixLogin } from '../../../src/components/login/login.ts';
import { getSession } from '../../../src/session/get-session.ts';
import type { MatrixSession } from '../../../src/session/session.ts';
import { LoginHarness } from '../../harnesses/login-harness.ts';
import { createUser, resetPageSession, servers, stored, whoami } from './helpers.ts';
import { captureNavigation, closePopups, fillServerPage, openPopup, ownPage, pageOf, readServerPage, returnedTo } from './redirect-helpers.ts';

defineElement('matrix-login', MatrixLogin);

const RETURN = ownPage('return.html');
const RETURN_PLAIN = ownPage('return-plain.html');

interface ReturnPage extends Window {
  matrixSession: MatrixSession;
  loginEvents: Array<{ type: string; detail: any }>;
}

describe('SSO sign-in (legacy API)', function () {
  this.timeout(60000);
  beforeEach(() => resetPageSession());
  afterEach(() => closePopups());

  it('<matrix-login> shows the identity-provider button; the IdP page signs in and the return page resumes', async () => {
    const legacy = servers().legacy;
    const u = await createUser(legacy);
    const wrap = await fixture(html`<div></div>`);
    wrap.innerHTML = `<matrix-login homeserver="${legacy.url}" redirect-uri="${RETURN}"></matrix-login>`;
    const h = new LoginHarness(wrap.querySelector('matrix-login') as MatrixLogin);
    const leaving = captureNavigation(getSession());
    await h.waitFor(() => !!h.button('Continue with Local test SSO'), 'the identity-provider button');
    expect(h.field('Password'), 'password sign-in stays reachable').to.exist;
    const names = h.buttonNames();
    expect(names.indexOf('Continue with Local test SSO')).to.be.lessThan(names.indexOf('Sign in'));
    await h.click('Continue with Local test SSO');
    const ssoUrl = await leaving;
    expect(pageOf(ssoUrl)).to.equal(`${legacy.url}/_matrix/client/v3/login/sso/redirect/local`);
    const back = new URL(new URL(ssoUrl).searchParams.get('redirectUrl')!);
    expect(pageOf(back.href)).to.equal(RETURN);
    const nonce = back.searchParams.get('matrix-embed-sso');
    expect(nonce, 'the return is bound to this tab by a nonce').to.match(/^[0-9a-f]{32}$/);
    expect(JSON.parse(sessionStorage.getItem('matrix-embed:v1:sso-pending')!).nonce).to.equal(nonce);

    const popup = openPopup(ssoUrl, 'sso') as ReturnPage;
    const idp = `${legacy.url}/_local/sso/idp`;
    const page = await readServerPage(idp);
    expect(page.title).to.equal('Sign in with Local test SSO');
    expect(page.text, 'the IdP names where it sends you').to.contain(location.host);
    await fillServerPage(idp, { fill: { Username: u.username, Password: u.password }, submit: 'Continue' });
    await returnedTo(popup, new URL(RETURN).pathname);
    await until(() => popup.matrixSession?.status === 'signed-in', 'the return page to sign in');
    expect(popup.matrixSession.userId).to.equal(u.userId);
    expect(popup.matrixSession.authKind).to.equal('sso');
    expect(new URL(popup.location.href).searchParams.has('loginToken'), 'loginToken removed from the address bar').to.equal(false);
    await until(() => popup.loginEvents.some((e) => e.type === 'matrix-after-login'), 'matrix-after-login');
    expect(popup.loginEvents.find((e) => e.type === 'matrix-after-login')!.detail).to.deep.equal({ userId: u.userId, homeserver: legacy.url, guest: false });
    await h.waitFor(() => h.isSignedIn(), 'this page to follow the sign-in');
  });

  it('completeRedirect(href) with a real loginToken signs in with m.login.token; the token is single-use', async () => {
    const legacy = servers().legacy;
    const u = await createUser(legacy);
    const s = getSession();
    const leaving = captureNavigation(s);
    await s.signInWithSso({ homeserver: legacy.url, redirectUri: RETURN_PLAIN });
    const popup = openPopup(await leaving, 'sso-plain');
    const idp = `${legacy.url}/_local/sso/idp`;
    await fillServerPage(idp, { fill: { Username: u.username, Password: 'wrong' }, submit: 'Continue' });
    await until(async () => (await readServerPage(idp)).text.includes('Wrong username or password.'), 'the IdP error');
    await fillServerPage(idp, { fill: { Username: u.username, Password: u.password }, submit: 'Continue' });
    const back = await returnedTo(popup, new URL(RETURN_PLAIN).pathname);
    const loginToken = back.searchParams.get('loginToken');
    expect(loginToken, 'the server sent a loginToken back').to.be.a('string');

    const user = await s.completeRedirect(back.href);
    expect(user).to.deep.equal({ userId: u.userId, homeserver: legacy.url, guest: false });
    expect(s.status).to.equal('signed-in');
    expect(s.authKind).to.equal('sso');
    expect((await whoami(legacy, stored().accessToken)).body.user_id).to.equal(u.userId);
    expect(await s.completeRedirect(back.href), 'not pending any more').to.equal(undefined);
    const reused = await fetch(`${legacy.url}/_matrix/client/v3/login`, {
      method: 'POST',
      body: JSON.stringify({ type: 'm.login.token', token: loginToken }),
    });
    expect(reused.status).to.equal(403);
  });

  it('a loginToken this tab did not ask for is ignored: no nonce, a wrong nonce, or a pending SSO over 10 minutes old', async () => {
    const legacy = servers().legacy;
    const s = getSession();
    const logins: string[] = [];
    const original = window.fetch;
    window.fetch = (input, init) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      if (url.pathname.endsWith('/login') && init?.method === 'POST') logins.push(String(init.body));
      return original.call(window, input, init);
    };
    try {
      // The visitor started an SSO sign-in and abandoned it; then follows an attacker's link to the page.
      const leaving = captureNavigation(s);
      await s.signInWithSso({ homeserver: legacy.url, redirectUri: RETURN_PLAIN });
      const nonce = new URL(new URL(await leaving).searchParams.get('redirectUrl')!).searchParams.get('matrix-embed-sso')!;
      expect(await s.completeRedirect(`${RETURN_PLAIN}?loginToken=attackers`), 'no nonce').to.equal(undefined);
      expect(await s.completeRedirect(`${RETURN_PLAIN}?loginToken=attackers&matrix-embed-sso=${'0'.repeat(32)}`), 'wrong nonce').to.equal(undefined);
      const key = 'matrix-embed:v1:sso-pending';
      const record = JSON.parse(sessionStorage.getItem(key)!);
      sessionStorage.setItem(key, JSON.stringify({ ...record, createdAt: Date.now() - 10 * 60_000 - 1000 }));
      expect(await s.completeRedirect(`${RETURN_PLAIN}?loginToken=attackers&matrix-embed-sso=${nonce}`), 'expired').to.equal(undefined);
      expect(logins, 'no loginToken was sent to the server').to.deep.equal([]);
      expect(s.status).to.equal('signed-out');
      expect(stored()).to.equal(undefined);
      // The same return within the 10 minutes is taken (and its token tried: this one is not the server's).
      sessionStorage.setItem(key, JSON.stringify(record));
      const e = await s.completeRedirect(`${RETURN_PLAIN}?loginToken=attackers&matrix-embed-sso=${nonce}`).catch((x: unknown) => x);
      expect((e as { errcode?: string }).errcode).to.equal('M_FORBIDDEN');
      expect(logins).to.have.length(1);
    } finally {
      window.fetch = original;
    }
  });

  it('on a server with the OAuth API, SSO is not offered (OAuth is its replacement)', async () => {
    const wrap = await fixture(html`<div></div>`);
    wrap.innerHTML = `<matrix-login homeserver="${servers().main.url}"></matrix-login>`;
    const h = new LoginHarness(wrap.querySelector('matrix-login') as MatrixLogin);
    await h.waitFor(() => h.buttonNames().some((n) => n.startsWith('Continue with')) && !h.hasState('loading'), 'server auth');
    expect(h.button('Continue with Local test SSO')).to.equal(undefined);
  });
});

async function until(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 15000): Promise<void> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
