/**
 * Event type / msgtype → renderer lookup table, and the tile wrapper the timeline renders for each item.
 * Unknown types fall back; a renderer that throws is replaced by a fallback tile so one bad event never stops
 * the rest of the timeline (Element CVE-2024-51750).
 */
import { formatNumber, msg, plural, str } from '../../session/texts.ts';
import { formatTimeOfDay } from '../dates-and-lists.ts';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { until } from 'lit/directives/until.js';
import type { TimelineItem, TimelineReaction } from '../../session/types.ts';
import { parseMxc } from '../media.ts';
import { initialOf } from '../names.ts';
import type { TileContext, TileOptions, TileRenderer } from './context.ts';
import { renderBroken, renderEncrypted, renderRedacted, renderUnknown } from './fallback.ts';
import { renderAudio, renderFile, renderImage, renderVideo } from './media-tiles.ts';
import { renderBody, renderEmote, renderNotice, renderText } from './message.ts';
import { renderMembership, renderStateChange } from './state.ts';

/**
 * Does the one-time work of the first tiles ahead of them: the time formatter (ICU data). `loadRenderer` calls it
 * once the renderer is in, while the room's first messages are on the network. (The linkifier warms itself when
 * the page is idle after the first tiles: most first screens need none of it, see `linkify.ts`.)
 */
export function warmUp(): void {
  formatTime(Date.now());
}

/**
 * The lookup table. Keys: `<event type>/<msgtype>` for messages, `<event type>` for others, and the pseudo
 * types `redacted`, `encrypted`, `unknown`. A Map, so hostile keys like `__proto__` find nothing.
 */
export const TILE_RENDERERS: ReadonlyMap<string, TileRenderer> = new Map<string, TileRenderer>([
  ['m.room.message/m.text', renderText],
  ['m.room.message/m.notice', renderNotice],
  ['m.room.message/m.emote', renderEmote],
  ['m.room.message/m.image', renderImage],
  ['m.room.message/m.file', renderFile],
  ['m.room.message/m.video', renderVideo],
  ['m.room.message/m.audio', renderAudio],
  ['m.sticker/m.image', renderImage],
  // A message with an msgtype we do not know: the spec says to show its `body`.
  ['m.room.message', (item, context) => html`<div class="message unknown-msgtype">${renderBody(item, context)}</div>`],
  ['m.room.member', (item) => renderMembership(item)],
  ['state', (item) => renderStateChange(item)],
  ['redacted', () => renderRedacted()],
  ['encrypted', () => renderEncrypted()],
  ['unknown', (item) => renderUnknown(item)],
]);

/** The table key for an item. */
export function rendererKey(item: TimelineItem): string {
  switch (item.kind) {
    case 'redacted':
    case 'encrypted':
    case 'unknown':
      return item.kind;
    case 'membership':
      return 'm.room.member';
    case 'state':
      return 'state';
    case 'message': {
      const key = `${item.type}/${item.msgtype}`;
      return TILE_RENDERERS.has(key) ? key : 'm.room.message';
    }
    default:
      return 'unknown';
  }
}

/**
 * Render the content of one item (no sender line), from the lookup table. Never throws: a failing renderer
 * yields the "could not be shown" fallback.
 */
export function renderEventBody(item: TimelineItem, context: TileContext = {}): TemplateResult {
  try {
    const renderer = TILE_RENDERERS.get(rendererKey(item)) ?? TILE_RENDERERS.get('unknown')!;
    return renderer(item, context);
  } catch (error) {
    console.warn('matrix-embed: an event could not be rendered', error instanceof Error ? error.message : '');
    return renderBroken();
  }
}

function formatTime(ts: number): { iso: string; text: string } {
  if (!ts) return { iso: '', text: '' };
  const date = new Date(ts);
  return { iso: date.toISOString(), text: formatTimeOfDay(date) };
}

function renderAvatar(item: TimelineItem, context: TileContext): TemplateResult {
  const initial = html`<span class="avatar" aria-hidden="true">${initialOf(item.sender.displayName)}</span>`;
  const mxc = parseMxc(item.sender.avatarUrl);
  if (!mxc || !context.resolveMedia) return initial;
  let loading: Promise<unknown>;
  try {
    loading = context.resolveMedia(mxc, { thumbnail: { width: 64, height: 64, method: 'crop' } }).then(
      (url) => (/^(?:blob:|https?:\/\/)/i.test(url)
        ? html`<img class="avatar" src=${url} alt="" aria-hidden="true" />`
        : initial),
      () => initial,
    );
  } catch {
    return initial;
  }
  return html`${until(loading, initial)}`;
}

function renderReplyQuote(item: TimelineItem, context: TileContext): TemplateResult | typeof nothing {
  const replyTo = item.replyTo;
  if (!replyTo) return nothing;
  const parent = context.getEvent?.(replyTo.eventId);
  const jump = context.onJumpTo;
  const label = parent
    ? msg(html`In reply to <bdi>${parent.sender.displayName}</bdi>`)
    : msg('In reply to a message that is not loaded');
  const preview = parent && !parent.redacted ? parent.body.slice(0, 200) : parent?.redacted ? msg('Message deleted') : '';
  return html`<blockquote class="reply-quote" data-reply-to=${replyTo.eventId}>
    ${jump ? html`<button type="button" class="reply-jump" @click=${() => jump(replyTo.eventId)}>${label}</button>` : label}
    ${preview ? html`<bdi class="reply-preview">${preview}</bdi>` : nothing}
  </blockquote>`;
}

function renderReactions(item: TimelineItem, context: TileContext): TemplateResult | typeof nothing {
  if (!item.reactions.length) return nothing;
  const react = context.onReact;
  const chip = (r: TimelineReaction) => {
    const count = formatNumber(r.count);
    const label = r.mine
      ? plural(r.count, msg(str`${r.key}: ${count} reaction, including yours`), msg(str`${r.key}: ${count} reactions, including yours`))
      : plural(r.count, msg(str`${r.key}: ${count} reaction`), msg(str`${r.key}: ${count} reactions`));
    return react
      ? html`<button type="button" class="reaction" aria-pressed=${r.mine ? 'true' : 'false'} aria-label=${label}
          @click=${() => react(item, r)}><bdi>${r.key}</bdi> <span class="count">${count}</span></button>`
      : html`<span class="reaction" aria-label=${label} data-mine=${ifDefined(r.mine ? '' : undefined)}><bdi>${r.key}</bdi> <span class="count">${count}</span></span>`;
  };
  return html`<div class="reactions">${item.reactions.map(chip)}</div>`;
}

function renderStatus(item: TimelineItem, context: TileContext): TemplateResult | typeof nothing {
  if (item.status === 'pending') return html`<span class="status pending">${msg('Sending…')}</span>`;
  if (item.status !== 'failed') return nothing;
  return html`<span class="status failed" role="alert">${msg('Not sent')}
    ${context.onRetry ? html`<button type="button" @click=${() => context.onRetry!(item)}>${msg('Retry')}</button>` : nothing}
    ${context.onDiscard ? html`<button type="button" @click=${() => context.onDiscard!(item)}>${msg('Delete')}</button>` : nothing}
  </span>`;
}

function renderTile(item: TimelineItem, context: TileContext, options: TileOptions): TemplateResult {
  const time = formatTime(item.ts);
  const isLine = item.kind === 'membership' || item.kind === 'state';
  const header = options.continuation || isLine
    ? nothing
    : html`<div class="header">${renderAvatar(item, context)}<bdi class="sender" title=${item.sender.userId}>${item.sender.displayName}</bdi>
        ${time.iso ? html`<time class="time" datetime=${time.iso}>${time.text}</time>` : nothing}</div>`;
  return html`<div class="event" part="event" data-event-id=${item.eventId} data-kind=${item.kind}
      data-status=${item.status} ?data-mine=${item.mine} ?data-continuation=${!!options.continuation}>
    ${header}
    <div class="content">
      ${item.redacted ? nothing : renderReplyQuote(item, context)}
      ${renderEventBody(item, context)}
      ${item.edited && !item.redacted ? html`<span class="edited">${msg('(edited)')}</span>` : nothing}
      ${renderStatus(item, context)}
    </div>
    ${item.redacted ? nothing : renderReactions(item, context)}
  </div>`;
}

/**
 * Render one timeline item as a tile: `part="event"` and `data-event-id`, sender line (unless a continuation),
 * reply quote, body from the lookup table, "(edited)", delivery status and reaction chips.
 * Never throws: if anything about the item breaks rendering, the tile shows a fallback line instead.
 */
export function renderTimelineItem(item: TimelineItem, context: TileContext = {}, options: TileOptions = {}): TemplateResult {
  try {
    return renderTile(item, context, options);
  } catch (error) {
    console.warn('matrix-embed: an event could not be rendered', error instanceof Error ? error.message : '');
    const id = typeof item?.eventId === 'string' ? item.eventId : '';
    return html`<div class="event" part="event" data-event-id=${id} data-kind="broken">${renderBroken()}</div>`;
  }
}
