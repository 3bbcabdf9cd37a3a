// Registration with User-Interactive Authentication through <matrix-login>, on the homeserver whose /register
// needs [m.login.terms, m.login.registration_token] or [m.login.recaptcha] (the captcha only through the
// spec's fallback page, in a popup).
import { expect, fixture, html } from '@open-wc/testing';
import { defineElement } from '../../../src/internal/define.ts';
import { MatrixLogin } from '../../../src/components/login/login.ts';
import { LoginHarness } from '../../harnesses/login-harness.ts';
import { resetPageSession, servers, unique, type TestServer } from './helpers.ts';
import { fillServerPage, readServerPage } from './redirect-helpers.ts';

defineElement('matrix-login', MatrixLogin);

const uia = (): TestServer => {
  const s = servers().uia;
  if (!s) throw new Error('web-test-runner.config.mjs starts no "uia" homeserver');
  return s;
};

async function startRegistration(name: string, password: string): Promise<LoginHarness> {
  resetPageSession();
  const wrap = await fixture(html`<div></div>`);
  wrap.innerHTML = `<matrix-login homeserver="${uia().url}"></matrix-login>`;
  const h = new LoginHarness(wrap.querySelector('matrix-login') as MatrixLogin);
  await h.waitFor(() => !!h.field('Username') && !h.hasState('loading'), 'the form');
  await h.selectTab('Create account');
  await h.fill('Username', name);
  await h.fill('Password', password);
  await h.fill('Confirm password', password);
  await h.click('Create account');
  await h.waitFor(() => h.text().includes('Before you continue'), 'the terms step');
  return h;
}

async function acceptTerms(h: LoginHarness): Promise<void> {
  await h.check('I accept these terms');
  await h.click('Create account');
  await h.waitFor(() => !!h.field('Registration token'), 'the registration token step');
}

describe('<matrix-login> registration stages (UIA)', function () {
  this.timeout(60000);

  it('terms: shows the policy links and requires consent; registration token: a wrong one is shown inline, input kept', async () => {
    const name = unique('reg');
    const h = await startRegistration(name, 'pw-terms-1');
    const policy = h.links().find((l) => l.text === 'Privacy Policy');
    expect(policy, 'the policy link').to.exist;
    expect(policy!.href).to.equal(`${uia().url}/_local/policies/privacy-1.0.html`);
    expect(policy!.target).to.equal('_blank');
    expect(policy!.rel).to.contain('noopener');
    expect((await fetch(policy!.href)).status, 'the policy page exists').to.equal(200);

    // Consent is required.
    await h.click('Create account');
    expect(h.alerts()).to.include('Accept the terms to create your account.');
    expect(h.field('Registration token'), 'no next step without consent').to.equal(undefined);
    await acceptTerms(h);
    expect(h.button('I have no registration token'), 'another flow needs no token').to.exist;

    let error: any;
    h.element.addEventListener('matrix-error', (e) => (error = e.detail));
    await h.fill('Registration token', 'not-the-token');
    await h.click('Create account');
    await h.waitFor(() => h.errorFor('Registration token') !== '' && !h.hasState('loading'), 'the token error');
    expect(h.errorFor('Registration token')).to.equal('Invalid registration token');
    expect(h.field('Registration token')!.value, 'the typed token is kept').to.equal('not-the-token');
    expect(h.field('Username')!.value).to.equal(name);
    expect(h.field('Password')!.value).to.equal('pw-terms-1');
    expect(h.isSignedIn()).to.equal(false);
    expect(error, 'a refused stage is asked again, not a failure').to.equal(undefined);

    let after: any;
    h.element.addEventListener('matrix-after-login', (e) => (after = e.detail));
    await h.fill('Registration token', 'letmein');
    await h.click('Create account');
    await h.waitFor(() => h.isSignedIn(), 'the signed-in view');
    const userId = `@${name}:${uia().serverName}`;
    expect(h.text()).to.contain(userId);
    expect(after).to.deep.equal({ userId, homeserver: uia().url, guest: false });
  });

  it('a stage it cannot show (m.login.recaptcha) is completed on the spec\'s fallback page in a popup', async () => {
    const name = unique('cap');
    const h = await startRegistration(name, 'pw-captcha-1');
    await acceptTerms(h);
    await h.click('I have no registration token');
    await h.waitFor(() => !!h.button('Open the verification page'), 'the fallback step');
    expect(h.text()).to.contain('m.login.recaptcha');

    // Watch what the element opens (the real window.open, passed through).
    const opened: Window[] = [];
    const open = window.open;
    window.open = (...args: Parameters<typeof window.open>) => {
      const w = open.apply(window, args);
      if (w) opened.push(w);
      return w;
    };
    try {
      await h.click('Open the verification page');
    } finally {
      window.open = open;
    }
    expect(opened, 'a popup').to.have.length(1);
    const fallback = `${uia().url}/_matrix/client/v3/auth/m.login.recaptcha/fallback/web`;
    const page = await readServerPage(fallback);
    expect(page.labels).to.include('I am not a robot');
    // Not ticked: the server page refuses and the form keeps waiting.
    await fillServerPage(fallback, { submit: 'Continue' });
    const refused = async () => (await readServerPage(fallback)).text.includes('Please confirm that you are not a robot.');
    for (let i = 0; !(await refused()); i++) {
      if (i > 200) throw new Error('the fallback page did not refuse');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(h.isSignedIn()).to.equal(false);
    await fillServerPage(fallback, { check: ['I am not a robot'], submit: 'Continue' });
    // The page posts "authDone" to its opener; the element finishes registering.
    await h.waitFor(() => h.isSignedIn(), 'the signed-in view', 15000);
    expect(h.text()).to.contain(`@${name}:${uia().serverName}`);
    await h.waitFor(() => opened[0].closed, 'the popup to be closed');
  });
});
