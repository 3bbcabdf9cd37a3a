// Its own file (so its own page): nothing may have loaded matrix-js-sdk before this test runs.
import { expect, fixture, html } from '@open-wc/testing';
import { allDefined } from '../../../src/index.ts';
import { getSession } from '../../../src/session/get-session.ts';
import { LoginHarness } from '../../harnesses/login-harness.ts';
import type { MatrixLogin } from '../../../src/components/login/login.ts';
import { createUser, servers } from './helpers.ts';

const sdkRequests = () => performance.getEntriesByType('resource').filter((e) => e.name.includes('matrix-js-sdk'));

describe('lazy matrix-js-sdk', () => {
  it('a page with only <matrix-login> loads no SDK until a client is needed; three elements share one /sync loop', async () => {
    localStorage.clear();
    const u = await createUser(servers().main);
    const wrap = await fixture(html`<div>
      <matrix-login homeserver=${servers().main.url}></matrix-login>
      <matrix-login></matrix-login>
      <matrix-login></matrix-login>
    </div>`);
    await allDefined();
    const h = new LoginHarness(wrap.querySelector('matrix-login') as MatrixLogin);
    await h.waitFor(() => !!h.field('Username'), 'the form');
    expect(sdkRequests(), 'SDK before submitting').to.have.length(0);
    await h.signIn(u.username, u.password);
    await h.waitFor(() => h.isSignedIn(), 'the signed-in view');
    for (const el of wrap.querySelectorAll('matrix-login')) {
      await (el as MatrixLogin).updateComplete;
      expect(new LoginHarness(el as MatrixLogin).isSignedIn(), 'every element shows the one session').to.equal(true);
    }
    expect(sdkRequests(), 'signing in needs no SDK').to.have.length(0);
    performance.clearResourceTimings();
    await Promise.all([getSession().client(), getSession().client(), getSession().client()]);
    expect(sdkRequests().length, 'the SDK loads when a client is needed').to.be.greaterThan(0);
    await new Promise((r) => setTimeout(r, 800));
    const syncs = performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname.endsWith('/sync'));
    expect(syncs).to.have.length(1);
    await getSession().signOut();
  });
});
