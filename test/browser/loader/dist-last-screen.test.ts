// Checks the BUILT bundle (dist/): run `npm run build` first (.ci/run does). A signed-in visitor's repeat visit
// paints the room's last screen from the loader's early chunk (src/screen-paint.ts) before any of the element's
// code has arrived, and the element takes over in place (components/room/room-screen.ts): the picture gone, the
// room's own rows shown once each, the messages sent meanwhile among them. Each visit is a new document: a frame.
// Under /test-cdn/slow-elements/ every chunk but the early one is held 1.5 s (web-test-runner.config.mjs), so the
// picture is checked while the element is certainly not defined.
import { expect } from '@open-wc/testing';
import { createRoom, registerUser, sendText, server, type TestUser } from '../room/helpers.ts';
import { waitUntil } from '../../harnesses/room-harness.ts';

const SCREEN_PREFIX = 'matrix-embed:v1:screen:';

function storeSession(user: TestUser): void {
  localStorage.setItem('matrix-embed:v1:session', JSON.stringify({
    v: 1, homeserverUrl: server().url, userId: user.userId, deviceId: 'SCREEN', accessToken: user.accessToken, guest: false, auth: 'password',
  }));
}

function visit(room: string, cdn: string): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.src = `${new URL('./dist-visit-page.html', import.meta.url).href}?room=${encodeURIComponent(room)}&cdn=${encodeURIComponent(cdn)}`;
  frame.style.cssText = 'width: 600px; height: 700px';
  document.body.append(frame);
  return frame;
}

const roomIn = (frame: HTMLIFrameElement) => frame.contentDocument?.querySelector('matrix-room') ?? null;
const picture = (frame: HTMLIFrameElement) => roomIn(frame)?.shadowRoot?.querySelector<HTMLElement>('.last-screen') ?? null;
const bodies = (root: ParentNode | null | undefined) =>
  [...(root?.querySelectorAll('[part~="event"][data-kind="message"] .body') ?? [])].map((n) => n.textContent?.trim() ?? '');

describe('dist: a repeat visit paints the room\'s last screen before the element\'s code, then hands over', () => {
  afterEach(() => {
    for (const f of document.querySelectorAll('iframe')) f.remove();
    localStorage.clear();
  });

  it('the last screen at once, inert; the live room in its place, each row once, the new messages in', async function () {
    this.timeout(60_000);
    const user = await registerUser();
    const name = `screen${Date.now().toString(36)}`;
    const roomId = await createRoom(user, { room_alias_name: name, preset: 'public_chat', name: 'Screens' });
    for (let i = 0; i < 25; i++) await sendText(user, roomId, `message ${i}`);
    const alias = `#${name}:${server().serverName}`;
    storeSession(user);
    if (!(await fetch('/test-cdn/v0.1.0/last-screen/matrix-embed.js')).ok) throw new Error('dist/matrix-embed.js is missing: run `npm run build` before the browser tests');

    // First visit: the room live; its screen written a moment later.
    const first = visit(alias, 'v0.1.0/last-screen');
    await waitUntil(() => bodies(roomIn(first)?.shadowRoot).includes('message 24'), 'the first visit shows the room', 20_000);
    const key = `${SCREEN_PREFIX}${user.userId} ${alias}`;
    const stored = await waitUntil(() => localStorage.getItem(key), 'the screen kept for the next visit', 10_000);
    expect(stored.length, 'a screen is small').to.be.below(200_000);
    first.remove();

    const newer = await sendText(user, roomId, 'sent between the visits');
    const second = visit(alias, 'slow-elements/last-screen');
    const shown = await waitUntil(() => picture(second), 'the last screen, painted by the loader', 10_000);
    expect(second.contentWindow!.customElements.get('matrix-room'), 'the element\'s code has not arrived').to.equal(undefined);
    expect(bodies(shown).slice(-3)).to.deep.equal(['message 22', 'message 23', 'message 24']);
    expect(bodies(shown).length, 'a screenful of rows').to.be.at.least(20);
    expect(shown.inert, 'nothing in the picture can be focused or clicked').to.equal(true);
    expect(shown.querySelector('textarea')?.value, 'the picture\'s composer holds no text').to.equal('');
    expect(shown.querySelector('[href], [src], [style], [onclick], [tabindex]'), 'no URLs, styles, handlers or tab stops').to.equal(null);
    const timeline = shown.querySelector<HTMLElement>('[part~="timeline"]')!;
    expect(timeline.scrollHeight - timeline.scrollTop - timeline.clientHeight, 'scrolled to the newest').to.be.below(2);

    // The element arrives and takes over: the picture gone in the frame its own rows appear, nothing twice.
    const root = await waitUntil(() => {
      const r = roomIn(second)?.shadowRoot;
      return r && !picture(second) && bodies(r).includes('sent between the visits') ? r : undefined;
    }, 'the live room in place of the picture', 30_000);
    const ids = [...root.querySelectorAll<HTMLElement>('[part~="event"]')].map((e) => e.dataset.eventId);
    expect(new Set(ids).size, 'each event shown once').to.equal(ids.length);
    expect(ids).to.include(newer);
    for (const el of root.children) expect((el as HTMLElement).style.display, 'the element\'s own content shown').to.equal('');
  });
});
