// Accounts, through <matrix-login> as a visitor uses it, on the homeserver under test (E2E_HOMESERVER):
// create an account, a reload restores it, sign out; wrong password; sign in by user name and by full user ID.
import { expect } from '@open-wc/testing';
import '../../src/index.ts';
import type { MatrixLogin } from '../../src/components/login/login.ts';
import { LoginHarness } from '../harnesses/login-harness.ts';
import { waitUntil } from '../harnesses/room-harness.ts';
import { FramedPage, api, cleanPage, hs, newUser, serverNameOf, software, unique } from './helpers.ts';

/** Requests that sign in, create an account or mint tokens. */
const SIGN_IN = /^POST \/_matrix\/client\/v3\/(login|register|refresh)$/;

function mount(attrs: Record<string, string> = { homeserver: hs() }): LoginHarness {
  const el = document.createElement('matrix-login') as MatrixLogin;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  document.body.append(el);
  return new LoginHarness(el);
}

function errors(h: LoginHarness): Array<{ operation: string; errcode: string; message: string }> {
  const got: Array<{ operation: string; errcode: string; message: string }> = [];
  h.element.addEventListener('matrix-error', (e) => got.push(e.detail));
  return got;
}

const whoami = (token: string) => api('GET', '/_matrix/client/v3/account/whoami', { token });

describe(`accounts on ${software()}`, function () {
  this.timeout(60_000);
  beforeEach(cleanPage);
  afterEach(cleanPage);

  it('creates an account in the form; a reload restores it from storage; signing out ends it on the server', async () => {
    const page = new FramedPage('matrix-login', { homeserver: hs() });
    let h = new LoginHarness(await page.element<MatrixLogin>());
    await h.waitFor(() => !!h.tab('Create account') && !h.hasState('loading'), 'the sign-up form', 15_000);
    await h.selectTab('Create account');
    const name = unique('e2e');
    await h.fill('Username', name);
    await h.fill('Password', 'pw-e2e-123456');
    await h.fill('Confirm password', 'pw-e2e-123456');
    await h.click('Create account');
    await h.waitFor(() => h.isSignedIn(), 'the signed-in view', 20_000);
    const userId = h.text().match(/@[^\s:]+:\S+/)?.[0];
    expect(userId, 'the user ID on screen').to.match(new RegExp(`^@${name}:`));
    const saved = JSON.parse(localStorage.getItem('matrix-embed:v1:session')!);
    expect(saved.userId).to.equal(userId);
    expect((await whoami(saved.accessToken)).body.user_id, 'the server knows the new account').to.equal(userId);

    await page.reload();
    h = new LoginHarness(await page.element<MatrixLogin>());
    await h.waitFor(() => h.isSignedIn() && h.text().includes(userId!), 'the signed-in view after the reload', 15_000);
    expect(h.field('Password'), 'no sign-in form').to.equal(undefined);
    await waitUntil(() => page.requests().includes('GET /_matrix/client/v3/account/whoami'), 'the restored token checked');
    expect(page.requests().filter((r) => SIGN_IN.test(r)), 'no sign-in request after the reload').to.deep.equal([]);
    expect(JSON.parse(localStorage.getItem('matrix-embed:v1:session')!).deviceId, 'the same device').to.equal(saved.deviceId);

    const token = JSON.parse(localStorage.getItem('matrix-embed:v1:session')!).accessToken;
    await h.click('Sign out');
    await h.waitFor(() => !!h.field('Username'), 'the sign-in form again', 15_000);
    expect(localStorage.getItem('matrix-embed:v1:session'), 'nothing kept').to.equal(null);
    // The page forgets the session at once and revokes the token in the background.
    const after = await waitUntil(async () => {
      const r = await whoami(token);
      return r.status === 401 ? r : undefined;
    }, 'the token revoked on the server');
    expect(after.body.errcode).to.equal('M_UNKNOWN_TOKEN');
    page.remove();
  });

  it('wrong password: "Wrong username or password." under Password, what was typed kept, matrix-error', async () => {
    const u = await newUser();
    const h = mount();
    const seen = errors(h);
    await h.waitFor(() => !!h.field('Username'), 'the sign-in form');
    await h.signIn(u.username, 'not-the-password');
    await h.waitFor(() => h.errorFor('Password') !== '', 'the password error', 15_000);
    expect(h.errorFor('Password')).to.equal('Wrong username or password.');
    expect(h.field('Username')!.value).to.equal(u.username);
    expect(h.field('Password')!.value).to.equal('not-the-password');
    expect(seen).to.deep.include({ operation: 'sign-in', errcode: 'M_FORBIDDEN', message: 'Wrong username or password.' });
    expect(h.isSignedIn()).to.equal(false);
  });

  it('signs in by user name', async () => {
    const u = await newUser();
    const h = mount();
    await h.waitFor(() => !!h.field('Username'), 'the sign-in form');
    await h.signIn(u.username, u.password);
    await h.waitFor(() => h.isSignedIn(), 'the signed-in view', 15_000);
    expect(h.text()).to.contain(u.userId);
  });

  it('signs in by full user ID, also when its server name has no .well-known (tried on the configured homeserver)', async () => {
    // Synapse here and `npm run homeserver` are both named "localhost": http://localhost/.well-known is not theirs.
    const u = await newUser();
    const h = mount();
    const seen = errors(h);
    await h.waitFor(() => !!h.field('Username'), 'the sign-in form');
    await h.fill('Username', u.userId);
    // The form looks the user's server up as the ID is typed: no "Could not reach" for a server it can fall back from.
    await new Promise((r) => setTimeout(r, 1000));
    await h.settle();
    expect(h.alerts().filter((a) => /Could not reach/.test(a)), `alerts for ${u.userId}`).to.deep.equal([]);
    await h.fill('Password', u.password);
    await h.click('Sign in');
    await h.waitFor(() => h.isSignedIn(), 'the signed-in view', 15_000);
    expect(h.text()).to.contain(u.userId);
    expect(seen).to.deep.equal([]);
  });

  it('a full user ID of a server that cannot be reached, refused by the configured one: says both', async () => {
    const u = await newUser();
    const stranger = `@${u.username}:127.0.0.1:9`; // nothing listens on port 9 (discard)
    const h = mount();
    const seen = errors(h);
    await h.waitFor(() => !!h.field('Username'), 'the sign-in form');
    await h.signIn(stranger, u.password);
    await h.waitFor(() => h.errorFor('Username') !== '' && !h.hasState('loading'), 'the error under Username', 20_000);
    const host = new URL(hs()).host;
    expect(h.errorFor('Username')).to.equal(
      `127.0.0.1:9, the server of ${stranger}, could not be found, and ${host} did not accept this user ID and password.`,
    );
    expect(seen.map((e) => e.errcode)).to.include('ME_USER_SERVER_UNKNOWN');
    expect(h.isSignedIn()).to.equal(false);
    expect(serverNameOf(u.userId)).to.not.equal('127.0.0.1:9');
  });
});
