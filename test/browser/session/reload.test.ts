// A real reload: a page of the site with <matrix-login> (its own document in a frame), signed in through the
// form, then reloaded by the browser. The new document shows the signed-in view from storage, with no new
// sign-in request and the same device.
import { expect } from '@open-wc/testing';
import type { MatrixLogin } from '../../../src/components/login/login.ts';
import { LoginHarness } from '../../harnesses/login-harness.ts';
import { createUser, resetPageSession, servers, stored, until } from './helpers.ts';

/** Requests that sign in, create an account or mint tokens. */
const SIGN_IN = /^POST (\/_matrix\/client\/v3\/(login|register|refresh)|\/oauth2\/)/;

/** The <matrix-login> of the frame's current document, once it is there. */
async function loginIn(frame: HTMLIFrameElement): Promise<LoginHarness> {
  await until(() => !!frame.contentDocument?.querySelector('matrix-login')?.shadowRoot, 'the page\'s <matrix-login>', 15000);
  return new LoginHarness(frame.contentDocument!.querySelector('matrix-login') as MatrixLogin);
}

describe('reload', function () {
  this.timeout(60000);
  beforeEach(() => resetPageSession());
  afterEach(() => resetPageSession());

  it('a reloaded page shows the signed-in view at once, from storage: no new sign-in request, same device', async () => {
    const server = servers().main;
    const u = await createUser(server);
    const frame = document.createElement('iframe');
    frame.src = `${new URL('./login-page.html', import.meta.url).href}?homeserver=${encodeURIComponent(server.url)}`;
    document.body.append(frame);
    try {
      const before = await loginIn(frame);
      await before.waitFor(() => !!before.field('Username'), 'the sign-in form');
      await before.signIn(u.username, u.password);
      await before.waitFor(() => before.isSignedIn() && before.text().includes(u.userId), 'the signed-in view', 15000);
      const saved = stored();
      expect(saved.userId).to.equal(u.userId);

      const oldDocument = frame.contentDocument;
      frame.contentWindow!.location.reload();
      await until(() => frame.contentDocument !== oldDocument && frame.contentDocument?.readyState === 'complete', 'the reload', 15000);
      const after = await loginIn(frame);
      // The first render already knows the session (status restored synchronously from storage).
      expect((frame.contentWindow as any)[Symbol.for('matrix-embed.session')].status).to.equal('signed-in');
      await after.waitFor(() => after.isSignedIn() && after.text().includes(u.userId), 'the signed-in view after the reload');
      expect(after.field('Password'), 'no sign-in form').to.equal(undefined);
      expect(after.button('Sign out')).to.exist;
      // Give a stray sign-in (or a verify that failed and signed out) time to show up.
      await new Promise((r) => setTimeout(r, 1000));
      await after.settle();
      expect(after.isSignedIn()).to.equal(true);
      const requests: string[] = (frame.contentWindow as any).requests;
      expect(requests, 'the reloaded page checked its token').to.include('GET /_matrix/client/v3/account/whoami');
      expect(requests.filter((r) => SIGN_IN.test(r)), 'no sign-in request').to.deep.equal([]);
      expect(stored().deviceId, 'the same device').to.equal(saved.deviceId);
      expect(stored().accessToken, 'the same token').to.equal(saved.accessToken);
    } finally {
      frame.remove();
    }
  });
});
