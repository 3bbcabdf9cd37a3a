import { expect, fixture } from '@open-wc/testing';
import { html, render } from 'lit';
import type { Mxc } from '../media.ts';
import { buildTimeline, renderTimelineItem, rendererKey, type TileContext } from './index.ts';

const base = { sender: '@ana:ok.example', origin_server_ts: 1_700_000_000_000, room_id: '!r:ok.example' };
const asked: Mxc[] = [];
const context: TileContext = {
  resolveMedia: async (mxc) => {
    asked.push(mxc);
    return URL.createObjectURL(new Blob([new Uint8Array([0])], { type: 'image/png' }));
  },
};

async function renderEvents(events: unknown[], ctx: TileContext = context): Promise<HTMLElement> {
  const el = await fixture<HTMLElement>(html`<div></div>`);
  const items = buildTimeline(events, { ownUserId: '@ana:ok.example', displayNames: new Map([['@ana:ok.example', 'Ana']]) });
  render(html`${items.map((item) => renderTimelineItem(item, ctx))}`, el);
  await new Promise((resolve) => setTimeout(resolve, 20));
  return el;
}

describe('tiles', () => {
  it('renders text, notice and emote with sender, time and part/event id', async () => {
    const el = await renderEvents([
      { ...base, event_id: '$t', type: 'm.room.message', content: { msgtype: 'm.text', body: 'hi' } },
      { ...base, event_id: '$n', type: 'm.room.message', content: { msgtype: 'm.notice', body: 'bot' } },
      { ...base, event_id: '$e', type: 'm.room.message', content: { msgtype: 'm.emote', body: 'waves' } },
    ]);
    const t = el.querySelector('[data-event-id="$t"]')!;
    expect(t.getAttribute('part')).to.equal('event');
    expect(t.querySelector('.sender')!.textContent).to.equal('Ana');
    expect(t.querySelector('time')!.getAttribute('datetime')).to.equal(new Date(1_700_000_000_000).toISOString());
    expect(el.querySelector('[data-event-id="$n"] .notice')).to.exist;
    expect(el.querySelector('[data-event-id="$e"] .emote')!.textContent!.replace(/\s+/g, ' ')).to.contain('* Ana waves');
    expect(rendererKey(buildTimeline([{ ...base, event_id: '$x', type: 'm.room.message', content: { msgtype: 'm.text', body: '' } }])[0])).to.equal('m.room.message/m.text');
  });

  it('folds long bodies behind Show more', async () => {
    const el = await renderEvents([{ ...base, event_id: '$l', type: 'm.room.message', content: { msgtype: 'm.text', body: 'line\n'.repeat(40) } }]);
    const button = el.querySelector<HTMLButtonElement>('.show-more')!;
    expect(button.textContent).to.contain('Show more');
    button.click();
    expect(el.querySelector('.fold')!.hasAttribute('data-expanded')).to.equal(true);
    expect(button.getAttribute('aria-expanded')).to.equal('true');
  });

  it('m.image: thumbnail through the resolver, full size in a dialog on click', async () => {
    asked.length = 0;
    const el = await renderEvents([{ ...base, event_id: '$i', type: 'm.room.message', content: { msgtype: 'm.image', body: 'cat.png', url: 'mxc://ok.example/cat', info: { w: 640, h: 480 } } }]);
    const thumb = el.querySelector<HTMLImageElement>('img.thumbnail')!;
    expect(thumb.src).to.match(/^blob:/);
    expect(thumb.getAttribute('width')).to.equal('320');
    expect(thumb.alt).to.equal('cat.png');
    el.querySelector<HTMLButtonElement>('.image-open')!.click();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const dialog = el.querySelector('dialog')!;
    expect(dialog.open).to.equal(true);
    expect(dialog.querySelector('img')!.src).to.match(/^blob:/);
    expect(asked.length).to.equal(2);
    dialog.querySelector<HTMLButtonElement>('.image-close')!.click();
    expect(dialog.open).to.equal(false);
  });

  it('m.file / m.video / m.audio: download button with name and size', async () => {
    const el = await renderEvents([
      { ...base, event_id: '$f', type: 'm.room.message', content: { msgtype: 'm.file', body: 'report.pdf', url: 'mxc://ok.example/f', info: { size: 1_500_000 } } },
      { ...base, event_id: '$v', type: 'm.room.message', content: { msgtype: 'm.video', body: 'clip.mp4', url: 'mxc://ok.example/v', info: { size: 2000, duration: 65_000 } } },
      { ...base, event_id: '$a', type: 'm.room.message', content: { msgtype: 'm.audio', body: 'song.ogg', url: 'mxc://ok.example/a' } },
    ]);
    const file = el.querySelector('[data-event-id="$f"] .file-download')!;
    expect(file.textContent!.replace(/\s+/g, ' ')).to.contain('report.pdf').and.contain('1.5 MB').and.contain('Download');
    expect(el.querySelector('[data-event-id="$v"]')!.textContent).to.contain('1:05');
    expect(el.querySelector('[data-event-id="$a"] .file-name')!.textContent).to.equal('song.ogg');
  });

  it('membership and state lines, reactions and reply quote', async () => {
    const jumps: string[] = [];
    const el = await renderEvents([
      { ...base, event_id: '$j', type: 'm.room.member', state_key: '@bo:ok.example', sender: '@bo:ok.example', content: { membership: 'join', displayname: 'Bo' } },
      { ...base, event_id: '$k', type: 'm.room.member', state_key: '@cy:ok.example', content: { membership: 'ban', displayname: 'Cy', reason: 'spam' } },
      { ...base, event_id: '$nm', type: 'm.room.name', state_key: '', content: { name: 'Lobby' } },
      { ...base, event_id: '$p', type: 'm.room.message', content: { msgtype: 'm.text', body: 'parent' } },
      { ...base, event_id: '$c', type: 'm.room.message', content: { msgtype: 'm.text', body: '> parent\n\nchild', 'm.relates_to': { 'm.in_reply_to': { event_id: '$p' } } } },
      { ...base, event_id: '$r', type: 'm.reaction', content: { 'm.relates_to': { rel_type: 'm.annotation', event_id: '$p', key: '🎉' } } },
    ], { ...context, onJumpTo: (id) => jumps.push(id), getEvent: (id) => (id === '$p' ? buildTimeline([{ ...base, event_id: '$p', type: 'm.room.message', content: { msgtype: 'm.text', body: 'parent' } }])[0] : undefined) });
    expect(el.querySelector('[data-event-id="$j"]')!.textContent!.trim()).to.equal('Bo joined');
    expect(el.querySelector('[data-event-id="$k"]')!.textContent!.replace(/\s+/g, ' ')).to.contain('Cy was banned by Ana: spam');
    expect(el.querySelector('[data-event-id="$nm"]')!.textContent).to.contain('renamed the room to Lobby');
    const chip = el.querySelector('[data-event-id="$p"] .reaction')!;
    expect(chip.getAttribute('aria-label')).to.equal('🎉: 1 reaction, including yours');
    el.querySelector<HTMLButtonElement>('[data-event-id="$c"] .reply-jump')!.click();
    expect(jumps).to.deep.equal(['$p']);
    expect(el.querySelector('[data-event-id="$c"] .body')!.textContent).to.equal('child');
  });

  it('room settings read in words, never as the protocol value', async () => {
    const settings: Array<[string, Record<string, string>, string]> = [
      ['m.room.history_visibility', { history_visibility: 'world_readable' }, 'Ana made the history readable by anyone'],
      ['m.room.history_visibility', { history_visibility: 'shared' }, 'Ana made the history readable by all members, including messages from before they joined'],
      ['m.room.history_visibility', { history_visibility: 'invited' }, 'Ana made the history readable by members from the time they were invited'],
      ['m.room.history_visibility', { history_visibility: 'joined' }, 'Ana made the history readable by members from the time they joined'],
      ['m.room.history_visibility', { history_visibility: '__proto__' }, 'Ana changed who can read the history'],
      ['m.room.join_rules', { join_rule: 'public' }, 'Ana made the room open for anyone to join'],
      ['m.room.join_rules', { join_rule: 'invite' }, 'Ana made the room invite-only'],
      ['m.room.join_rules', { join_rule: 'knock' }, 'Ana made the room open to join requests'],
      ['m.room.join_rules', { join_rule: 'restricted' }, 'Ana limited joining to members of certain spaces'],
      ['m.room.join_rules', { join_rule: 'x.future' }, 'Ana changed who can join'],
    ];
    const el = await renderEvents(settings.map(([type, content], i) => ({ ...base, event_id: `$s${i}`, type, state_key: '', content })));
    settings.forEach(([, , sentence], i) => {
      expect(el.querySelector(`[data-event-id="$s${i}"]`)!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(sentence);
    });
  });
});
