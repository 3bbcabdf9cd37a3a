// Its own file, so its own page: only the loader (src/index.ts) and what it imports for this page's one element.
import { expect } from '@open-wc/testing';
import { allDefined } from '../../../src/index.ts';
import { LoginHarness } from '../../harnesses/login-harness.ts';
import type { MatrixLogin } from '../../../src/components/login/login.ts';
import { elementCodeLoaded, srcModules, watchResources } from '../../helpers/resources.ts';
import { servers } from '../session/helpers.ts';

const seen = watchResources();

describe('the loader on a page with one <matrix-login>', () => {
  it('loads the sign-in form\'s code and the shared code only: no room code, no room summary, no matrix-js-sdk', async () => {
    localStorage.clear();
    const el = document.createElement('matrix-login') as MatrixLogin;
    el.setAttribute('homeserver', servers().main.url);
    document.body.append(el);
    await allDefined();
    const h = new LoginHarness(el);
    await h.waitFor(() => !!h.field('Username') && !!h.button('Sign in'), 'the sign-in form');

    const urls = seen();
    expect(elementCodeLoaded(urls), 'element code fetched').to.deep.equal(['login']);
    expect(srcModules(urls)).to.include.members(['/src/elements/login.ts', '/src/components/login/login.ts']);
    const roomCode = srcModules(urls).filter((p) => /\/(render\/tiles|render\/sanitize|render\/markdown|session\/room-model|session\/summary)\b/.test(p));
    expect(roomCode, 'room code').to.deep.equal([]);
    expect(urls.filter((u) => u.includes('matrix-js-sdk')), 'matrix-js-sdk modules').to.deep.equal([]);
    el.remove();
  });
});
