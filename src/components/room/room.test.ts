import { expect } from '@open-wc/testing';
import '../../all.ts';
import { getSession } from '../../session/get-session.ts';
import { RoomHarness, waitUntil } from '../../../test/harnesses/room-harness.ts';
import {
  createPublicRoom, createRoom, registerUser, resetSession, server, signInAsNewUser,
} from '../../../test/browser/room/helpers.ts';

const main = server('main');
const oauth = server('oauth');
const rooms: RoomHarness[] = [];

function room(attrs: Record<string, string>): RoomHarness {
  const h = RoomHarness.create(attrs);
  rooms.push(h);
  return h;
}

describe('<matrix-room> states', () => {
  afterEach(async () => {
    for (const h of rooms.splice(0)) h.element.remove();
    await resetSession();
  });

  it('shows a clear message for an invalid room attribute, and fires matrix-error', async () => {
    const errors: unknown[] = [];
    document.addEventListener('matrix-error', (e) => errors.push(e.detail), { once: true });
    const r = room({ room: 'lobby', homeserver: main.url });
    await r.waitForState('error');
    expect(r.errorCode()).to.equal('ME_BAD_ATTRIBUTE');
    expect(r.errorMessage()).to.match(/not a room address/);
    expect(errors).to.have.length(1);
    expect(errors[0]).to.include({ operation: 'load-room', errcode: 'ME_BAD_ATTRIBUTE' });
  });

  it('shows the loading skeleton first, then the card', async () => {
    const r = room({ room: `#lobby:${oauth.serverName}`, homeserver: oauth.url });
    // The first render is the skeleton (nothing has answered yet).
    await r.element.updateComplete;
    expect(r.state()).to.equal('loading');
    expect(r.root.querySelector('.skeleton[role="status"]')).to.exist;
    await r.waitForState('card');
  });

  it('room not found: its own message', async () => {
    const r = room({ room: `#no-such-room-${Date.now()}:${main.serverName}`, homeserver: main.url });
    await r.waitForState('error');
    expect(r.errorCode()).to.equal('M_NOT_FOUND');
    expect(r.errorMessage()).to.match(/does not exist/);
  });

  it('private room: "not allowed" message', async () => {
    const r = room({ room: `#private:${main.serverName}`, homeserver: main.url });
    await r.waitForState('error');
    expect(r.errorCode()).to.equal('M_FORBIDDEN');
    expect(r.errorMessage()).to.match(/not allowed to see this room/);
  });

  it('unreachable server: the room keeps trying, says so with "Retry now", fires matrix-error once, links to matrix.to', async () => {
    const errors: string[] = [];
    const r = room({ room: '#lobby:127.0.0.1:9', homeserver: 'http://127.0.0.1:9' });
    r.element.addEventListener('matrix-error', (e) => errors.push((e as CustomEvent).detail.errcode));
    const banner = () => r.root.querySelector('[part="connection"]');
    await waitUntil(() => banner()?.textContent?.includes('Can’t reach the server'), 'the reconnecting banner');
    expect(r.state(), 'a failure retrying can fix is not an error page').to.equal('loading');
    expect(banner()!.querySelector('[role="status"]')).to.exist;
    expect(r.button('Retry now')).to.exist;
    expect(errors).to.deep.equal(['ME_UNREACHABLE']);
    const link = r.root.querySelector<HTMLAnchorElement>('.unreachable a')!;
    expect(link.href).to.equal('https://matrix.to/#/%23lobby%3A127.0.0.1%3A9');
    expect(link.rel).to.equal('noopener noreferrer');
    r.button('Retry now')!.click();
    await waitUntil(() => banner()?.textContent?.includes('Can’t reach the server'), 'still trying after Retry now');
    expect(errors, 'reported once per outage').to.deep.equal(['ME_UNREACHABLE']);
  });

  it('signed out on a server without guests: the summary card with name, topic, member count and Join', async () => {
    const r = room({ room: `https://matrix.to/#/%23lobby%3A${encodeURIComponent(oauth.serverName)}`, homeserver: oauth.url });
    await r.waitForState('card');
    const card = r.card()!;
    expect(card.querySelector('.title')!.textContent).to.match(/\S/);
    expect(card.textContent).to.match(/\d+ members?/);
    expect(r.joinButton()!.textContent!.trim()).to.equal('Join');
    // No timeline and no composer for a visitor who cannot preview.
    expect(r.timeline()).to.equal(null);
    expect(r.composer()).to.equal(null);
  });

  it('Join when signed out without <matrix-login> on the page... shows a sign-in dialog (matrix-login is defined)', async () => {
    const r = room({ room: `#lobby:${oauth.serverName}`, homeserver: oauth.url });
    await r.waitForState('card');
    const joins: unknown[] = [];
    r.element.addEventListener('matrix-join', (e) => joins.push(e.detail));
    r.joinButton()!.click();
    await r.element.updateComplete;
    const dialog = await waitUntil(() => r.root.querySelector<HTMLDialogElement>('dialog.sign-in'), 'sign-in dialog');
    expect(dialog.open).to.equal(true);
    expect(dialog.querySelector('matrix-login')).to.exist;
    expect(joins).to.have.length(1);
    expect(joins[0]).to.have.property('alias', `#lobby:${oauth.serverName}`);
    r.button('Close', dialog)!.click();
    await r.element.updateComplete;
    expect(r.root.querySelector('dialog.sign-in')).to.equal(null);
  });

  it('matrix-join is cancelable: preventDefault stops the sign-in/join', async () => {
    const r = room({ room: `#lobby:${oauth.serverName}`, homeserver: oauth.url });
    await r.waitForState('card');
    r.element.addEventListener('matrix-join', (e) => e.preventDefault());
    r.joinButton()!.click();
    await r.element.updateComplete;
    expect(r.root.querySelector('dialog.sign-in')).to.equal(null);
  });

  it('signed out on a server with guests: a read-only live preview of a world-readable room', async () => {
    const r = room({ room: `#lobby:${main.serverName}`, homeserver: main.url });
    await r.waitForState('preview', 20_000);
    expect(getSession().status).to.equal('guest');
    const log = r.timeline()!;
    // Not a live region: a page of history must not be read out (new messages have their own, see announcements.test.ts).
    expect(log.getAttribute('role')).to.not.equal('log');
    expect(log.closest('[aria-live]')).to.equal(null);
    await waitUntil(() => r.events().length > 5, 'preview events');
    for (const ev of r.events()) expect(ev.dataset.eventId).to.match(/^\$/);
    expect(r.composer()).to.equal(null);
    expect(r.joinButton()).to.exist;
    expect(r.root.querySelector('time[datetime]')).to.exist;
  });

  it('signed in and joined: timeline and composer; room name in the header', async () => {
    const owner = await signInAsNewUser();
    const roomId = await createRoom(owner, { name: 'Joined room', preset: 'private_chat' });
    const r = room({ room: roomId, homeserver: main.url });
    await r.waitForState('joined', 20_000);
    expect(r.root.querySelector('[part="header"] .title')!.textContent).to.contain('Joined room');
    const ta = r.composer()!;
    expect(ta.labels?.[0]?.textContent).to.equal('Message');
    expect(r.button('Send')).to.exist;
  });

  it('signed in, not joined, world-readable: preview, then Join makes it live and fires the events', async () => {
    const owner = await registerUser();
    const roomId = await createPublicRoom(owner, `Public ${Date.now()}`);
    await signInAsNewUser();
    const r = room({ room: roomId, homeserver: main.url });
    await r.waitForState('preview', 20_000);
    const events: string[] = [];
    r.element.addEventListener('matrix-join', () => events.push('join'));
    r.element.addEventListener('matrix-after-join', (e) => events.push(`after:${e.detail.roomId}`));
    r.joinButton()!.click();
    await r.waitForState('joined', 20_000);
    expect(events).to.deep.equal(['join', `after:${roomId}`]);
    expect(r.composer()).to.exist;
  });
});
