import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/all.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import { FramedPage } from '../../harnesses/framed-page.ts';
import {
  api, createRoom, join, redactEvent, registerUser, resetSession, sendEvent, sendText, serverMessages, server,
  setTyping, signInAsNewUser,
} from './helpers.ts';

const main = server('main');
const rooms: RoomHarness[] = [];
function room(attrs: Record<string, string>): RoomHarness {
  const h = RoomHarness.create(attrs);
  rooms.push(h);
  return h;
}

function failedEvent(r: RoomHarness, text: string): HTMLElement | undefined {
  return Array.from(r.root.querySelectorAll<HTMLElement>('[part~="event"][data-status="failed"]')).find((e) => e.textContent?.includes(text));
}

describe('<matrix-room> live timeline and composer', () => {
  afterEach(async () => {
    for (const h of rooms.splice(0)) h.element.remove();
    await api(main.url, 'POST', '/_dev/faults/reset', { body: {} });
    await resetSession();
  });

  it('sends with Enter (Markdown), local echo, matrix-send / matrix-after-send; Shift+Enter does not send', async () => {
    const me = await signInAsNewUser();
    const roomId = await createRoom(me, { name: 'Send test', preset: 'private_chat' });
    const r = room({ room: roomId, homeserver: main.url });
    await r.waitForState('joined', 20_000);
    const events: string[] = [];
    r.element.addEventListener('matrix-send', (e) => events.push(`send:${e.detail.body}`));
    r.element.addEventListener('matrix-after-send', (e) => events.push(`after:${e.detail.eventId}`));
    r.type('line');
    const shift = r.press('Enter', { shiftKey: true });
    expect(shift.defaultPrevented).to.equal(false);
    expect(events).to.deep.equal([]);
    await r.send('hello **world**');
    const tile = await r.waitForMessage('hello world');
    expect(tile.querySelector('strong')?.textContent).to.equal('world');
    await waitUntil(() => events.length === 2, 'after-send');
    expect(events[0]).to.equal('send:hello **world**');
    const eventId = events[1].slice('after:'.length);
    expect(eventId).to.match(/^\$/);
    await waitUntil(() => r.event(eventId)?.dataset.status === 'sent', 'echo replaced by the server event');
    expect(r.composer()!.value).to.equal('');
    const onServer = await serverMessages(me, roomId);
    expect(onServer.filter((e) => e.content?.body === 'hello **world**')).to.have.length(1);
    expect(onServer.find((e) => e.content?.body === 'hello **world**').content.formatted_body).to.contain('<strong>world</strong>');
  });

  it('a second user\'s message, edit, reaction, redaction and typing arrive live', async () => {
    const other = await registerUser(main.url, 'Ana');
    const roomId = await createRoom(other, { name: 'Live', preset: 'public_chat' });
    const me = await signInAsNewUser();
    await join(me, roomId);
    const r = room({ room: roomId, homeserver: main.url });
    await r.waitForState('joined', 20_000);
    const incoming: string[] = [];
    r.element.addEventListener('matrix-message', (e) => incoming.push(e.detail.body));

    const id = await sendText(other, roomId, 'first version');
    await r.waitForMessage('first version');
    expect(r.eventText(id)).to.contain('Ana');
    await waitUntil(() => incoming.includes('first version'), 'matrix-message');

    await sendEvent(other, roomId, 'm.room.message', {
      msgtype: 'm.text', body: '* second version',
      'm.new_content': { msgtype: 'm.text', body: 'second version' },
      'm.relates_to': { rel_type: 'm.replace', event_id: id },
    });
    await waitUntil(() => r.eventText(id).includes('second version') && r.eventText(id).includes('(edited)'), 'edit applied');

    await sendEvent(other, roomId, 'm.reaction', { 'm.relates_to': { rel_type: 'm.annotation', event_id: id, key: '👍' } });
    const chip = await waitUntil(() => r.row(id)?.querySelector<HTMLButtonElement>('.reaction'), 'reaction chip');
    expect(chip.textContent).to.contain('1');
    // Toggle my own reaction on the same key: count goes to 2, then back to 1.
    chip.click();
    await waitUntil(() => r.row(id)?.querySelector('.reaction[aria-pressed="true"]')?.textContent?.includes('2'), 'my reaction added');
    r.row(id)!.querySelector<HTMLButtonElement>('.reaction')!.click();
    await waitUntil(() => r.row(id)?.querySelector('.reaction[aria-pressed="false"]')?.textContent?.includes('1'), 'my reaction removed');

    await setTyping(other, roomId, true);
    await waitUntil(() => r.typingText() === 'Ana is typing…', 'typing notice');
    await setTyping(other, roomId, false);
    await waitUntil(() => r.typingText() === '', 'typing stopped');

    await redactEvent(other, roomId, id);
    await waitUntil(() => r.eventText(id).includes('Message deleted'), 'redaction');
  });

  it('reply, edit and delete my own message from the action toolbar', async () => {
    const me = await signInAsNewUser();
    const roomId = await createRoom(me, { name: 'Actions', preset: 'private_chat' });
    const r = room({ room: roomId, homeserver: main.url });
    await r.waitForState('joined', 20_000);
    await r.send('original');
    const tile = await r.waitForMessage('original');
    const id = await waitUntil(() => (tile.dataset.status === 'sent' ? tile.dataset.eventId : undefined), 'sent');
    await r.action(id, 'Reply');
    expect(r.root.querySelector('[part="composer"] .context')!.textContent).to.contain('Replying to');
    await r.send('a reply');
    const reply = await r.waitForMessage('a reply');
    expect(reply.querySelector('.reply-quote')?.getAttribute('data-reply-to')).to.equal(id);
    await r.action(id, 'Edit');
    expect(r.composer()!.value).to.equal('original');
    await r.send('changed');
    await waitUntil(() => r.eventText(id).includes('changed') && r.eventText(id).includes('(edited)'), 'edited');
    await r.deleteMessage(id);
    await waitUntil(() => r.eventText(id).includes('Message deleted'), 'deleted');
  });

  it('Delete asks first in a modal dialog naming the message; Cancel is focused, Escape cancels, focus returns', async () => {
    const me = await signInAsNewUser();
    const roomId = await createRoom(me, { name: 'Delete confirm', preset: 'private_chat' });
    const r = room({ room: roomId, homeserver: main.url });
    await r.waitForState('joined', 20_000);
    await r.send('keep me unless I say so');
    const tile = await r.waitForMessage('keep me unless I say so');
    const id = await waitUntil(() => (tile.dataset.status === 'sent' ? tile.dataset.eventId : undefined), 'sent');
    const deleteButton = r.button('Delete', r.row(id)!)!;
    deleteButton.focus();
    await r.action(id, 'Delete');
    let dialog = await waitUntil(() => r.deleteDialog(), 'the confirmation dialog');
    expect(dialog.open).to.equal(true);
    expect(dialog.matches(':modal')).to.equal(true);
    expect(dialog.textContent).to.contain('keep me unless I say so');
    expect(dialog.textContent).to.contain(me.username);
    expect(r.root.activeElement?.textContent?.trim()).to.equal('Cancel');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !r.deleteDialog(), 'the dialog gone after Escape');
    expect(r.root.activeElement).to.equal(deleteButton);
    await r.action(id, 'Delete');
    dialog = await waitUntil(() => r.deleteDialog(), 'the dialog again');
    r.button('Cancel', dialog)!.click();
    await waitUntil(() => !r.deleteDialog(), 'the dialog gone after Cancel');
    expect(r.root.activeElement).to.equal(deleteButton);
    await r.action(id, 'Delete');
    dialog = await waitUntil(() => r.deleteDialog(), 'the dialog a third time');
    r.button('Delete message', dialog)!.click();
    await waitUntil(() => r.eventText(id).includes('Message deleted'), 'deleted');
    // Only the confirmed Delete reached the server: Escape and Cancel redacted nothing.
    const redactions = (await serverMessages(me, roomId)).filter((e) => e.type === 'm.room.redaction');
    expect(redactions).to.have.length(1);
  });

  it('a refused send shows "Not sent" with Retry (stored once) and Delete; a dropped one goes out again by itself', async function () {
    this.timeout(60_000);
    const me = await signInAsNewUser();
    const roomId = await createRoom(me, { name: 'Faults', preset: 'private_chat' });
    const r = room({ room: roomId, homeserver: main.url });
    await r.waitForState('joined', 20_000);
    const outboxKeys = () => Object.keys(localStorage).filter((k) => k.startsWith('matrix-embed:outbox:'));
    // The connection drops without an answer: the outbox tries again (same transaction ID) without being asked.
    await api(main.url, 'POST', '/_dev/drop', { body: { count: 1, paths: '/rooms/[^/]+/send/', method: 'PUT' } });
    await r.send('dropped once');
    const resent = await r.waitForMessage('dropped once');
    await waitUntil(() => resent.isConnected && resent.dataset.status === 'sent' && resent.dataset.eventId?.startsWith('$'), 'sent', 30_000);
    expect((await serverMessages(me, roomId)).filter((e) => e.content?.body === 'dropped once')).to.have.length(1);

    // A refusal (400): "Not sent", its text kept in the outbox; Retry sends it with its own transaction ID.
    await api(main.url, 'POST', '/_dev/fail', { body: { status: 400, errcode: 'M_BAD_JSON', count: 1, paths: '/rooms/[^/]+/send/', method: 'PUT' } });
    await r.send('will fail');
    const failed = await waitUntil(() => failedEvent(r, 'will fail'), 'Not sent', 20_000);
    expect(failed.textContent).to.contain('Not sent');
    expect(outboxKeys(), 'kept while it waits').to.deep.equal([`matrix-embed:outbox:${me.userId}:${roomId}`]);
    expect((await serverMessages(me, roomId)).filter((e) => e.content?.body === 'will fail')).to.have.length(0);
    r.button('Retry', failed)!.click();
    await waitUntil(() => r.root.querySelector('[part~="event"][data-status="failed"]') === null, 'resent', 20_000);
    const sent = await r.waitForMessage('will fail');
    await waitUntil(() => sent.isConnected && sent.dataset.status === 'sent' && sent.dataset.eventId?.startsWith('$'), 'sent');
    const stored = (await serverMessages(me, roomId)).filter((e) => e.content?.body === 'will fail');
    expect(stored).to.have.length(1);
    expect(stored[0].event_id).to.equal(sent.dataset.eventId);
    await waitUntil(() => outboxKeys().length === 0, 'nothing kept once sent');

    // Delete drops a refused message without sending anything.
    await api(main.url, 'POST', '/_dev/fail', { body: { status: 400, errcode: 'M_BAD_JSON', count: 1, paths: '/rooms/[^/]+/send/', method: 'PUT' } });
    await r.send('to discard');
    const second = await waitUntil(() => failedEvent(r, 'to discard'), 'second Not sent', 20_000);
    r.button('Delete', second)!.click();
    await waitUntil(() => !r.root.textContent!.includes('to discard'), 'discarded');
    expect(outboxKeys(), 'deleted: not kept').to.deep.equal([]);
    expect((await serverMessages(me, roomId)).filter((e) => e.content?.body === 'to discard')).to.have.length(0);
  });

  it('a message typed while the network is down waits ("Sending…") and goes out once it is back, exactly once', async function () {
    this.timeout(90_000);
    const me = await signInAsNewUser();
    const roomId = await createRoom(me, { name: 'Offline', preset: 'private_chat' });
    const r = room({ room: roomId, homeserver: main.url });
    await r.waitForState('joined', 20_000);
    // The network goes down for a few seconds: the long-polling /sync is cut and the send cannot go out.
    await api(main.url, 'POST', '/_dev/drop', { body: { ms: 3000 } });
    await r.send('typed while offline');
    const waiting = await r.waitForMessage('typed while offline');
    expect(waiting.dataset.status).to.equal('pending');
    // Nobody clicks anything: the widget sends it when the server answers again.
    const sent = await waitUntil(
      () => Array.from(r.root.querySelectorAll<HTMLElement>('[part~="event"][data-status="sent"]')).find((e) => e.textContent?.includes('typed while offline')),
      'sent automatically', 60_000);
    expect(sent.dataset.eventId).to.match(/^\$/);
    const stored = (await serverMessages(me, roomId)).filter((e) => e.content?.body === 'typed while offline');
    expect(stored).to.have.length(1);
    expect(stored[0].event_id).to.equal(sent.dataset.eventId);
    // And it stays once: a later sync does not bring a duplicate.
    await sendText(me, roomId, 'after the outage');
    await r.waitForMessage('after the outage');
    expect(r.timelineTexts().filter((t) => t === 'typed while offline')).to.have.length(1);
  });

  it('the draft of a room survives a reload of the element', async () => {
    const me = await signInAsNewUser();
    const roomId = await createRoom(me, { name: 'Draft', preset: 'private_chat' });
    const r = room({ room: roomId, homeserver: main.url });
    await r.waitForState('joined', 20_000);
    r.type('unsent thoughts');
    r.element.remove();
    const again = room({ room: roomId, homeserver: main.url });
    await again.waitForState('joined', 20_000);
    await waitUntil(() => again.composer()?.value === 'unsent thoughts', 'draft restored');
    expect(Object.keys(localStorage).some((k) => k.startsWith('matrix-embed:draft:'))).to.equal(true);
  });

  it('a message the server refused is still "Not sent" after a reload, with its text, until Retry sends it once', async function () {
    this.timeout(60_000);
    const me = await signInAsNewUser(); // stored: the framed page restores this session
    const roomId = await createRoom(me, { name: 'Reload', preset: 'private_chat' });
    const page = new FramedPage('matrix-room', { room: roomId, homeserver: main.url });
    const roomIn = async () => new RoomHarness(await page.element());
    try {
      let r = await roomIn();
      await r.waitForState('joined', 30_000);
      await api(main.url, 'POST', '/_dev/fail', { body: { status: 403, errcode: 'M_FORBIDDEN', count: 1, paths: '/rooms/[^/]+/send/', method: 'PUT' } });
      await r.send('typed before the reload');
      await waitUntil(() => failedEvent(r, 'typed before the reload'), 'Not sent', 20_000);
      expect(r.composer()!.value).to.equal('');

      await page.reload();
      r = await roomIn();
      await r.waitForState('joined', 30_000);
      const failed = await waitUntil(() => failedEvent(r, 'typed before the reload'), 'still Not sent after the reload', 20_000);
      expect((await serverMessages(me, roomId)).filter((e) => e.content?.body === 'typed before the reload')).to.have.length(0);
      r.button('Retry', failed)!.click();
      const sent = await r.waitForMessage('typed before the reload', 15_000);
      await waitUntil(() => sent.isConnected && sent.dataset.status === 'sent', 'sent');
      expect((await serverMessages(me, roomId)).filter((e) => e.content?.body === 'typed before the reload')).to.have.length(1);
      await waitUntil(() => !Object.keys(localStorage).some((k) => k.startsWith('matrix-embed:outbox:')), 'nothing kept once sent');
    } finally {
      page.remove();
    }
  });

  it('two elements share one session and one sync loop; joining in one turns the other live', async () => {
    const owner = await registerUser();
    const roomId = await createRoom(owner, {
      name: 'Shared', preset: 'public_chat', visibility: 'public',
      initial_state: [{ type: 'm.room.history_visibility', state_key: '', content: { history_visibility: 'world_readable' } }],
    });
    await signInAsNewUser();
    const a = room({ room: roomId, homeserver: main.url });
    const b = room({ room: roomId, homeserver: main.url });
    await a.waitForState('preview', 20_000);
    await b.waitForState('preview', 20_000);
    a.joinButton()!.click();
    await a.waitForState('joined', 20_000);
    await b.waitForState('joined', 20_000);
    await a.send('seen in both');
    await b.waitForMessage('seen in both');
  });

  it('scrolling back through #lobby reaches its first message, with a spinner, keeping the position', async function () {
    this.timeout(90_000);
    await signInAsNewUser();
    const r = room({ room: `#lobby:${main.serverName}`, homeserver: main.url });
    await r.waitForState('preview', 20_000);
    r.joinButton()!.click();
    await r.waitForState('joined', 20_000);
    await waitUntil(() => r.events().length > 10 && !r.isLoadingOlder(), 'initial events');
    const first = 'Welcome to the lobby! This is the very first message.';
    // Each page of history takes a moment, so that the spinner is on screen while it loads (and the test sees it).
    await api(main.url, 'POST', '/_dev/delay', { body: { ms: 250, paths: '/messages' } });
    let sawSpinner = false;
    let pages = 0;
    // ~290 events: more than the element's window (100), so the newest ones are dropped on the way back.
    while (!r.timelineTexts().some((t) => t.includes(first)) && pages++ < 30) {
      r.scrollToTop();
      // What the reader sees at the top when the older page is asked for (scrolling is synchronous).
      const anchor = r.firstVisibleEvent();
      expect(anchor, 'an event on screen').to.exist;
      await waitUntil(() => r.isLoadingOlder(), 'the spinner while the older page loads');
      if (r.root.querySelector('.spinner[role="progressbar"][aria-label="Loading older messages"]')) sawSpinner = true;
      await waitUntil(() => !r.isLoadingOlder(), 'the older page loaded', 20_000);
      await r.element.updateComplete;
      // The older events went in above without moving what was on screen.
      const offset = r.rowOffset(anchor!.id);
      expect(offset, `event ${anchor!.id} still rendered`).to.not.equal(undefined);
      expect(offset!, `page ${pages}: the first visible event stays where it was`).to.be.closeTo(anchor!.offset, 4);
    }
    expect(r.timelineTexts().some((t) => t.includes(first)), 'the first lobby message').to.equal(true);
    expect(sawSpinner).to.equal(true);
    // Up to the very top: nothing older, and the element says so.
    await waitUntil(() => {
      if (!r.isLoadingOlder()) r.scrollToTop();
      return r.root.textContent!.includes('This is the start of the room.');
    }, 'start marker', 20_000);
  });
});
