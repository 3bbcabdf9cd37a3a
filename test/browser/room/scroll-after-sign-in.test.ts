import { expect } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import '../../../src/all.ts';
import { LoginHarness } from '../../harnesses/login-harness.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import { api, createPublicRoom, registerUser, resetSession, server } from './helpers.ts';
import { getSession } from '../../../src/session/get-session.ts';
import type { MatrixLogin } from '../../../src/components/login/login.ts';

const main = server('main');

/** Clicks a button with the real mouse (a pointer click moves focus and fires pointer events as a person's does). */
async function clickWithMouse(button: HTMLElement): Promise<void> {
  button.scrollIntoView({ block: 'center' });
  const r = button.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)] });
}

/**
 * A reader at the bottom of a room stays at the bottom when the page's session changes under the room: the
 * visitor creates an account or signs in with the `<matrix-login>` beside it (issue 12 item 4: the chat jumped
 * to the oldest loaded messages, scrollTop 2915 -> 0, and stayed there).
 */
describe('<matrix-room> keeps the reader at the bottom across a sign-in', () => {
  let wrap: HTMLElement | undefined;
  afterEach(async () => {
    wrap?.remove();
    wrap = undefined;
    await api(main.url, 'POST', '/_dev/faults/reset', { body: {} });
    await resetSession();
  });

  async function mountPage(roomId: string): Promise<{ r: RoomHarness; login: LoginHarness }> {
    wrap = document.createElement('div');
    wrap.style.cssText = 'display:flex;gap:1rem;align-items:flex-start';
    document.body.append(wrap);
    const r = RoomHarness.create({ room: roomId, homeserver: main.url }, wrap);
    const loginEl = document.createElement('matrix-login') as MatrixLogin;
    loginEl.setAttribute('homeserver', main.url);
    wrap.append(loginEl);
    const login = new LoginHarness(loginEl);
    await r.waitForState('preview', 20_000);
    await r.waitForMessage('Message 60', 15_000);
    await waitUntil(() => r.isAtBottom(), 'the preview opens at the newest message', 5000);
    return { r, login };
  }

  /** Over 2 s after the sign-in, the timeline never leaves the bottom for long, and ends there. */
  async function expectStaysAtBottom(r: RoomHarness): Promise<void> {
    await r.waitForMessage('Message 60', 15_000);
    const tops: number[] = [];
    const end = Date.now() + 2000;
    while (Date.now() < end) {
      await new Promise((res) => setTimeout(res, 50));
      const t = r.timeline();
      if (t) tops.push(t.scrollTop);
    }
    const t = r.timeline()!;
    expect(r.isAtBottom(), `at the bottom (scrollTop ${t.scrollTop} of ${t.scrollHeight - t.clientHeight}; seen ${tops.slice(-5).join(', ')})`).to.equal(true);
    expect(r.timelineTexts().at(-1)).to.contain('Message 60');
  }

  async function seededRoom(): Promise<string> {
    const owner = await registerUser(main.url, 'Owner');
    const roomId = await createPublicRoom(owner, 'Scroll keeps');
    for (let i = 1; i <= 60; i++) {
      await api(main.url, 'POST', `/_dev/rooms/${encodeURIComponent(roomId)}/inject`, {
        body: { type: 'm.room.message', sender: owner.userId, content: { msgtype: 'm.text', body: `Message ${i}` } },
      });
    }
    return roomId;
  }

  it('after creating an account by clicking "Create account"', async function () {
    this.timeout(60_000);
    const roomId = await seededRoom();
    const { r, login } = await mountPage(roomId);
    await login.waitFor(() => !!login.tab('Create account'), 'the create-account tab');
    await login.selectTab('Create account');
    const name = `scroll${Date.now().toString(36)}`;
    await login.fill('Username', name);
    await login.fill('Password', 'pw-123456');
    await login.fill('Confirm password', 'pw-123456');
    await clickWithMouse(login.button('Create account')!);
    await login.waitFor(() => login.isSignedIn(), 'the signed-in view', 15_000);
    await expectStaysAtBottom(r);
  });

  it('after signing in again by clicking "Sign in", following a sign-out', async function () {
    this.timeout(60_000);
    const roomId = await seededRoom();
    const me = await registerUser(main.url);
    const { r, login } = await mountPage(roomId);
    await login.waitFor(() => !!login.field('Username'), 'the sign-in form');
    await login.fill('Username', me.username);
    await login.fill('Password', me.password);
    await clickWithMouse(login.button('Sign in')!);
    await login.waitFor(() => login.isSignedIn(), 'signed in', 15_000);
    await expectStaysAtBottom(r);
    await clickWithMouse(login.button('Sign out')!);
    await login.waitFor(() => !!login.field('Username') && !!login.button('Sign in'), 'the form after sign-out', 15_000);
    await r.waitForMessage('Message 60', 15_000);
    await waitUntil(() => r.isAtBottom(), 'at the bottom after sign-out', 5000);
    // The preview goes on through a guest session, whose notice appears above the form: click once it is there.
    await login.waitFor(() => getSession().status === 'guest', 'the guest session of the preview', 15_000);
    await login.fill('Username', me.username);
    await login.fill('Password', me.password);
    await clickWithMouse(login.button('Sign in')!);
    await login.waitFor(() => login.isSignedIn(), 'signed in again', 15_000);
    await expectStaysAtBottom(r);
  });
});
