/**
 * Malformed and hostile events: raw JSON through `buildTimeline` into tiles. Each must render a placeholder or be
 * skipped, never throw, never stop the next message, never pollute Object.prototype.
 */
import { expect } from '@open-wc/testing';
import type { TimelineItem } from '../../../src/session/types.ts';
import { buildTimeline } from '../../../src/render/tiles/index.ts';
import { assertSafeDom, foreignRequests, makeHost, resolvedMedia, settle, type HostileTestHost } from './fixture.ts';

const base = { sender: '@mallory:evil.example', origin_server_ts: 1_700_000_000_000, room_id: '!r:ok.example' };
const msg = (id: string, content: unknown, extra: Record<string, unknown> = {}) => ({
  ...base, event_id: id, type: 'm.room.message', content, ...extra,
});
const normal = () => msg('$normal', { msgtype: 'm.text', body: 'normal message after' });

interface EventCase {
  name: string;
  events: unknown[];
  /** Checks on the rendered shadow root (beyond the common ones). */
  check?: (root: ShadowRoot, items: TimelineItem[]) => void;
}

const tile = (root: ShadowRoot, id: string) => root.querySelector(`[data-event-id="${id}"]`);

const CASES: EventCase[] = [
  { name: 'no content', events: [{ ...base, event_id: '$e', type: 'm.room.message' }],
    check: (r) => expect(tile(r, '$e')!.textContent).to.contain('Unsupported event') },
  { name: 'content is null / array / string', events: [msg('$a', null), msg('$b', []), msg('$c', 'str')],
    check: (r) => expect(r.querySelectorAll('[data-kind="unknown"]').length).to.equal(3) },
  { name: 'non-string body', events: [msg('$e', { msgtype: 'm.text', body: { toString: 'x' } }), msg('$f', { msgtype: 'm.text', body: 42 })],
    check: (r) => expect(tile(r, '$e')!.getAttribute('data-kind')).to.equal('unknown') },
  { name: '1 MB body is cut and folded', events: [msg('$e', { msgtype: 'm.text', body: 'A'.repeat(1_048_576) })],
    check: (r) => {
      expect(tile(r, '$e')!.querySelector('.body')!.textContent!.length).to.be.at.most(65_536);
      expect(tile(r, '$e')!.querySelector('.show-more')).to.exist;
      expect(tile(r, '$e')!.querySelector('[data-note="truncated"]')).to.exist;
    } },
  { name: '1 MB formatted_body falls back to body', events: [msg('$e', { msgtype: 'm.text', body: 'plain', format: 'org.matrix.custom.html', formatted_body: '<b>x</b>'.repeat(150_000) })],
    check: (r) => expect(tile(r, '$e')!.querySelector('.body.plain')!.textContent).to.equal('plain') },
  { name: 'formatted_body not a string / other format', events: [
    msg('$e', { msgtype: 'm.text', body: 'b1', format: 'org.matrix.custom.html', formatted_body: ['<b>'] }),
    msg('$f', { msgtype: 'm.text', body: 'b2', format: 'text/html', formatted_body: '<script>window.__pwned=1</script>' })],
    check: (r) => expect(r.querySelectorAll('.body.plain').length).to.be.at.least(2) },
  { name: 'unknown event type', events: [{ ...base, event_id: '$e', type: 'com.evil.<script>', content: { body: 'x' } }],
    check: (r) => expect(tile(r, '$e')!.textContent).to.contain('com.evil.<script>') },
  { name: 'unknown msgtype shows body', events: [msg('$e', { msgtype: 'com.evil.type', body: 'shown anyway' })],
    check: (r) => expect(tile(r, '$e')!.textContent).to.contain('shown anyway') },
  { name: 'non-mxc image url', events: [msg('$e', { msgtype: 'm.image', body: 'i.png', url: 'https://evil.example/i.png' })],
    check: (r) => { expect(tile(r, '$e')!.textContent).to.contain('not available'); expect(resolvedMedia).to.deep.equal([]); } },
  { name: 'mxc traversal in file url', events: [msg('$e', { msgtype: 'm.file', body: 'f', url: 'mxc://evil.example/../../_matrix/client/v3/logout' })],
    check: () => expect(resolvedMedia).to.deep.equal([]) },
  { name: 'info is a string, size negative', events: [msg('$e', { msgtype: 'm.file', body: 'f.txt', url: 'mxc://ok.example/f', info: 'junk' }), msg('$f', { msgtype: 'm.file', body: 'g', url: 'mxc://ok.example/g', info: { size: -5, mimetype: 'text/html<script>' } })],
    check: (r, items) => { expect(tile(r, '$e')!.textContent).to.contain('f.txt'); expect(items[1].media!.size).to.equal(undefined); expect(items[1].media!.mimetype).to.equal(undefined); } },
  { name: '__proto__ keys do not pollute', events: [JSON.parse('{"event_id":"$e","type":"m.room.message","sender":"@a:ok.example","origin_server_ts":1,"__proto__":{"polluted":1},"content":{"__proto__":{"polluted":1},"msgtype":"m.text","body":"proto","m.relates_to":{"__proto__":{"rel_type":"m.replace"}}},"unsigned":{"__proto__":{"redacted_because":{}}}}')],
    check: (r) => {
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      expect(tile(r, '$e')!.textContent).to.contain('proto');
      expect(tile(r, '$e')!.getAttribute('data-kind')).to.equal('message');
    } },
  { name: 'negative, huge and non-number timestamps', events: [msg('$a', { msgtype: 'm.text', body: 'neg' }, { origin_server_ts: -5 }), msg('$b', { msgtype: 'm.text', body: 'future' }, { origin_server_ts: 9e15 }), msg('$c', { msgtype: 'm.text', body: 'str' }, { origin_server_ts: 'yesterday' })],
    check: (r, items) => {
      expect(items[0].ts).to.equal(0);
      expect(items[1].ts).to.be.at.most(Date.now() + 86_400_001);
      expect(items[2].ts).to.equal(0);
      expect(r.querySelectorAll('[data-event-id="$a"] time, [data-event-id="$c"] time').length).to.equal(0);
      expect(r.querySelector('[data-event-id="$b"] time')).to.exist;
    } },
  { name: 'duplicate event ids', events: [msg('$dup', { msgtype: 'm.text', body: 'first' }), msg('$dup', { msgtype: 'm.text', body: 'second' })],
    check: (r) => { expect(r.querySelectorAll('[data-event-id="$dup"]').length).to.equal(1); expect(tile(r, '$dup')!.textContent).to.contain('first'); } },
  { name: 'edit from another sender is ignored', events: [
    msg('$o', { msgtype: 'm.text', body: 'original' }),
    { ...base, sender: '@eve:evil.example', event_id: '$x', type: 'm.room.message', content: { msgtype: 'm.text', body: '* hacked', 'm.new_content': { msgtype: 'm.text', body: 'hacked' }, 'm.relates_to': { rel_type: 'm.replace', event_id: '$o' } } }],
    check: (r) => { expect(tile(r, '$o')!.textContent).to.contain('original').and.not.contain('hacked'); expect(tile(r, '$o')!.querySelector('.edited')).to.equal(null); } },
  { name: 'valid edit applies, latest wins, bad edit ignored', events: [
    msg('$o', { msgtype: 'm.text', body: 'original' }),
    msg('$e1', { msgtype: 'm.text', body: '* v1', 'm.new_content': { msgtype: 'm.text', body: 'v1' }, 'm.relates_to': { rel_type: 'm.replace', event_id: '$o' } }, { origin_server_ts: 1_700_000_000_100 }),
    msg('$e2', { msgtype: 'm.text', body: '* v2', 'm.new_content': { msgtype: 'm.text', body: 'v2' }, 'm.relates_to': { rel_type: 'm.replace', event_id: '$o' } }, { origin_server_ts: 1_700_000_000_200 }),
    msg('$e3', { msgtype: 'm.text', body: '* bad', 'm.new_content': { body: 7 }, 'm.relates_to': { rel_type: 'm.replace', event_id: '$o' } }, { origin_server_ts: 1_700_000_000_300 })],
    check: (r) => { expect(tile(r, '$o')!.querySelector('.body')!.textContent).to.equal('v2'); expect(tile(r, '$o')!.querySelector('.edited')).to.exist; expect(tile(r, '$e1')).to.equal(null); } },
  { name: 'relations to missing events', events: [
    msg('$edit', { msgtype: 'm.text', body: '* x', 'm.new_content': { msgtype: 'm.text', body: 'x' }, 'm.relates_to': { rel_type: 'm.replace', event_id: '$missing' } }),
    { ...base, event_id: '$re', type: 'm.reaction', content: { 'm.relates_to': { rel_type: 'm.annotation', event_id: '$missing', key: '👍' } } },
    msg('$reply', { msgtype: 'm.text', body: '> <@a:b> parent\n\nchild', 'm.relates_to': { 'm.in_reply_to': { event_id: '$missing' } } })],
    check: (r) => {
      expect(tile(r, '$edit')).to.equal(null);
      expect(tile(r, '$reply')!.querySelector('.reply-quote')!.textContent).to.contain('not loaded');
      expect(tile(r, '$reply')!.querySelector('.body')!.textContent).to.equal('child');
    } },
  { name: 'redaction by a stranger is ignored, by the sender applies', events: [
    msg('$a', { msgtype: 'm.text', body: 'keep me' }), msg('$b', { msgtype: 'm.text', body: 'delete me' }),
    { ...base, sender: '@eve:evil.example', event_id: '$r1', type: 'm.room.redaction', redacts: '$a', content: { redacts: '$a' } },
    { ...base, event_id: '$r2', type: 'm.room.redaction', content: { redacts: '$b' } }],
    check: (r) => { expect(tile(r, '$a')!.textContent).to.contain('keep me'); expect(tile(r, '$b')!.textContent).to.contain('Message deleted').and.not.contain('delete me'); } },
  { name: 'reactions aggregate per sender and key', events: [
    msg('$m', { msgtype: 'm.text', body: 'react to me' }),
    { ...base, event_id: '$r1', type: 'm.reaction', content: { 'm.relates_to': { rel_type: 'm.annotation', event_id: '$m', key: '👍' } } },
    { ...base, event_id: '$r2', type: 'm.reaction', content: { 'm.relates_to': { rel_type: 'm.annotation', event_id: '$m', key: '👍' } } },
    { ...base, sender: '@bob:ok.example', event_id: '$r3', type: 'm.reaction', content: { 'm.relates_to': { rel_type: 'm.annotation', event_id: '$m', key: '👍' } } },
    { ...base, event_id: '$r4', type: 'm.reaction', content: { 'm.relates_to': { rel_type: 'm.annotation', event_id: '$m', key: 'k'.repeat(10_000) } } }],
    check: (r, items) => { expect(items[0].reactions[0]).to.include({ key: '👍', count: 2 }); expect(items[0].reactions[1].key.length).to.be.at.most(64); expect(r.querySelectorAll('.reaction').length).to.equal(2); } },
  { name: 'missing or hostile sender, missing event_id', events: [
    { event_id: '$s', type: 'm.room.message', sender: 42, content: { msgtype: 'm.text', body: 'who' } },
    { type: 'm.room.message', sender: '@a:ok.example', content: { msgtype: 'm.text', body: 'no id' } }],
    check: (r) => { expect(tile(r, '$s')!.textContent).to.contain('unknown sender'); expect(r.textContent).not.to.contain('no id'); } },
  { name: 'bidi and control characters in names and bodies', events: [
    { ...base, event_id: '$m', type: 'm.room.member', state_key: '@mallory:evil.example', content: { membership: 'join', displayname: 'Admin\u202E\u0007 @admin:ok.example' } },
    msg('$b', { msgtype: 'm.text', body: 'file\u202Etxt.exe\u0000' })],
    check: (r) => expect(tile(r, '$m')!.textContent).to.contain('Admin @admin:ok.example') },
  { name: 'hostile state events', events: [
    { ...base, event_id: '$n', type: 'm.room.name', state_key: '', content: { name: '<img src=x onerror=window.__pwned=1>' } },
    { ...base, event_id: '$t', type: 'm.room.topic', state_key: '', content: { topic: { evil: true } } },
    { ...base, event_id: '$x', type: 'com.evil.state', state_key: '', content: {} }],
    check: (r) => { expect(tile(r, '$n')!.textContent).to.contain('<img src=x'); expect(tile(r, '$t')!.textContent).to.contain('removed the topic'); expect(tile(r, '$x')).to.equal(null); } },
  { name: 'membership with unknown value and huge reason', events: [
    { ...base, event_id: '$m', type: 'm.room.member', state_key: '@v:ok.example', content: { membership: '__proto__', reason: 'r'.repeat(100_000) } }],
    check: (r) => expect(tile(r, '$m')!.getAttribute('data-kind')).to.equal('membership') },
  { name: 'encrypted event', events: [{ ...base, event_id: '$e', type: 'm.room.encrypted', content: { algorithm: 'x', ciphertext: '<script>' } }],
    check: (r) => expect(tile(r, '$e')!.textContent).to.contain('Encrypted message') },
  { name: 'redacted event', events: [msg('$e', {}, { unsigned: { redacted_because: { type: 'm.room.redaction' } } })],
    check: (r) => expect(tile(r, '$e')!.textContent).to.contain('Message deleted') },
  { name: 'not an array / not objects', events: [null, 7, 'str', [], undefined, true],
    check: (_r, items) => expect(items).to.deep.equal([]) },
];

describe('hostile events corpus', () => {
  let host: HostileTestHost;
  before(async () => {
    host = await makeHost();
  });
  after(() => host.remove());

  for (const testCase of CASES) {
    it(testCase.name, async () => {
      window.__pwned = undefined;
      resolvedMedia.length = 0;
      const items = buildTimeline([...testCase.events, normal()], { ownUserId: '@mallory:evil.example' });
      await host.show(items);
      await settle();
      const root = host.shadowRoot!;
      assertSafeDom(root);
      expect(window.__pwned, 'script ran').to.equal(undefined);
      expect(foreignRequests(), 'requests to foreign hosts').to.deep.equal([]);
      expect(tile(root, '$normal')?.textContent, 'the next message still renders').to.contain('normal message after');
      testCase.check?.(root, items.filter((i) => i.eventId !== '$normal'));
    });
  }

  it('a tile whose renderer throws becomes a fallback and the rest still render (CVE-2024-51750)', async () => {
    const [good] = buildTimeline([normal()]);
    const bad = { ...good, eventId: '$bad' } as TimelineItem;
    Object.defineProperty(bad, 'body', { get() { throw new Error('boom'); } });
    Object.defineProperty(bad, 'sender', { get() { throw new Error('boom'); } });
    const warn = console.warn;
    console.warn = () => {};
    try {
      await host.show([bad, good]);
    } finally {
      console.warn = warn;
    }
    const root = host.shadowRoot!;
    expect(tile(root, '$bad')!.textContent).to.contain('could not be shown');
    expect(tile(root, '$normal')!.textContent).to.contain('normal message after');
  });

  it('the safety checks themselves catch forbidden output', () => {
    const probe = document.createElement('div');
    const root = probe.attachShadow({ mode: 'open' });
    const frame = document.createElement('iframe');
    root.append(frame);
    expect(() => assertSafeDom(root)).to.throw(/forbidden element <iframe>/);
    frame.remove();
    const a = document.createElement('a');
    a.href = 'https://ok.example/';
    a.setAttribute('onclick', 'x');
    root.append(a);
    expect(() => assertSafeDom(root)).to.throw(/forbidden attribute onclick/);
  });
});
