/** axe-core (WCAG 2.1 A/AA) over <matrix-login> in each of its states: signed out, signed in, error. */
import { expect } from '@open-wc/testing';
import '../../../src/all.ts';
import type { MatrixLogin } from '../../../src/components/login/login.ts';
import { LoginHarness } from '../../harnesses/login-harness.ts';
import { createUser, dev, resetPageSession, servers } from '../session/helpers.ts';
import { expectNoAxeViolations } from './axe.ts';

const mainName = () => new URL(servers().main.url).host;

async function mount(homeserver: string): Promise<LoginHarness> {
  resetPageSession();
  const el = document.createElement('matrix-login') as MatrixLogin;
  el.setAttribute('homeserver', homeserver);
  document.body.append(el);
  const h = new LoginHarness(el);
  await h.settle();
  return h;
}

describe('axe: <matrix-login>', function () {
  this.timeout(40_000);

  afterEach(async () => {
    document.querySelectorAll('matrix-login').forEach((e) => e.remove());
    await fetch(`${servers().main.url}/_dev/faults/reset`, { method: 'POST', body: '{}' });
    resetPageSession();
  });

  it('signed out: the sign-in tab and the create-account tab', async () => {
    const h = await mount(servers().main.url);
    await h.waitFor(() => !!h.button(`Continue with ${mainName()}`) && !!h.field('Password'), 'the sign-in form');
    await expectNoAxeViolations('the sign-in form');
    await h.selectTab('Create account');
    await h.waitFor(() => !!h.field('Confirm password'), 'the create-account form');
    await expectNoAxeViolations('the create-account form');
  });

  it('signed in', async () => {
    const u = await createUser(servers().main);
    const h = await mount(servers().main.url);
    await h.waitFor(() => !!h.field('Password'), 'the sign-in form');
    await h.signIn(u.username, u.password);
    await h.waitFor(() => h.isSignedIn(), 'signed in');
    await expectNoAxeViolations('the signed-in summary');
  });

  it('errors: wrong password, name taken, unreachable server', async () => {
    const u = await createUser(servers().main);
    const h = await mount(servers().main.url);
    await h.waitFor(() => !!h.field('Password'), 'the sign-in form');
    await h.signIn(u.username, 'not-the-password');
    await h.waitFor(() => h.errorFor('Password') !== '', 'the password error');
    await expectNoAxeViolations('the wrong-password error');

    await h.selectTab('Create account');
    await h.fill('Username', u.username);
    await h.waitFor(() => h.errorFor('Username') !== '', 'the name-taken message');
    await expectNoAxeViolations('the name-taken message');

    h.element.remove();
    const down = await mount('http://127.0.0.1:9');
    await down.waitFor(() => down.alerts().some((a) => /Could not reach/.test(a)), 'the unreachable message');
    await expectNoAxeViolations('the unreachable-server message');
    expect(down.hasState('error') || down.alerts().length > 0).to.equal(true);
  });

  it('rate limited', async () => {
    await dev(servers().main, 'rate-limit', { count: 1, retryAfterMs: 7000, paths: '/login' });
    const h = await mount(servers().main.url);
    await h.waitFor(() => !!h.field('Password'), 'the sign-in form');
    await h.signIn('someone', 'whatever');
    await h.waitFor(() => h.alerts().some((a) => /Try again in 7 seconds/.test(a)), 'the rate-limit message');
    await expectNoAxeViolations('the rate-limit message');
  });
});
