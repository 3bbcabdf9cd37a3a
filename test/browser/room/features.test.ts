/**
 * <matrix-room> joined: media message types, upload with progress, keyboard-only operation, "Jump to latest",
 * read receipts, and hostile events arriving live. One signed-in user and one room (with a second user acting
 * through the homeserver's API) are shared by the tests of this file, so each test starts from a live element.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/all.ts';
import { getSession } from '../../../src/session/get-session.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import {
  api, createRoom, join, registerUser, resetSession, sendEvent, sendText, server, signInAsNewUser, type TestUser,
} from './helpers.ts';

const main = server('main');

/** A valid 2x2 PNG. */
const PNG = Uint8Array.from(atob(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAEUlEQVR4nGP4z8DwH4QZYAwAR8oH+WdZbrcAAAAASUVORK5CYII=',
), (c) => c.charCodeAt(0));

async function upload(user: TestUser, bytes: Uint8Array, type: string, name: string, base = main.url): Promise<string> {
  const res = await fetch(`${base}/_matrix/media/v3/upload?filename=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${user.accessToken}`, 'Content-Type': type },
    body: new Blob([bytes as BlobPart]),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`upload: ${res.status} ${JSON.stringify(body)}`);
  return body.content_uri;
}

/** URLs the page fetched since `since` (Resource Timing), to see which media API was used and where requests went. */
function requestedSince(since: number): string[] {
  return performance.getEntriesByType('resource').filter((e) => e.startTime >= since).map((e) => e.name);
}

/** The id of the message event whose body text is `text`. */
async function idOf(r: RoomHarness, text: string): Promise<string> {
  const el = await r.waitForMessage(text, 15_000);
  return waitUntil(() => (el.dataset.eventId?.startsWith('$') ? el.dataset.eventId : undefined), `event id of "${text}"`);
}

/** The other user's latest public read receipt in the room, as another client would see it (their /sync). */
async function readReceiptOf(watcher: TestUser, roomId: string, userId: string): Promise<string | undefined> {
  const filter = JSON.stringify({ room: { rooms: [roomId], timeline: { limit: 1 } } });
  const res = await api(main.url, 'GET', `/_matrix/client/v3/sync?filter=${encodeURIComponent(filter)}`, { token: watcher.accessToken });
  const events: any[] = res.body?.rooms?.join?.[roomId]?.ephemeral?.events ?? [];
  const receipts = events.find((e) => e.type === 'm.receipt')?.content ?? {};
  for (const [eventId, byType] of Object.entries<any>(receipts)) {
    if (byType?.['m.read']?.[userId]) return eventId;
  }
  return undefined;
}

describe('<matrix-room> media, upload, keyboard, history and hostile events (shared room)', function () {
  this.timeout(60_000);
  let other: TestUser;
  let me: TestUser;
  let roomId: string;
  let r: RoomHarness;

  before(async function () {
    this.timeout(60_000);
    // Room for every request of this file in the Resource Timing buffer (default 250 entries).
    performance.setResourceTimingBufferSize(100_000);
    performance.clearResourceTimings();
    other = await registerUser(main.url, 'Ana');
    roomId = await createRoom(other, { name: 'Features', preset: 'public_chat' });
    me = await signInAsNewUser();
    await join(me, roomId);
    r = RoomHarness.create({ room: roomId, homeserver: main.url });
    await r.waitForState('joined', 20_000);
  });

  after(async () => {
    r?.element.remove();
    await api(main.url, 'POST', '/_dev/faults/reset', { body: {} });
    await resetSession();
  });

  afterEach(async () => {
    await api(main.url, 'POST', '/_dev/faults/reset', { body: {} });
  });

  it('m.image: authenticated thumbnail, full size in a dialog on click; m.file/m.video/m.audio: download with name and size', async () => {
    const since = performance.now();
    const mxc = await upload(other, PNG, 'image/png', 'dot.png');
    const fileMxc = await upload(other, new TextEncoder().encode('x'.repeat(2048)), 'application/pdf', 'report.pdf');
    await sendEvent(other, roomId, 'm.room.message', { msgtype: 'm.image', body: 'dot.png', url: mxc, info: { w: 2, h: 2, mimetype: 'image/png', size: PNG.length } });
    await sendEvent(other, roomId, 'm.room.message', { msgtype: 'm.file', body: 'report.pdf', url: fileMxc, info: { mimetype: 'application/pdf', size: 2048 } });
    await sendEvent(other, roomId, 'm.room.message', { msgtype: 'm.video', body: 'clip.mp4', url: fileMxc, info: { mimetype: 'video/mp4', size: 1_500_000, duration: 65_000 } });
    await sendEvent(other, roomId, 'm.room.message', { msgtype: 'm.audio', body: 'song.ogg', url: fileMxc, info: { mimetype: 'audio/ogg', size: 320 } });

    const thumb = await waitUntil(() => r.root.querySelector<HTMLImageElement>('img.thumbnail'), 'image thumbnail', 15_000);
    expect(thumb.src).to.match(/^blob:/);
    expect(thumb.alt).to.equal('dot.png');
    await waitUntil(() => thumb.complete && thumb.naturalWidth === 2, 'thumbnail decoded');

    const open = r.button('Show full size: dot.png')!;
    open.click();
    const dialog = await waitUntil(() => r.root.querySelector<HTMLDialogElement>('dialog.image-dialog[open]'), 'full-size dialog');
    const full = dialog.querySelector<HTMLImageElement>('img.full-size')!;
    expect(full.src).to.match(/^blob:/);
    r.button('Close', dialog)!.click();
    expect(dialog.open).to.equal(false);

    const tiles = await waitUntil(() => {
      const all = Array.from(r.root.querySelectorAll<HTMLButtonElement>('.file-download'));
      return all.length >= 3 ? all : undefined;
    }, 'three download buttons', 15_000);
    const text = (b: HTMLElement) => b.textContent!.replace(/\s+/g, ' ').trim();
    expect(text(tiles[0])).to.contain('File').and.contain('report.pdf').and.contain('(2.0 KB)').and.contain('Download');
    expect(text(tiles[1])).to.contain('Video').and.contain('clip.mp4').and.contain('1.5 MB').and.contain('1:05');
    expect(text(tiles[2])).to.contain('Audio').and.contain('song.ogg').and.contain('(320 B)');

    tiles[0].click();
    await waitUntil(() => requestedSince(since).some((u) => u.includes('/_matrix/client/v1/media/download/')), 'download request');
    await waitUntil(() => !tiles[0].hasAttribute('aria-busy'), 'download done');
    expect(tiles[0].hasAttribute('data-error')).to.equal(false);

    // Everything came through the authenticated API, and no URL carried the token.
    const media = requestedSince(since).filter((u) => u.includes('/media/'));
    expect(media.some((u) => u.includes('/_matrix/client/v1/media/thumbnail/'))).to.equal(true);
    expect(media.filter((u) => u.includes('/_matrix/media/v3/download') || u.includes('/_matrix/media/v3/thumbnail'))).to.deep.equal([]);
    expect(requestedSince(0).some((u) => u.includes(me.accessToken) || /access_token=/.test(u))).to.equal(false);
  });

  it('uploads a file from the composer with a progress bar and sends it as m.image', async () => {
    // Slow the upload down so that the progress bar is on screen while it runs.
    await api(main.url, 'POST', '/_dev/delay', { body: { ms: 1500, paths: '/media/v3/upload', method: 'POST', count: 1 } });
    const input = r.root.querySelector<HTMLInputElement>('[part="composer"] input[type=file]')!;
    const transfer = new DataTransfer();
    transfer.items.add(new File([PNG], 'upload-me.png', { type: 'image/png' }));
    input.files = transfer.files;
    const seen: number[] = [];
    input.dispatchEvent(new Event('change', { bubbles: true }));
    const bar = await waitUntil(() => r.root.querySelector<HTMLProgressElement>('progress[aria-label="Upload progress"]'), 'progress bar');
    expect(r.button('Upload a file')!.disabled).to.equal(true);
    await waitUntil(() => {
      const p = r.root.querySelector<HTMLProgressElement>('progress');
      if (p) seen.push(p.value);
      return !p;
    }, 'upload finished', 20_000);
    expect(bar.max).to.equal(1);
    expect(Math.max(...seen)).to.be.greaterThan(0);
    const thumb = await waitUntil(() => r.root.querySelector<HTMLImageElement>('img.thumbnail[alt="upload-me.png"]'), 'uploaded image in the timeline', 15_000);
    expect(thumb.src).to.match(/^blob:/);
    const onServer = await api(main.url, 'GET', `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=5`, { token: other.accessToken });
    const sent = onServer.body.chunk.find((e: any) => e.content?.body === 'upload-me.png');
    expect(sent.content.msgtype).to.equal('m.image');
    expect(sent.content.url).to.match(/^mxc:\/\//);
    expect(sent.content.info).to.include({ mimetype: 'image/png', size: PNG.length, w: 2, h: 2 });
    expect(r.button('Upload a file')!.disabled).to.equal(false);
  });

  it('works by keyboard alone: Tab reaches the timeline, message actions, composer and Send, with their names', async () => {
    await sendText(other, roomId, 'keyboard target');
    const id = await idOf(r, 'keyboard target');
    await r.element.updateComplete;
    const timeline = r.timeline()!;
    expect(timeline.getAttribute('aria-label')).to.equal('Messages');
    // One tab stop for the timeline: the newest message's row (see timeline-keys.ts for the walk through it).
    const row = r.row(id)!;
    expect(Array.from(timeline.querySelectorAll('[tabindex="0"]'))).to.deep.equal([row]);
    row.focus();
    expect(r.root.activeElement).to.equal(row);

    // Tab from the message goes into its actions: Reply first (hidden until then).
    const reply = r.button('Reply', row.querySelector('.actions')!)!;
    await sendKeys({ press: 'Tab' });
    expect(r.root.activeElement).to.equal(reply);
    expect(getComputedStyle(reply.closest('.actions')!).opacity).to.equal('1');
    await sendKeys({ press: 'Enter' });
    await r.element.updateComplete;
    // Reply puts the focus in the composer, labelled "Message".
    const ta = r.composer()!;
    expect(r.root.activeElement).to.equal(ta);
    expect(ta.labels?.[0]?.textContent).to.equal('Message');
    expect(r.root.querySelector('[part="composer"] .context')!.textContent).to.contain('Replying to');
    await sendKeys({ type: 'sent by keys' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ type: 'second line' });
    expect(ta.value).to.equal('sent by keys\nsecond line');
    // Tab on to the upload and Send buttons; Send by keyboard.
    await sendKeys({ press: 'Tab' });
    expect(r.root.activeElement).to.equal(r.button('Upload a file'));
    await sendKeys({ press: 'Tab' });
    expect(r.root.activeElement).to.equal(r.button('Send'));
    await sendKeys({ press: 'Enter' });
    const sent = await r.waitForMessage('sent by keys second line');
    expect(sent.querySelector('.reply-quote')?.getAttribute('data-reply-to')).to.equal(id);

    // Reactions by keyboard: React opens the picker, whose buttons are named.
    const react = r.button('React', r.row(id)!.querySelector('.actions')!)!;
    react.focus();
    await sendKeys({ press: 'Enter' });
    await r.element.updateComplete;
    expect(react.getAttribute('aria-expanded')).to.equal('true');
    const thumbsUp = r.button('React with 👍', r.row(id)!)!;
    thumbsUp.focus();
    await sendKeys({ press: 'Space' });
    const chip = await waitUntil(() => r.row(id)?.querySelector<HTMLButtonElement>('.reaction[aria-pressed="true"]'), 'my reaction');
    expect(chip.getAttribute('aria-label')).to.equal('👍: 1 reaction, including yours');
  });

  it('scrolled up: "Jump to latest" with the count of new messages; read receipts only for what was seen', async function () {
    this.timeout(90_000);
    // Back at the bottom (earlier tests moved focus, and so the scroll position, into the timeline).
    const t = r.timeline()!;
    t.scrollTop = t.scrollHeight;
    t.dispatchEvent(new Event('scroll'));
    // Enough history to scroll.
    for (let i = 0; i < 25; i++) await sendText(other, roomId, `filler ${i}`);
    const lastSeen = await idOf(r, 'filler 24');
    await waitUntil(() => r.isAtBottom(), 'following the bottom');
    await waitUntil(async () => (await readReceiptOf(other, roomId, me.userId)) === lastSeen, 'receipt for the last message seen', 15_000);

    t.scrollTop = t.scrollHeight / 3;
    t.dispatchEvent(new Event('scroll'));
    await r.element.updateComplete;
    expect(r.isAtBottom()).to.equal(false);
    await sendText(other, roomId, 'unseen one');
    await sendText(other, roomId, 'unseen two');
    const unseen = await idOf(r, 'unseen two');
    const jump = await waitUntil(() => r.button(/^Jump to latest \(2 new\)$/), '"Jump to latest (2 new)"');
    // Not seen yet: the receipt has not moved.
    expect(await readReceiptOf(other, roomId, me.userId)).to.equal(lastSeen);
    expect(r.isAtBottom()).to.equal(false);

    jump.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => r.isAtBottom(), 'at the bottom');
    await waitUntil(() => !r.button(/^Jump to latest/), 'button gone');
    await waitUntil(async () => (await readReceiptOf(other, roomId, me.userId)) === unseen, 'receipt for the newest message', 15_000);
  });

  it('hostile events injected into the live room render as placeholders; the rest renders; nothing forbidden appears', async () => {
    const since = performance.now();
    const w = window as unknown as Record<string, unknown>;
    const victim = await sendText(other, roomId, 'victim message');
    await idOf(r, 'victim message');
    const inject = (event: unknown) => api(main.url, 'POST', `/_dev/rooms/${encodeURIComponent(roomId)}/inject`, { body: event });
    const hostile = [
      { type: 'm.room.message', sender: other.userId, content: {
        msgtype: 'm.text', body: 'html attack', format: 'org.matrix.custom.html',
        formatted_body: '<img src="https://evil.example/pixel.png" onerror="window.__pwned=1"><script>window.__pwned=2</script>'
          + '<a href="javascript:window.__pwned=3">click</a><iframe src="https://evil.example/"></iframe><form action="https://evil.example/"><input></form>'
          + '<svg><style>*{display:none}</style></svg><base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/">'
          + '<a href="https://example.org" target="_top" style="position:fixed;inset:0">overlay</a><span data-mx-color="red;background:url(https://evil.example/)">c</span>',
      } },
      { type: 'm.room.message', sender: other.userId },
      { type: 'm.room.message', sender: other.userId, content: { msgtype: 'm.text', body: { not: 'a string' } } },
      { type: 'm.room.message', sender: other.userId, content: { msgtype: 'm.text', body: 'x'.repeat(1_000_000) } },
      { type: 'm.room.message', sender: other.userId, content: JSON.parse('{"msgtype":"m.text","body":"proto","__proto__":{"polluted":"yes"}}') },
      { type: 'm.room.message', sender: other.userId, content: { msgtype: 'm.image', body: 'tracker', url: 'https://evil.example/tracker.png' } },
      { type: 'm.room.message', sender: other.userId, content: { msgtype: 'm.image', body: 'traversal', url: 'mxc://evil.example/../../_matrix/client/v3/logout' } },
      { type: 'com.example.unknown', sender: other.userId, content: { body: 'unknown type' } },
      { type: 'm.room.message', sender: '@mallory:evil.example', content: {
        msgtype: 'm.text', body: '* hijacked', 'm.new_content': { msgtype: 'm.text', body: 'hijacked' },
        'm.relates_to': { rel_type: 'm.replace', event_id: victim },
      } },
      { type: 'm.room.message', sender: other.userId, content: { msgtype: 'm.text', body: 'reply to nowhere', 'm.relates_to': { 'm.in_reply_to': { event_id: '$missing:nowhere' } } } },
      { type: 'm.room.message', sender: other.userId, event_id: victim, content: { msgtype: 'm.text', body: 'duplicate id' } },
      { type: 'm.room.message', sender: other.userId, origin_server_ts: -1, content: { msgtype: 'm.text', body: 'negative time' } },
    ];
    for (const event of hostile) {
      const res = await inject(event);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
    }
    await sendText(other, roomId, 'still here after hostile');
    await r.waitForMessage('still here after hostile', 20_000);

    // The victim keeps its own text (the other sender's edit does not count).
    expect(r.timelineTexts()).to.include('victim message');
    expect(r.root.textContent).to.not.contain('hijacked');
    expect(r.timelineTexts().some((t) => t.includes('click') && t.includes('overlay'))).to.equal(true);
    expect(r.timelineTexts()).to.include('reply to nowhere');
    await r.element.updateComplete;
    const root = r.root;
    const forbidden = [
      ...root.querySelectorAll('script, iframe, object, embed, base, meta, style, link, frame'),
      // Our own icons are inline SVG (src/internal/icons.ts); none may come from a message.
      ...r.timeline()!.querySelectorAll('[part~="event"] .content svg'),
      ...root.querySelectorAll('svg:not(.icon-svg)'),
      // Our composer is a form; none may come from a message.
      ...r.timeline()!.querySelectorAll('form, input, textarea, select'),
    ];
    expect(forbidden.map((e) => e.outerHTML.slice(0, 120))).to.deep.equal([]);
    for (const el of Array.from(root.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) {
        expect(attr.name.startsWith('on'), `${el.localName}[${attr.name}]`).to.equal(false);
        // Colours are set through CSSOM (a style attribute of our own); nothing else may reach it.
        if (attr.name === 'style') expect(attr.value, `${el.localName}[style]`).to.not.match(/url\(|position|expression|display/i);
        expect(/^\s*(javascript|data|vbscript):/i.test(attr.value), `${el.localName}[${attr.name}]=${attr.value.slice(0, 40)}`).to.equal(false);
      }
    }
    for (const a of Array.from(root.querySelectorAll('a[href]'))) {
      expect(a.getAttribute('target')).to.equal('_blank');
      expect(a.getAttribute('rel')).to.contain('noopener');
    }
    for (const img of Array.from(root.querySelectorAll('img'))) expect(img.getAttribute('src') ?? '').to.match(/^(blob:|$)/);
    expect(w.__pwned).to.equal(undefined);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(requestedSince(since).filter((u) => !u.startsWith(main.url) && !u.startsWith(location.origin) && !u.startsWith('blob:'))).to.deep.equal([]);
    expect(requestedSince(since).some((u) => u.includes('logout'))).to.equal(false);
  });
});

describe('<matrix-room> media for a signed-out visitor (legacy media)', function () {
  this.timeout(60_000);
  const made: RoomHarness[] = [];
  afterEach(async () => {
    for (const h of made.splice(0)) h.element.remove();
    await resetSession();
  });

  it('the card avatar loads through legacy media where the server allows it, and falls back to the initial where it is frozen', async () => {
    performance.setResourceTimingBufferSize(100_000);
    for (const [name, allowed] of [['main', true], ['legacy', false]] as const) {
      const hs = server(name);
      const owner = await registerUser(hs.url);
      const mxc = await upload(owner, PNG, 'image/png', 'avatar.png', hs.url);
      const mediaId = mxc.split('/').pop()!;
      // Public but not world-readable: a visitor gets the summary card, not a guest preview.
      const roomId = await createRoom(owner, {
        preset: 'public_chat', visibility: 'public', name: `Card ${name}`,
        initial_state: [{ type: 'm.room.avatar', state_key: '', content: { url: mxc } }],
      }, hs.url);
      const since = performance.now();
      const r = RoomHarness.create({ room: roomId, homeserver: hs.url });
      made.push(r);
      await r.waitForState('card');
      if (allowed) {
        await waitUntil(() => requestedSince(since).some((u) => u.startsWith(`${hs.url}/_matrix/media/v3/thumbnail/`) && u.includes(mediaId)), `legacy thumbnail request on ${name}`);
      } else {
        // The server really refuses unauthenticated media.
        const refused = await fetch(`${hs.url}/_matrix/media/v3/thumbnail/${mxc.slice('mxc://'.length)}?width=64&height=64&method=crop`);
        expect(refused.status).to.equal(404);
      }
      const avatarRequests = requestedSince(since).filter((u) => u.includes(mediaId));
      expect(avatarRequests.some((u) => u.includes('/_matrix/client/v1/media/')), 'no authenticated media without a session').to.equal(false);
      if (allowed) {
        const img = await waitUntil(() => r.card()!.querySelector<HTMLImageElement>('img.avatar'), 'avatar image');
        expect(img.src).to.match(/^blob:/);
      } else {
        await waitUntil(() => r.card()!.querySelector('span.avatar'), 'initial shown');
        await new Promise((res) => setTimeout(res, 500));
        await r.element.updateComplete;
        expect(r.card()!.querySelector('img.avatar')).to.equal(null);
        expect(r.card()!.querySelector('span.avatar')!.textContent!.trim()).to.equal('C');
      }
      expect(getSession().status).to.equal('signed-out');
    }
  });
});
