// The remaining inline errors of <matrix-login>: "not a Matrix server", "unreachable" (from a typed user ID),
// "does not allow sign-up" — each next to its cause, with everything typed kept.
import { expect, fixture, html } from '@open-wc/testing';
import { defineElement } from '../../../src/internal/define.ts';
import { MatrixLogin } from '../../../src/components/login/login.ts';
import { LoginHarness } from '../../harnesses/login-harness.ts';
import { dev, resetPageSession, servers, unique } from './helpers.ts';

defineElement('matrix-login', MatrixLogin);

async function mount(attrs: string): Promise<LoginHarness> {
  resetPageSession();
  const wrap = await fixture(html`<div></div>`);
  wrap.innerHTML = `<matrix-login ${attrs}></matrix-login>`;
  const h = new LoginHarness(wrap.querySelector('matrix-login') as MatrixLogin);
  await h.settle();
  return h;
}

describe('<matrix-login> inline errors', function () {
  this.timeout(30000);
  afterEach(async () => {
    await fetch(`${servers().legacy.url}/_dev/faults/reset`, { method: 'POST', body: '{}' });
  });

  it('a web server that is not a Matrix server: said under "Homeserver", what was typed kept', async () => {
    const h = await mount('');
    await h.fill('Homeserver', location.origin); // the test page's own web server
    await h.fill('Username', 'ana');
    await h.fill('Password', 'secret-pw');
    await h.waitFor(() => /is not a Matrix server/.test(h.errorFor('Homeserver')), 'the homeserver error');
    expect(h.field('Homeserver')!.getAttribute('aria-invalid')).to.equal('true');
    await h.click('Sign in');
    await h.waitFor(() => !h.hasState('loading') && /is not a Matrix server/.test(h.errorFor('Homeserver')), 'the error after submitting');
    expect(h.field('Homeserver')!.value).to.equal(location.origin);
    expect(h.field('Username')!.value).to.equal('ana');
    expect(h.field('Password')!.value).to.equal('secret-pw');
    expect(h.isSignedIn()).to.equal(false);
  });

  it('a user ID on a server nobody answers for, and no homeserver configured: "Could not reach", user ID and password kept', async () => {
    const h = await mount('');
    await h.waitFor(() => !!h.field('Username') && !h.hasState('loading'), 'the form');
    let error: any;
    h.element.addEventListener('matrix-error', (e) => (error = e.detail));
    await h.signIn('@ana:127.0.0.1:9', 'secret-pw');
    await h.waitFor(() => /^Could not reach 127\.0\.0\.1:9\b/.test(h.errorFor('Homeserver')) && !h.hasState('loading'), 'the unreachable message');
    expect(error?.errcode).to.equal('ME_UNREACHABLE');
    expect(h.field('Username')!.value).to.equal('@ana:127.0.0.1:9');
    expect(h.field('Password')!.value).to.equal('secret-pw');
  });

  it('a user ID on a server nobody answers for, refused by the configured homeserver too: says both, input kept', async () => {
    const h = await mount(`homeserver="${servers().main.url}"`);
    await h.waitFor(() => !!h.field('Username') && !h.hasState('loading'), 'the form');
    let error: any;
    h.element.addEventListener('matrix-error', (e) => (error = e.detail));
    await h.signIn('@ana:127.0.0.1:9', 'secret-pw');
    await h.waitFor(() => h.errorFor('Username') !== '' && !h.hasState('loading'), 'the message under Username');
    expect(h.errorFor('Username')).to.equal(
      `127.0.0.1:9, the server of @ana:127.0.0.1:9, could not be found, and ${new URL(servers().main.url).host} did not accept this user ID and password.`,
    );
    expect(error?.errcode).to.equal('ME_USER_SERVER_UNKNOWN');
    expect(h.field('Username')!.value).to.equal('@ana:127.0.0.1:9');
    expect(h.field('Password')!.value).to.equal('secret-pw');
  });

  it('a server that refuses new accounts: "does not allow sign-up", what was typed kept', async () => {
    const legacy = servers().legacy;
    const h = await mount(`homeserver="${legacy.url}"`);
    await h.waitFor(() => !!h.field('Username') && !h.hasState('loading'), 'the form');
    await h.selectTab('Create account');
    // What Synapse answers with registration disabled: 403 M_FORBIDDEN "Registration has been disabled".
    await dev(legacy, 'fail', { status: 403, errcode: 'M_FORBIDDEN', error: 'Registration has been disabled', paths: '/register\\?kind=user', count: 1 });
    const name = unique('no');
    await h.fill('Username', name);
    await h.fill('Password', 'pw-123456');
    await h.fill('Confirm password', 'pw-123456');
    await h.click('Create account');
    await h.waitFor(() => h.alerts().some((a) => /does not allow sign-up/.test(a)) && !h.hasState('loading'), 'the sign-up message');
    expect(h.field('Username')!.value).to.equal(name);
    expect(h.field('Password')!.value).to.equal('pw-123456');
    expect(h.field('Confirm password')!.value).to.equal('pw-123456');
  });
});
