// Guest accounts against the real local homeserver: one per visitor (reused across reloads, visits and
// sign-outs, not one per sign-out), shown as "a guest" rather than a numeric ID, and never created where the
// page says so (`allowGuests = false`) or where a room says `without-guest`.
import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/all.ts';
import { MatrixLogin } from '../../../src/components/login/login.ts';
import { getSession } from '../../../src/session/get-session.ts';
import { MatrixSession } from '../../../src/session/session.ts';
import { LoginHarness } from '../../harnesses/login-harness.ts';
import { RoomHarness } from '../../harnesses/room-harness.ts';
import { createUser, dev, resetPageSession, servers, whoami } from './helpers.ts';

/** Counts guest registrations the page asks the server for. */
function countGuestRegistrations(): { count: () => number; stop: () => void } {
  const original = window.fetch;
  let n = 0;
  window.fetch = (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (url.pathname === '/_matrix/client/v3/register' && url.searchParams.get('kind') === 'guest') n++;
    return original.call(window, input, init);
  };
  return { count: () => n, stop: () => (window.fetch = original) };
}

describe('guest accounts', function () {
  this.timeout(40000);
  let watch: ReturnType<typeof countGuestRegistrations>;
  beforeEach(() => {
    resetPageSession();
    watch = countGuestRegistrations();
  });
  afterEach(() => {
    watch.stop();
    for (const el of document.querySelectorAll('matrix-room')) el.remove();
    resetPageSession();
  });

  it('one guest per visitor: reused after signing in and out, on the next visit and after a reload', async () => {
    const main = servers().main;
    const s = getSession();
    const guest = await s.startGuest({ homeserver: main.url });
    expect(watch.count()).to.equal(1);
    const u = await createUser(main);
    await s.signIn({ username: u.username, password: u.password, homeserver: main.url });
    await s.signOut();
    expect((await s.startGuest({ homeserver: main.url })).userId, 'after a sign-out').to.equal(guest.userId);

    // The next visit (a new page, same site storage) after signing in and out again.
    await s.signIn({ username: u.username, password: u.password, homeserver: main.url });
    await s.signOut();
    const visit = new MatrixSession();
    await visit.whenReady();
    expect(visit.status).to.equal('signed-out');
    expect((await visit.startGuest({ homeserver: main.url })).userId, 'on the next visit').to.equal(guest.userId);
    // A reload while reading as a guest restores it, as any session.
    const reload = new MatrixSession();
    expect(reload.status).to.equal('guest');
    expect(reload.userId).to.equal(guest.userId);
    expect(watch.count(), 'one guest registration in all').to.equal(1);
  });

  it('a guest account gone on the server is replaced; a guest who signs out gets a new one next time', async () => {
    const main = servers().main;
    const s = getSession();
    const first = await s.startGuest({ homeserver: main.url });
    const token = JSON.parse(localStorage.getItem('matrix-embed:v1:guest')!).accessToken;
    await s.signOut(); // the guest itself signs out: its account is forgotten here
    // Servers refuse /logout for guests (Synapse: 403 M_GUEST_ACCESS_FORBIDDEN; the spec does not list it for
    // them), so the token may outlive the sign-out on the server; this page never uses it again.
    expect(localStorage.getItem('matrix-embed:v1:guest')).to.equal(null);
    expect(typeof token).to.equal('string');
    const second = await s.startGuest({ homeserver: main.url });
    expect(second.userId).to.not.equal(first.userId);
    expect(watch.count()).to.equal(2);

    // Kept while a real account is signed in, then ended on the server (an admin, an expiry): replaced.
    const u = await createUser(main);
    await s.signIn({ username: u.username, password: u.password, homeserver: main.url });
    const kept = JSON.parse(localStorage.getItem('matrix-embed:v1:guest')!);
    expect(kept.userId).to.equal(second.userId);
    expect((await whoami(main, kept.accessToken)).status, 'not revoked by the sign-in').to.equal(200);
    await dev(main, 'delete-tokens', { accessToken: kept.accessToken });
    await s.signOut();
    const third = await s.startGuest({ homeserver: main.url });
    expect(third.userId).to.not.equal(second.userId);
    expect(watch.count()).to.equal(3);
  });

  it('<matrix-login> says "a guest", not the numeric guest ID', async () => {
    const main = servers().main;
    const wrap = await fixture(html`<div></div>`);
    wrap.innerHTML = `<matrix-login homeserver="${main.url}"></matrix-login>`;
    const h = new LoginHarness(wrap.querySelector('matrix-login') as MatrixLogin);
    await h.waitFor(() => !!h.button('Continue as guest'), 'the guest button');
    await h.click('Continue as guest');
    await h.waitFor(() => h.hasState('guest'), 'the guest state');
    const id = getSession().userId!;
    expect(id).to.match(/^@\d+:/);
    expect(h.text()).to.contain('You are reading as a guest.');
    expect(h.text()).to.not.contain(id);
  });

  it('allowGuests = false: no guest is ever created; the room shows its card and the form offers no guest button', async () => {
    const main = servers().main;
    const s = getSession();
    s.allowGuests = false;
    const e = await s.startGuest({ homeserver: main.url }).catch((x: unknown) => x as { errcode?: string });
    expect((e as { errcode?: string }).errcode).to.equal('M_GUEST_ACCESS_FORBIDDEN');
    const r = RoomHarness.create({ room: `#lobby:${main.serverName}`, homeserver: main.url });
    await r.waitForState('card');
    const wrap = await fixture(html`<div></div>`);
    wrap.innerHTML = `<matrix-login homeserver="${main.url}"></matrix-login>`;
    const h = new LoginHarness(wrap.querySelector('matrix-login') as MatrixLogin);
    await h.waitFor(() => !!h.button('Sign in'), 'the form');
    await h.settle();
    expect(h.button('Continue as guest')).to.equal(undefined);
    expect(watch.count()).to.equal(0);
    expect(s.status).to.equal('signed-out');
  });

  it('<matrix-room without-guest>: a signed-out visitor sees the summary card of a world-readable room, no guest made', async () => {
    const main = servers().main;
    const r = RoomHarness.create({ room: `#lobby:${main.serverName}`, homeserver: main.url, 'without-guest': '' });
    await r.waitForState('card');
    expect(r.card()?.textContent).to.contain('Lobby');
    await new Promise((done) => setTimeout(done, 500));
    expect(r.state()).to.equal('card');
    expect(watch.count()).to.equal(0);
    expect(getSession().status).to.equal('signed-out');
  });
});
