// Its own file, so its own page: only the loader (src/index.ts) and what it imports for this page's one element.
import { expect } from '@open-wc/testing';
import { allDefined } from '../../../src/index.ts';
import { JoinButtonHarness } from '../../harnesses/join-button-harness.ts';
import { waitUntil } from '../../harnesses/room-harness.ts';
import { elementCodeLoaded, srcModules, watchResources } from '../../helpers/resources.ts';
import { server } from '../join-button/helpers.ts';

const seen = watchResources();

describe('the loader on a page with one <matrix-join-button>', () => {
  it('loads the join button\'s code and the shared code only: no other element, no room code, no matrix-js-sdk', async () => {
    localStorage.clear();
    expect(elementCodeLoaded(seen()), 'no element code before the tag appears').to.deep.equal([]);
    const main = server('main');
    const b = JoinButtonHarness.create({ room: `#lobby:${main.serverName}`, homeserver: main.url });
    await allDefined();
    expect(customElements.get('matrix-join-button'), 'defined by the loader').to.be.a('function');
    await b.waitForState('ready');
    expect(b.label()).to.equal('Join Lobby');

    const urls = seen();
    expect(elementCodeLoaded(urls), 'element code fetched').to.deep.equal(['join-button']);
    expect(srcModules(urls)).to.include.members(['/src/elements/join-button.ts', '/src/components/join-button/join-button.ts']);
    const roomCode = srcModules(urls).filter((p) => /\/(render\/tiles|render\/sanitize|render\/markdown|session\/room-model|session\/auth\/(legacy|oauth|guest))\b/.test(p));
    expect(roomCode, 'timeline, room model or sign-in code').to.deep.equal([]);
    expect(urls.filter((u) => u.includes('matrix-js-sdk')), 'matrix-js-sdk modules').to.deep.equal([]);
    expect(urls.filter((u) => /\/node_modules\/(dompurify|markdown-it|linkify-it)\//.test(u)), 'renderer libraries').to.deep.equal([]);
  });

  it('loads <matrix-login> when the sign-in dialog first opens, not before', async () => {
    const b = new JoinButtonHarness(document.querySelector('matrix-join-button')!);
    expect(srcModules(seen()), 'no sign-in element before the click').to.not.include('/src/elements/login.ts');
    await b.click();
    await customElements.whenDefined('matrix-login');
    // The dialog's own module (its markup and styles) comes with <matrix-login>: the dialog renders right after.
    await waitUntil(() => b.dialog()?.open, 'the sign-in dialog');
    const login = b.login();
    await login.waitFor(() => !!login.button('Sign in') || login.text().length > 0, 'the sign-in form in the dialog');
    expect(b.dialog()!.open).to.equal(true);
    expect(elementCodeLoaded(seen())).to.deep.equal(['join-button', 'login']);
    expect(seen().filter((u) => u.includes('matrix-js-sdk')), 'still no matrix-js-sdk').to.deep.equal([]);
    b.element.remove();
  });
});
