import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../all.ts';
import { getSession } from '../../session/get-session.ts';
import { JoinButtonHarness } from '../../../test/harnesses/join-button-harness.ts';
import { RoomHarness, waitUntil } from '../../../test/harnesses/room-harness.ts';
import {
  cleanPage, createRoom, fault, join, joinedMembers, publicClosedRoom, publicRoom, registerUser, server, signInAsNewUser, uniqueAlias, type TestUser,
} from '../../../test/browser/join-button/helpers.ts';
import type { MatrixJoinEvent } from '../../events/matrix-join.ts';

const main = server('main');

function button(attrs: Record<string, string>): JoinButtonHarness {
  return JoinButtonHarness.create({ homeserver: main.url, ...attrs });
}

function collect<T>(type: string): T[] {
  const got: T[] = [];
  const listener = (e: Event) => got.push((e as CustomEvent<T>).detail);
  document.addEventListener(type, listener);
  listeners.push(() => document.removeEventListener(type, listener));
  return got;
}
const listeners: Array<() => void> = [];

describe('<matrix-join-button>', () => {
  let owner: TestUser;

  before(async () => {
    await cleanPage();
    owner = await registerUser(main.url);
  });

  afterEach(async () => {
    for (const off of listeners.splice(0)) off();
    await cleanPage();
  });

  it('signed in: joins through the session, shows "Joined", fires matrix-join then matrix-after-join; a <matrix-room> for the room turns live and "Open" focuses it', async () => {
    const { roomId, alias } = await publicRoom(owner, 'Garden Club');
    const user = await signInAsNewUser(main.url);
    const joins = collect<{ roomId: string; alias?: string }>('matrix-join');
    const afterJoins = collect<{ roomId: string; alias?: string }>('matrix-after-join');
    const room = RoomHarness.create({ room: alias, homeserver: main.url });
    const b = button({ room: alias });
    await b.waitForState('ready');
    expect(b.label()).to.equal('Join Garden Club');
    expect(b.count()).to.equal('1 member');
    expect(b.openButton(), 'no "Open" before joining').to.equal(null);
    await room.waitForState('preview');

    await b.click();
    await b.waitForState('joined');
    expect(b.label()).to.equal('Joined Garden Club');
    expect(b.button()!.getAttribute('aria-disabled')).to.equal('true');
    expect(joins).to.deep.equal([{ roomId, alias }]);
    expect(afterJoins).to.deep.include({ roomId, alias });
    expect(await joinedMembers(owner, roomId)).to.include(user.userId);

    // The room element on the page goes live without a reload.
    await room.waitForState('joined');
    const open = b.openButton();
    expect(open, '"Open" once joined, because the page shows the room').to.exist;
    open!.click();
    await waitUntil(() => document.activeElement === room.element, 'focus in the room element');
    expect(room.root.activeElement).to.exist;
  });

  it('a cancelled matrix-join does not join', async () => {
    const { roomId, alias } = await publicRoom(owner, 'Quiet Room');
    const user = await signInAsNewUser(main.url);
    const b = button({ room: alias });
    await b.waitForState('ready');
    const cancel = (e: MatrixJoinEvent) => e.preventDefault();
    document.addEventListener('matrix-join', cancel);
    listeners.push(() => document.removeEventListener('matrix-join', cancel));
    await b.click();
    await new Promise((r) => setTimeout(r, 300));
    expect(b.state()).to.equal('ready');
    expect(b.label()).to.equal('Join Quiet Room');
    expect(await joinedMembers(owner, roomId)).not.to.include(user.userId);
  });

  it('a double click is one click: one matrix-join, one join (signed in) and one dialog (signed out)', async () => {
    const joins = collect<{ roomId: string }>('matrix-join');
    const afterJoins = collect<{ roomId: string }>('matrix-after-join');
    const { roomId, alias } = await publicRoom(owner, 'Double Room');
    const user = await signInAsNewUser(main.url);
    const b = button({ room: alias });
    await b.waitForState('ready');
    b.button()!.click();
    b.button()!.click();
    await b.waitForState('joined', 15_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(joins.length, 'matrix-join events').to.equal(1);
    expect(afterJoins.map((d) => d.roomId)).to.deep.equal([roomId]);
    expect(await joinedMembers(owner, roomId)).to.include(user.userId);

    await getSession().signOut();
    const other = await publicRoom(owner, 'Double Dialog Room');
    const c = button({ room: other.alias });
    await c.waitForState('ready');
    c.button()!.click();
    c.button()!.click();
    await waitUntil(() => c.dialog()?.open, 'the sign-in dialog');
    expect(joins.length, 'matrix-join events after the second double click').to.equal(2);
    expect(c.root.querySelectorAll('dialog').length).to.equal(1);
  });

  it('already joined: "Joined" from the start', async () => {
    const { alias } = await publicRoom(owner, 'Regulars');
    const user = await registerUser(main.url);
    await join(user, alias);
    await getSession().signIn({ username: user.username, password: user.password, homeserver: main.url });
    const b = button({ room: alias });
    await b.waitForState('joined');
    expect(b.label()).to.equal('Joined Regulars');
    expect(b.count()).to.equal('2 members');
  });

  it('signed out: an accessible dialog with <matrix-login>; creating an account there joins automatically', async () => {
    const { roomId, alias } = await publicClosedRoom(owner, 'Newcomers');
    const afterJoins = collect<{ roomId: string; alias?: string }>('matrix-after-join');
    const b = button({ room: alias });
    await b.waitForState('ready');
    await b.click();
    const dialog = await waitUntil(() => (b.dialog()?.open ? b.dialog() : null), 'the sign-in dialog');
    expect(b.dialogName()).to.equal('Join Newcomers');
    expect(dialog.matches(':modal'), 'a modal dialog').to.equal(true);
    expect(b.state()).to.equal('joining');

    const login = b.login();
    await login.waitFor(() => !!login.tab('Create account'), 'the sign-in form', 15_000);
    await login.selectTab('Create account');
    const name = `jb${Date.now().toString(36)}`;
    await login.fill('Username', name);
    await login.fill('Password', 'pw-123456');
    await login.fill('Confirm password', 'pw-123456');
    await login.click('Create account');

    await b.waitForState('joined', 20_000);
    expect(b.dialog(), 'the dialog closed').to.equal(null);
    const userId = `@${name}:${main.serverName}`;
    expect(getSession().userId).to.equal(userId);
    expect(afterJoins).to.deep.include({ roomId, alias });
    expect(await joinedMembers(owner, roomId)).to.include(userId);
  });

  it('signed out: Escape closes the dialog without joining and focus returns to the button', async () => {
    const { alias } = await publicClosedRoom(owner, 'Maybe Later');
    const b = button({ room: alias });
    await b.waitForState('ready');
    b.button()!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => b.dialog()?.open, 'the sign-in dialog');
    await b.login().waitFor(() => !!b.login().field('Username'), 'the sign-in form', 15_000);
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !b.dialog(), 'the dialog to close');
    await b.waitForState('ready');
    await waitUntil(() => b.focused() === b.button(), 'focus back on the join button');
    expect(getSession().status).to.equal('signed-out');
  });

  it('homeserver down: the room address, a message, matrix-error, and a working matrix.to link', async () => {
    const errors = collect<{ operation: string; errcode: string }>('matrix-error');
    const b = JoinButtonHarness.create({ room: '#lobby:example.org', homeserver: 'http://127.0.0.1:9' });
    await b.waitForState('error');
    expect(b.label()).to.equal('#lobby:example.org');
    expect(b.message()).to.match(/cannot be reached/);
    expect(b.button(), 'nothing to join').to.equal(null);
    expect(errors).to.deep.include({ operation: 'load-room', errcode: 'ME_UNREACHABLE', message: 'The chat server cannot be reached right now.' });
    const link = b.appLink()!;
    expect(link.href).to.equal('https://matrix.to/#/%23lobby%3Aexample.org');
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.equal('noopener noreferrer');
    expect(link.textContent!.trim()).to.equal('Open in your Matrix app');
  });

  it('summary endpoint missing: falls back to /publicRooms for name and count', async () => {
    const { alias } = await publicRoom(owner, 'Fallback Fans');
    await signInAsNewUser(main.url);
    // Every summary path (stable and MSC3266) answers like a server without the endpoint.
    await fault('fail', { status: 404, errcode: 'M_UNRECOGNIZED', paths: 'room_summary|im\\.nheko\\.summary', count: 1000 });
    performance.clearResourceTimings();
    const b = button({ room: alias });
    await b.waitForState('ready');
    expect(b.label()).to.equal('Join Fallback Fans');
    expect(b.count()).to.equal('1 member');
    const paths = performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);
    expect(paths.some((p) => p.endsWith('/room_summary/' + encodeURIComponent(alias))), 'tried the summary first').to.equal(true);
    expect(paths.some((p) => p.endsWith('/publicRooms')), 'asked the room directory').to.equal(true);
  });

  it('summary endpoint missing and signed out: the alias, and "Join" still works through sign-in', async () => {
    const { alias } = await publicRoom(owner, 'Bare Alias');
    await fault('fail', { status: 404, errcode: 'M_UNRECOGNIZED', paths: 'room_summary|im\\.nheko\\.summary', count: 1000 });
    const b = button({ room: alias });
    await b.waitForState('ready');
    // This server (like Synapse by default) lists public rooms only for signed-in users: the alias is all there is.
    expect(b.label()).to.equal(`Join ${alias}`);
    expect(b.count()).to.equal('');
    await b.click();
    await waitUntil(() => b.dialog()?.open, 'the sign-in dialog');
  });

  it('a refused join: the reason, matrix-error, and "Join" again', async () => {
    const { roomId, alias } = await publicRoom(owner, 'Strict Room');
    const user = await signInAsNewUser(main.url);
    const errors = collect<{ operation: string; errcode: string; message: string }>('matrix-error');
    const b = button({ room: alias });
    await b.waitForState('ready');
    await getSession().client();
    await fault('fail', { status: 403, errcode: 'M_FORBIDDEN', paths: '/join/', count: 1 });
    await b.click();
    await waitUntil(() => b.message(), 'the join error');
    expect(b.message()).to.equal('You are not allowed to join this room.');
    expect(errors).to.deep.include({ operation: 'join', errcode: 'M_FORBIDDEN', message: 'You are not allowed to join this room.' });
    await b.waitForState('ready');
    expect(await joinedMembers(owner, roomId)).not.to.include(user.userId);
    // The fault was used up: trying again works.
    await b.click();
    await b.waitForState('joined');
    expect(b.message()).to.equal('');
  });

  it('size, variant, without-count and without-avatar change the look', async () => {
    const plain = button({ room: `#lobby:${main.serverName}` });
    const styled = button({ room: `#lobby:${main.serverName}`, size: 'large', variant: 'outline', 'without-count': '', 'without-avatar': '' });
    const small = button({ room: `#lobby:${main.serverName}`, size: 'small' });
    await plain.waitForState('ready');
    await styled.waitForState('ready');
    await small.waitForState('ready');
    expect(plain.count()).to.match(/^\d+ members$/);
    expect(plain.avatar()).to.exist;
    expect(styled.count()).to.equal('');
    expect(styled.avatar()).to.equal(null);
    expect(styled.label()).to.equal('Join Lobby');
    const px = (h: JoinButtonHarness) => parseFloat(getComputedStyle(h.button()!).fontSize);
    expect(px(styled)).to.be.greaterThan(px(plain));
    expect(px(plain)).to.be.greaterThan(px(small));
    const solidBg = getComputedStyle(plain.button()!).backgroundColor;
    const outlineBg = getComputedStyle(styled.button()!).backgroundColor;
    expect(solidBg).not.to.equal('rgba(0, 0, 0, 0)');
    expect(outlineBg).to.equal('rgba(0, 0, 0, 0)');
    expect(getComputedStyle(styled.button()!).color).to.equal(solidBg);
  });

  it('an invalid room attribute: says so, fires ME_BAD_ATTRIBUTE, offers nothing to click', async () => {
    const errors = collect<{ errcode: string }>('matrix-error');
    const b = button({ room: 'lobby' });
    await b.waitForState('error');
    expect(b.message()).to.match(/not a room address/);
    expect(b.button()).to.equal(null);
    expect(b.appLink()).to.equal(null);
    await waitUntil(() => errors.some((e) => e.errcode === 'ME_BAD_ATTRIBUTE'), 'matrix-error ME_BAD_ATTRIBUTE');
  });

  it('a private room: says so and keeps "Join" (an invitee may join) and the link', async () => {
    const b = button({ room: `#private:${main.serverName}` });
    await b.waitForState('ready');
    expect(b.message()).to.equal('This room is private: you need an invitation.');
    expect(b.label()).to.equal(`Join #private:${main.serverName}`);
    expect(b.appLink()).to.exist;
  });

  it('follows the session: signing out turns "Joined" back into "Join"', async () => {
    const { alias } = await publicRoom(owner, 'Comings And Goings');
    const user = await registerUser(main.url);
    await join(user, alias);
    await getSession().signIn({ username: user.username, password: user.password, homeserver: main.url });
    const b = button({ room: alias });
    await b.waitForState('joined');
    await getSession().signOut();
    await b.waitForState('ready');
    expect(b.label()).to.equal('Join Comings And Goings');
  });

  it('with its own homeserver: the summary comes from that server although the visitor is signed in on another', async () => {
    const second = server('second');
    const remoteOwner = await registerUser(second.url);
    const localpart = uniqueAlias();
    await createRoom(remoteOwner, { preset: 'public_chat', visibility: 'public', name: 'Second Server Garden', room_alias_name: localpart }, second.url);
    await signInAsNewUser(main.url);
    const b = button({ room: `#${localpart}:${second.serverName}`, homeserver: second.url });
    await b.waitForState('ready');
    expect(b.label()).to.equal('Join Second Server Garden');
    expect(b.count()).to.equal('1 member');
  });

  it('with its own homeserver down: says the server cannot be reached, not that the room does not exist, while signed in elsewhere', async () => {
    await signInAsNewUser(main.url);
    const errors = collect<{ errcode: string }>('matrix-error');
    const b = button({ room: '#lobby:example.invalid', homeserver: 'http://127.0.0.1:9' });
    await b.waitForState('error');
    expect(b.message()).to.match(/^The chat server cannot be reached right now\./);
    await waitUntil(() => errors.some((e) => e.errcode === 'ME_UNREACHABLE'), 'matrix-error ME_UNREACHABLE');
  });
});
