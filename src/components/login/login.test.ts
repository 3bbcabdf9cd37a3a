import { expect, fixture, html } from '@open-wc/testing';
import './login.ts';
import { defineElement } from '../../internal/define.ts';
import { MatrixLogin } from './login.ts';
import { getSession } from '../../session/get-session.ts';
import { LoginHarness } from '../../../test/harnesses/login-harness.ts';
import { createUser, dev, resetPageSession, servers } from '../../../test/browser/session/helpers.ts';

defineElement('matrix-login', MatrixLogin);

/** A base URL names no server name without signing in: the element shows its host. */
const mainName = () => new URL(servers().main.url).host;

async function mount(homeserver: string, attrs = ''): Promise<LoginHarness> {
  resetPageSession();
  const el = await fixture<MatrixLogin>(html`<div></div>`);
  el.innerHTML = `<matrix-login homeserver="${homeserver}" ${attrs}></matrix-login>`;
  const h = new LoginHarness(el.querySelector('matrix-login') as MatrixLogin);
  await h.settle();
  return h;
}

describe('<matrix-login>', () => {
  afterEach(async () => {
    await fetch(`${servers().main.url}/_dev/faults/reset`, { method: 'POST', body: '{}' });
  });

  it('shows the signed-out contract: tabs, labelled fields, buttons; OAuth first, guests where allowed', async () => {
    const h = await mount(servers().main.url);
    await h.waitFor(() => !!h.button(`Continue with ${mainName()}`), 'the OAuth button');
    expect(h.tabs().map((t) => t.textContent?.trim())).to.deep.equal(['Sign in', 'Create account']);
    expect(h.selectedTab()).to.equal('Sign in');
    expect(h.field('Username')).to.exist;
    expect(h.field('Password')).to.exist;
    expect(h.button('Sign in')).to.exist;
    expect(h.button('Continue as guest')).to.exist;
    const names = h.buttonNames();
    expect(names.indexOf(`Continue with ${mainName()}`)).to.be.lessThan(names.indexOf('Sign in'));
    await h.selectTab('Create account');
    expect(h.field('Confirm password')).to.exist;
    expect(h.button('Create account')).to.exist;
  });

  it('on an OAuth-only server: only "Continue with <server>", no password form, no guest button', async () => {
    const h = await mount(servers().oauth.url);
    await h.waitFor(() => !!h.button(`Continue with ${servers().oauth.serverName}`), 'the OAuth button');
    expect(h.field('Password')).to.equal(undefined);
    expect(h.button('Continue as guest')).to.equal(undefined);
  });

  it('tabs are keyboard operable (arrow keys move the selection)', async () => {
    const h = await mount(servers().main.url);
    h.tab('Sign in')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await h.settle();
    expect(h.selectedTab()).to.equal('Create account');
    expect(h.tab('Create account')!.getAttribute('tabindex')).to.equal('0');
    expect(h.tab('Sign in')!.getAttribute('tabindex')).to.equal('-1');
  });

  it('signs in (user name), fires matrix-login then matrix-after-login, shows the user ID and "Sign out"', async () => {
    const u = await createUser(servers().main);
    const h = await mount(servers().main.url);
    const events: string[] = [];
    let after: unknown;
    h.element.addEventListener('matrix-login', () => events.push('login'));
    h.element.addEventListener('matrix-after-login', (e) => {
      events.push('after-login');
      after = e.detail;
    });
    await h.signIn(u.username, u.password);
    await h.waitFor(() => h.isSignedIn(), 'the signed-in view');
    expect(events).to.deep.equal(['login', 'after-login']);
    expect(after).to.deep.equal({ userId: u.userId, homeserver: servers().main.url, guest: false });
    expect(h.text()).to.contain(u.userId);
    expect(h.hasState('signed-in')).to.equal(true);

    const out: string[] = [];
    h.element.addEventListener('matrix-logout', () => out.push('logout'));
    h.element.addEventListener('matrix-after-logout', () => out.push('after-logout'));
    await h.click('Sign out');
    await h.waitFor(() => !!h.field('Username') && out.length === 2, 'the form again and matrix-after-logout');
    expect(out).to.deep.equal(['logout', 'after-logout']);
  });

  it('signs in with a full user ID on another server', async () => {
    const u = await createUser(servers().second);
    const h = await mount(servers().main.url);
    await h.signIn(u.userId, u.password);
    await h.waitFor(() => h.isSignedIn(), 'the signed-in view');
    expect(h.text()).to.contain(u.userId);
  });

  it('a cancelled matrix-login stops the sign-in', async () => {
    const u = await createUser(servers().main);
    const h = await mount(servers().main.url);
    h.element.addEventListener('matrix-login', (e) => e.preventDefault());
    await h.signIn(u.username, u.password);
    await new Promise((r) => setTimeout(r, 300));
    await h.settle();
    expect(h.isSignedIn()).to.equal(false);
  });

  it('wrong password: the error appears under Password and what was typed is kept', async () => {
    const u = await createUser(servers().main);
    const h = await mount(servers().main.url);
    let error: any;
    h.element.addEventListener('matrix-error', (e) => (error = e.detail));
    await h.signIn(u.username, 'not-the-password');
    await h.waitFor(() => h.errorFor('Password') !== '', 'the password error');
    expect(h.errorFor('Password')).to.equal('Wrong username or password.');
    expect(h.field('Username')!.value).to.equal(u.username);
    expect(h.field('Password')!.value).to.equal('not-the-password');
    expect(error).to.deep.include({ operation: 'sign-in', errcode: 'M_FORBIDDEN' });
    expect(h.hasState('error')).to.equal(true);
  });

  it('rate limited: says how many seconds to wait', async () => {
    await dev(servers().main, 'rate-limit', { count: 1, retryAfterMs: 7000, paths: '/login' });
    const h = await mount(servers().main.url);
    await h.signIn('someone', 'whatever');
    await h.waitFor(() => h.alerts().some((a) => /Try again in 7 seconds/.test(a)) && !h.hasState('loading'), 'the rate-limit message');
    expect(h.field('Username')!.value).to.equal('someone');
    expect(h.field('Password')!.value).to.equal('whatever');
    expect(h.isSignedIn()).to.equal(false);
  });

  it('unreachable server: says so next to the server', async () => {
    const h = await mount('http://127.0.0.1:9');
    await h.waitFor(() => h.alerts().some((a) => /Could not reach/.test(a)), 'the unreachable message');
  });

  it('name taken: shown under Username while typing and after submitting, input kept', async () => {
    const u = await createUser(servers().main);
    const h = await mount(servers().main.url);
    await h.waitFor(() => !!h.button(`Continue with ${mainName()}`), 'server auth');
    await h.selectTab('Create account');
    await h.fill('Username', u.username);
    await h.waitFor(() => /taken/.test(h.errorFor('Username')), 'the availability check');
    await h.fill('Password', 'pw-123456');
    await h.fill('Confirm password', 'pw-123456');
    await h.click('Create account');
    await h.waitFor(() => /taken/.test(h.errorFor('Username')) && !h.hasState('loading'), 'the register error');
    expect(h.field('Username')!.value).to.equal(u.username);
    expect(h.field('Password')!.value).to.equal('pw-123456');
  });

  it('creates an account (m.login.dummy) and signs in', async () => {
    const h = await mount(servers().main.url);
    await h.waitFor(() => !!h.button(`Continue with ${mainName()}`), 'server auth');
    await h.selectTab('Create account');
    const name = `new${Date.now().toString(36)}`;
    await h.fill('Username', name);
    await h.fill('Password', 'pw-123456');
    await h.fill('Confirm password', 'pw-654321');
    await h.click('Create account');
    expect(h.errorFor('Confirm password')).to.equal('The passwords do not match.');
    await h.fill('Confirm password', 'pw-123456');
    await h.click('Create account');
    await h.waitFor(() => h.isSignedIn(), 'the signed-in view');
    expect(h.text()).to.contain(`@${name}:${servers().main.serverName}`);
  });

  it('create account with a short password: a hint under Password before submit, which does not block it; then the server\'s requirement there, input kept, matrix-error', async () => {
    const h = await mount(servers().main.url);
    await h.waitFor(() => !!h.button(`Continue with ${mainName()}`), 'server auth');
    await h.selectTab('Create account');
    const name = `weak${Date.now().toString(36)}`;
    await h.fill('Username', name);
    await h.fill('Password', 'abc');
    const hint = 'Short passwords are easy to guess: use at least 8 characters.';
    // Described by the field (aria-describedby), so a screen reader reads it with the password.
    expect(h.descriptions('Password')).to.deep.equal(['', hint]);
    expect(h.field('Password')!.getAttribute('aria-invalid')).to.equal('false');
    expect(h.alerts()).to.deep.equal([]);
    await h.fill('Password', 'abcdefgh');
    expect(h.descriptions('Password'), 'no hint at 8 characters').to.deep.equal(['']);
    await h.fill('Password', 'abc');
    await h.fill('Confirm password', 'abc');
    expect(h.descriptions('Password')).to.deep.equal(['', hint]);

    const errors: any[] = [];
    h.element.addEventListener('matrix-error', (e) => errors.push(e.detail));
    await h.click('Create account');
    // The dev homeserver refuses it as Synapse does with its password policy on (400 M_PASSWORD_TOO_SHORT).
    const required = 'The password must be at least 8 characters long.';
    await h.waitFor(() => h.errorFor('Password') === required && !h.hasState('loading'), 'the server\'s requirement under Password');
    expect(h.descriptions('Password'), 'the server\'s words replace the hint').to.deep.equal([required]);
    expect(h.field('Password')!.getAttribute('aria-invalid')).to.equal('true');
    expect(errors).to.deep.equal([{ operation: 'register', errcode: 'M_PASSWORD_TOO_SHORT', message: required }]);
    expect(h.field('Username')!.value).to.equal(name);
    expect(h.field('Password')!.value).to.equal('abc');
    expect(h.field('Confirm password')!.value).to.equal('abc');
    expect(h.selectedTab()).to.equal('Create account');
    expect(h.isSignedIn()).to.equal(false);

    // A longer password clears the error, and the same form creates the account.
    await h.fill('Password', 'abc-longer-1');
    expect(h.errorFor('Password')).to.equal('');
    await h.fill('Confirm password', 'abc-longer-1');
    await h.click('Create account');
    await h.waitFor(() => h.isSignedIn(), 'the signed-in view');
    expect(h.text()).to.contain(`@${name}:${servers().main.serverName}`);
  });

  it('create account refused with M_WEAK_PASSWORD (the spec\'s code): the server\'s text under Password, input kept, matrix-error', async () => {
    const h = await mount(servers().main.url);
    await h.waitFor(() => !!h.button(`Continue with ${mainName()}`), 'server auth');
    await h.selectTab('Create account');
    const name = `weak${Date.now().toString(36)}`;
    await h.fill('Username', name);
    await h.fill('Password', 'password');
    await h.fill('Confirm password', 'password');
    expect(h.descriptions('Password'), 'long enough for the hint').to.deep.equal(['']);
    // A server with a stricter policy than length (a dictionary check) answers the spec's M_WEAK_PASSWORD.
    await dev(servers().main, 'fail', { status: 400, errcode: 'M_WEAK_PASSWORD', error: 'This password is too common', paths: '/register', method: 'POST', count: 1 });
    let error: any;
    h.element.addEventListener('matrix-error', (e) => (error = e.detail));
    await h.click('Create account');
    await h.waitFor(() => h.errorFor('Password') !== '' && !h.hasState('loading'), 'the password error');
    expect(h.errorFor('Password')).to.equal('This password is too common.');
    expect(error).to.deep.equal({ operation: 'register', errcode: 'M_WEAK_PASSWORD', message: 'This password is too common.' });
    expect(h.field('Username')!.value).to.equal(name);
    expect(h.field('Password')!.value).to.equal('password');
    expect(h.isSignedIn()).to.equal(false);
  });

  it('continues as guest', async () => {
    const h = await mount(servers().main.url);
    await h.waitFor(() => !!h.button('Continue as guest'), 'the guest button');
    let detail: any;
    h.element.addEventListener('matrix-after-login', (e) => (detail = e.detail));
    await h.click('Continue as guest');
    await h.waitFor(() => h.hasState('guest'), 'the guest state');
    expect(detail.guest).to.equal(true);
    expect(h.text()).to.contain('reading as a guest');
    expect(h.button('Continue as guest')).to.equal(undefined);
  });

  it('after sign-out (here or from elsewhere on the page): the sign-in form, empty', async () => {
    const h = await mount(servers().main.url);
    await h.waitFor(() => !!h.button(`Continue with ${mainName()}`), 'server auth');
    await h.selectTab('Create account');
    const name = `out${Date.now().toString(36)}`;
    await h.fill('Username', name);
    await h.fill('Password', 'pw-123456');
    await h.fill('Confirm password', 'pw-123456');
    await h.click('Create account');
    await h.waitFor(() => h.isSignedIn(), 'the signed-in view');
    let loggedOut = false;
    h.element.addEventListener('matrix-after-logout', () => (loggedOut = true));
    await h.click('Sign out');
    await h.waitFor(() => loggedOut && !!h.field('Username'), 'the form after sign-out');
    expect(h.selectedTab()).to.equal('Sign in');
    expect(h.field('Username')!.value).to.equal('');
    expect(h.field('Password')!.value).to.equal('');
    expect(h.text()).to.not.contain('keeps your rooms');

    // Signed in again, then out by the page's script (another element or tab does the same): the same clean form.
    await h.signIn(name, 'pw-123456');
    await h.waitFor(() => h.isSignedIn(), 'signed in again');
    await getSession().signOut();
    await h.waitFor(() => !h.isSignedIn() && !!h.field('Username'), 'the form after an outside sign-out');
    expect(h.field('Username')!.value).to.equal('');
  });
  it('the form after sign-out is usable at once: typing and signing in while the server still revokes the old token', async () => {
    const u = await createUser(servers().main);
    const h = await mount(servers().main.url);
    await h.signIn(u.username, u.password);
    await h.waitFor(() => h.isSignedIn(), 'the signed-in view');
    await dev(servers().main, 'delay', { ms: 1500, paths: '/logout', count: 1 });
    let loggedOut = false;
    h.element.addEventListener('matrix-after-logout', () => (loggedOut = true));
    await h.click('Sign out');
    await h.waitFor(() => !!h.field('Username'), 'the form after sign-out');
    await h.signIn(u.username, u.password);
    expect(loggedOut, 'the old token is still being revoked').to.equal(false);
    await h.waitFor(() => h.isSignedIn(), 'signed in again during the revoke', 10_000);
    await h.waitFor(() => loggedOut, 'matrix-after-logout once the revoke is done', 10_000);
    expect(h.isSignedIn()).to.equal(true);
  });
});
