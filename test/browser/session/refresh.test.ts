// Refresh AHEAD of expiry: on a homeserver whose access tokens live 6 s, a signed-in page with <matrix-login>,
// a running sync loop and a second tab of the same site stays signed in across several token lifetimes. Every
// refresh starts while the token it replaces still works, no request ever meets M_UNKNOWN_TOKEN, the tabs never
// spend the same refresh token twice, and what is stored is always the token in use.
import { expect, fixture, html } from '@open-wc/testing';
import { defineElement } from '../../../src/internal/define.ts';
import { MatrixLogin } from '../../../src/components/login/login.ts';
import { getSession } from '../../../src/session/get-session.ts';
import type { MatrixSession } from '../../../src/session/session.ts';
import { LoginHarness } from '../../harnesses/login-harness.ts';
import { createUser, resetPageSession, servers, stored, until, whoami } from './helpers.ts';

defineElement('matrix-login', MatrixLogin);

interface Seen {
  tab: string;
  path: string;
  status: number;
  errcode?: string;
}

/** Records every response from `origin` that the window's fetch receives (the session calls globalThis.fetch). */
function watchFetch(win: Window & typeof globalThis, tab: string, origin: string, seen: Seen[], onRequest?: (path: string) => void) {
  const original = win.fetch;
  win.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (url.origin === origin) onRequest?.(url.pathname);
    const res = await original.call(win, input, init);
    if (url.origin === origin) {
      const entry: Seen = { tab, path: url.pathname, status: res.status };
      if (res.status === 401) entry.errcode = (await res.clone().json().catch(() => ({}))).errcode;
      seen.push(entry);
    }
    return res;
  };
  return () => {
    win.fetch = original;
  };
}

describe('refresh ahead of expiry', function () {
  this.timeout(120000);
  const restore: Array<() => void> = [];
  beforeEach(() => resetPageSession());
  afterEach(() => {
    for (const r of restore.splice(0)) r();
    resetPageSession();
  });

  it('a page open for several token lifetimes keeps working with no M_UNKNOWN_TOKEN anywhere; refreshed tokens are persisted', async () => {
    const server = servers().refresh!;
    const origin = new URL(server.url).origin;
    const u = await createUser(server);
    const seen: Seen[] = [];
    /** For each refresh request: when it started, and when the token it replaces expires. */
    const refreshes: Array<{ at: number; expiresAt: number }> = [];
    const onRequest = (path: string) => {
      if (path === '/_matrix/client/v3/refresh') refreshes.push({ at: Date.now(), expiresAt: stored()?.expiresAt });
    };
    restore.push(watchFetch(window, 'page', origin, seen, onRequest));

    const wrap = await fixture(html`<div></div>`);
    wrap.innerHTML = `<matrix-login homeserver="${server.url}"></matrix-login>`;
    const h = new LoginHarness(wrap.querySelector('matrix-login') as MatrixLogin);
    const errors: unknown[] = [];
    h.element.addEventListener('matrix-error', (e) => errors.push((e as CustomEvent).detail));
    await h.waitFor(() => !!h.field('Username'), 'the form');
    await h.signIn(u.username, u.password);
    await h.waitFor(() => h.isSignedIn() && h.text().includes(u.userId), 'the signed-in view');
    const session = getSession();
    const statuses: string[] = [];
    session.addEventListener('change', () => statuses.push(session.status));
    const first = stored();
    expect(first.expiresAt - Date.now(), 'a short-lived token').to.be.at.most(6000);
    expect(first.refreshToken).to.be.a('string');

    // The site open in a second tab: its own session, the same storage, its own refresh timer.
    const frame = document.createElement('iframe');
    frame.src = new URL('./tab.html', import.meta.url).href;
    document.body.append(frame);
    restore.push(() => frame.remove());
    await until(() => !!(frame.contentWindow as any)?.matrixSession, 'the other tab', 15000);
    const other = (frame.contentWindow as any).matrixSession as MatrixSession;
    restore.push(watchFetch(frame.contentWindow as Window & typeof globalThis, 'tab', origin, seen, onRequest));

    // A sync loop, and now and then a message, for 4 token lifetimes.
    const client = await session.client();
    const { room_id: roomId } = await client.createRoom({ name: 'Long-lived' });
    const start = Date.now();
    let sent = 0;
    while (Date.now() - start < 24_000) {
      await new Promise((r) => setTimeout(r, 4000));
      await client.sendTextMessage(roomId, `still here ${++sent}`);
    }
    const elapsed = Date.now() - start;

    // The other tab follows the refreshed tokens through storage: a request from it works at once.
    expect((await other.authedFetch('/_matrix/client/v3/account/whoami')).status).to.equal(200);

    const unknownToken = seen.filter((s) => s.status === 401);
    expect(unknownToken, 'no request met M_UNKNOWN_TOKEN').to.deep.equal([]);
    expect(refreshes.length, 'refreshed every lifetime').to.be.at.least(4);
    for (const r of refreshes) expect(r.at, 'each refresh starts before the token it replaces expires').to.be.below(r.expiresAt);
    // Both tabs have a timer, but one refresh per due time reaches the server (half a lifetime: 3 s).
    expect(refreshes.length, 'no refresh storm').to.be.at.most(Math.ceil((elapsed + 6000) / 3000) + 2);

    // The UI never noticed.
    expect(statuses.filter((s) => s !== 'signed-in'), 'no state change').to.deep.equal([]);
    expect(session.notice).to.equal(undefined);
    expect(errors).to.deep.equal([]);
    await h.settle();
    expect(h.isSignedIn() && h.text().includes(u.userId)).to.equal(true);
    expect(h.alerts()).to.deep.equal([]);
    expect(other.status).to.equal('signed-in');

    // What is stored is the token in use, refreshed, and it works; the other tab follows it.
    const last = stored();
    expect(last.accessToken).to.not.equal(first.accessToken);
    expect(last.refreshToken).to.not.equal(first.refreshToken);
    expect(last.deviceId).to.equal(first.deviceId);
    expect(client.getAccessToken()).to.equal(last.accessToken);
    expect((await whoami(server, stored().accessToken)).status).to.equal(200);
    const messages = await (await session.authedFetch(`/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=20`)).json();
    const texts = messages.chunk.filter((e: any) => e.type === 'm.room.message').map((e: any) => e.content.body);
    expect(texts).to.have.length(sent);
  });
});
