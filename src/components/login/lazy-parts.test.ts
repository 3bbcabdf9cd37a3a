// Its own file, so its own page: only what the entry loads statically may have loaded before this test runs.
import { expect, fixture, html } from '@open-wc/testing';
import { allDefined } from '../../index.ts';
import { getSession } from '../../session/get-session.ts';
import { LoginHarness } from '../../../test/harnesses/login-harness.ts';
import { JoinButtonHarness } from '../../../test/harnesses/join-button-harness.ts';
import { createUser, resetPageSession, servers } from '../../../test/browser/session/helpers.ts';
import { watchResources } from '../../../test/helpers/resources.ts';

/**
 * Module URLs the page fetched that belong to parts loaded only on demand: the Markdown parser (first send), the
 * timeline renderer with its sanitizer and linkifier (a room's timeline), the room model, and the sign-in code.
 */
const LAZY = [
  'markdown-it', 'dompurify', 'linkify-it', '/render/markdown.ts', '/render/sanitize.ts', '/render/tiles/registry.ts',
  '/session/room-model.ts', '/session/auth/legacy.ts', '/session/auth/oauth.ts', '/session/auth/guest.ts', 'matrix-js-sdk',
];
const seen = watchResources();
const lazyLoaded = () => seen().filter((url) => LAZY.some((part) => url.includes(part)));

describe('lazy parts: the sign-in form and the join button paint from the entry alone', () => {
  it('loads no Markdown parser, renderer, room model or sign-in code until a visitor signs in', async () => {
    resetPageSession();
    localStorage.clear();
    const main = servers().main;
    const el = await fixture<HTMLElement>(html`<div></div>`);
    el.innerHTML = `<matrix-login homeserver="${main.url}"></matrix-login>`;
    await allDefined();
    const h = new LoginHarness(el.querySelector('matrix-login')!);
    await h.settle();
    await h.waitFor(() => !!h.button('Sign in'), 'the sign-in form');
    const b = JoinButtonHarness.create({ room: `#lobby:${main.serverName}`, homeserver: main.url });
    await b.waitForState('ready');
    expect(lazyLoaded(), 'on-demand modules fetched for the first paint').to.deep.equal([]);

    // Control: the same observation sees the password sign-in code once it is used.
    const user = await createUser(main);
    await h.signIn(user.username, user.password);
    await h.waitFor(() => getSession().status === 'signed-in', 'signed in');
    expect(lazyLoaded().some((url) => url.includes('/session/auth/legacy.ts')), 'signing in loaded auth/legacy.ts').to.equal(true);
    await getSession().signOut();
    b.element.remove();
    el.remove();
  });
});
