import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/all.ts';
import { LoginHarness } from '../../harnesses/login-harness.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import { api, createPublicRoom, registerUser, resetSession, server } from './helpers.ts';
import type { MatrixLogin } from '../../../src/components/login/login.ts';

const main = server('main');

/** The element focus is really on, through shadow roots. */
function deepActive(): Element | null {
  let a: Element | null = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

function describe_(el: Element | null): string {
  if (!el) return 'nothing';
  const label = el.getAttribute('aria-label') ?? el.textContent?.replace(/\s+/g, ' ').trim().slice(0, 60) ?? '';
  return `<${el.tagName.toLowerCase()}${el.className ? ` class="${el.className}"` : ''}> "${label}"`;
}

/** Presses a key; "Shift+Tab" holds Shift around the Tab. */
async function press(key: string): Promise<void> {
  const [modifier, k] = key.includes('+') ? key.split('+') : [undefined, key];
  if (modifier) await sendKeys({ down: modifier });
  await sendKeys({ press: k });
  if (modifier) await sendKeys({ up: modifier });
}
const typeText = (text: string) => sendKeys({ type: text });

/** Presses Tab (or Shift+Tab) until focus satisfies `reached`; returns how many presses it took. */
async function tabTo(reached: (el: Element | null) => boolean, what: string, max: number, back = false): Promise<number> {
  for (let n = 1; n <= max; n++) {
    await press(back ? 'Shift+Tab' : 'Tab');
    if (reached(deepActive())) return n;
  }
  throw new Error(`${what}: not reached in ${max} ${back ? 'Shift+Tab' : 'Tab'} presses; focus is on ${describe_(deepActive())}`);
}

/** The focused timeline row's message text (its body only). */
function focusedMessage(): string | undefined {
  const el = deepActive();
  if (!(el instanceof HTMLElement) || !el.matches('.row[data-row-id]')) return undefined;
  return el.querySelector('.content .message')?.textContent?.replace(/\s+/g, ' ').trim();
}

const isRow = (el: Element | null) => !!el?.matches('.row[data-row-id]');
const isButton = (name: string) => (el: Element | null) =>
  el instanceof HTMLButtonElement && (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim() === name;

/** Waits until `probe` gives the same element for 600 ms: the re-renders after a session change are over. */
async function stable(probe: () => Element | null, what: string): Promise<void> {
  let last = probe();
  let since = Date.now();
  await waitUntil(() => {
    const now = probe();
    if (now !== last) {
      last = now;
      since = Date.now();
    }
    return !!now && Date.now() - since >= 600;
  }, what, 15_000);
}

/** Presses an arrow key until the focused message is `text`. */
async function arrowTo(text: string, key: 'ArrowUp' | 'ArrowDown', max: number): Promise<void> {
  for (let n = 0; n < max; n++) {
    await press(key);
    if (focusedMessage() === text) return;
  }
  throw new Error(`"${text}" not reached with ${max} ${key}; focus is on ${describe_(deepActive())}`);
}

async function focusSettles(check: () => boolean, what: string): Promise<void> {
  await waitUntil(() => check(), `${what} (focus is on ${describe_(deepActive())})`, 10_000);
}

/**
 * Issue 12: the whole journey with the keyboard alone — sign in, read, join, send, reply, react, edit, delete —
 * with real key presses (sendKeys), asserting where focus is at each step and that the timeline costs one tab
 * stop (plus the current message's own controls), not one per message action.
 */
describe('Keyboard-only journey through <matrix-login> and <matrix-room>', () => {
  let wrap: HTMLElement | undefined;
  afterEach(async () => {
    wrap?.remove();
    wrap = undefined;
    await resetSession();
  });

  it('signs in, reads, joins, sends, replies, reacts, edits and deletes without a mouse', async function () {
    this.timeout(120_000);
    const owner = await registerUser(main.url, 'Alice');
    const me = await registerUser(main.url);
    const roomId = await createPublicRoom(owner, 'Keyboard lobby');
    for (let i = 1; i <= 25; i++) {
      await api(main.url, 'POST', `/_dev/rooms/${encodeURIComponent(roomId)}/inject`, {
        body: { type: 'm.room.message', sender: owner.userId, content: { msgtype: 'm.text', body: `Message ${i}` } },
      });
    }
    wrap = document.createElement('div');
    document.body.append(wrap);
    const loginEl = document.createElement('matrix-login') as MatrixLogin;
    loginEl.setAttribute('homeserver', main.url);
    wrap.append(loginEl);
    const login = new LoginHarness(loginEl);
    const r = RoomHarness.create({ room: roomId, homeserver: main.url }, wrap);
    await r.waitForState('preview', 20_000);
    await r.waitForMessage('Message 25', 15_000);
    await login.waitFor(() => !!login.field('Username'), 'the sign-in form');
    (document.activeElement as HTMLElement | null)?.blur();

    // Sign in: Tab to the user name, type, Tab, type, Enter. Focus lands on the signed-in summary.
    await tabTo((el) => el === login.field('Username'), 'the Username field', 8);
    await typeText(me.username);
    await press('Tab');
    expect(deepActive(), 'Tab goes from the user name to the password').to.equal(login.field('Password'));
    await typeText(me.password);
    await press('Enter');
    await login.waitFor(() => login.isSignedIn(), 'signed in', 15_000);
    await focusSettles(() => !!deepActive()?.matches('.user'), 'focus on the signed-in summary after sign-in');
    expect(deepActive()!.getAttribute('aria-label')).to.contain(me.userId);

    // Read: the timeline is one tab stop, on the newest message; arrows, Home and End walk it.
    await r.waitForState('preview', 15_000);
    // The room reopens through the signed-in session; its timeline's one tab stop is there again.
    await r.waitForMessage('Message 25', 15_000);
    await waitUntil(() => r.root.querySelector('.row[tabindex="0"]'), 'the timeline\'s tab stop', 15_000);
    await stable(() => r.root.querySelector('.row[tabindex="0"]'), 'the timeline after the room reopened');
    const toTimeline = await tabTo(isRow, 'the timeline', 6);
    expect(toTimeline, 'tab stops from the sign-in summary to the timeline').to.be.at.most(4);
    expect(focusedMessage()).to.equal('Message 25');
    await press('ArrowUp');
    await press('ArrowUp');
    expect(focusedMessage()).to.equal('Message 23');
    await press('ArrowDown');
    expect(focusedMessage()).to.equal('Message 24');
    await press('End');
    await focusSettles(() => focusedMessage() === 'Message 25', 'End goes to the newest message');

    // Join: the next tab stop after the timeline is the Join button (the preview's rows have no controls).
    await tabTo((el) => el === r.joinButton(), 'the Join button', 3);
    await press('Enter');
    await r.waitForState('joined', 15_000);
    await focusSettles(() => deepActive() === r.composer(), 'focus in the composer after joining');

    // Send.
    await typeText('Hello from the keyboard');
    await press('Enter');
    await r.waitForMessage('Hello from the keyboard', 10_000);
    expect(deepActive(), 'focus stays in the composer after sending').to.equal(r.composer());

    // Back to the timeline: few stops, landing on the newest message (ours).
    const back = await tabTo(isRow, 'the timeline from the composer', 5, true);
    expect(back, 'Shift+Tab stops from the composer to the timeline').to.be.at.most(2);
    await focusSettles(() => focusedMessage() === 'Hello from the keyboard', 'the newest message is current');

    // Reply to Message 25 (above our join and our message): its first control is Reply; the composer takes focus.
    await arrowTo('Message 25', 'ArrowUp', 3);
    await press('Tab');
    expect(isButton('Reply')(deepActive()), `Tab from a message goes to its Reply (focus on ${describe_(deepActive())})`).to.equal(true);
    await press('Enter');
    await focusSettles(() => deepActive() === r.composer(), 'focus in the composer for the reply');
    expect(r.root.querySelector('[part="composer"]')?.textContent).to.contain('Replying to');
    await typeText('A reply by keyboard');
    await press('Enter');
    await r.waitForMessage('A reply by keyboard', 10_000);

    // React to Message 25: Reply, React; the picker opens with focus on its first reaction; Enter reacts.
    await tabTo(isRow, 'the timeline', 5, true);
    await arrowTo('Message 25', 'ArrowUp', 4);
    const message25 = (deepActive() as HTMLElement).dataset.rowId!;
    await press('Tab');
    await press('Tab');
    expect(isButton('React')(deepActive()), `then React (focus on ${describe_(deepActive())})`).to.equal(true);
    await press('Enter');
    await focusSettles(() => !!deepActive()?.closest('.reaction-picker'), 'focus in the reaction picker');
    const reaction = deepActive()!.getAttribute('aria-label')!;
    await press('Enter');
    await waitUntil(() => r.row(message25)?.querySelector('.reactions button[aria-pressed="true"]'), 'our reaction on Message 25', 10_000);
    await focusSettles(() => isButton('React')(deepActive()), `focus back on React after ${reaction}`);

    // Escape goes back to the message; edit our own message: Reply, React, Edit.
    await press('Escape');
    expect(focusedMessage()).to.equal('Message 25');
    await arrowTo('Hello from the keyboard', 'ArrowDown', 3);
    await tabTo(isButton('Edit'), 'our message\'s Edit', 3);
    await press('Enter');
    await focusSettles(() => deepActive() === r.composer() && r.composer()!.value === 'Hello from the keyboard', 'editing in the composer');
    await press('End');
    await typeText(', edited');
    await press('Enter');
    await r.waitForMessage('Hello from the keyboard, edited', 10_000);

    // Delete the reply: Delete asks first (Cancel focused), Tab to "Delete message", Enter; focus on the message.
    await tabTo(isRow, 'the timeline', 5, true);
    await focusSettles(() => focusedMessage() === 'A reply by keyboard', 'the newest message is current');
    const replyRow = deepActive() as HTMLElement;
    await tabTo(isButton('Delete'), 'the reply\'s Delete (after its quote, Reply, React, Edit)', 6);
    await press('Enter');
    await focusSettles(() => !!r.deleteDialog() && isButton('Cancel')(deepActive()), 'Cancel focused in the dialog');
    await press('Tab');
    expect(isButton('Delete message')(deepActive())).to.equal(true);
    await press('Enter');
    await waitUntil(() => !r.deleteDialog(), 'the dialog closed');
    await waitUntil(() => !r.timelineTexts().includes('A reply by keyboard'), 'the reply deleted', 10_000);
    await focusSettles(() => deepActive() === replyRow || (isRow(deepActive()) && (deepActive() as HTMLElement).dataset.rowId === replyRow.dataset.rowId),
      'focus on the deleted message\'s row');

    // Only the current message's controls are tab stops: no other row holds a focusable control.
    const tabbable = Array.from(r.root.querySelectorAll<HTMLElement>('[part="timeline"] .row button, [part="timeline"] .row a[href]'))
      .filter((b) => b.tabIndex >= 0 && !b.closest('.row')!.contains(deepActive()));
    expect(tabbable.map(describe_), 'controls of other messages in the tab order').to.deep.equal([]);
  });
});
