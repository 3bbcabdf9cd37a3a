/** `m.text`, `m.notice`, `m.emote`: formatted (sanitized) or linkified body, folded when long. */
import { msg } from '../../session/texts.ts';
import { html, nothing, type TemplateResult } from 'lit';
import type { TimelineItem } from '../../session/types.ts';
import { linkifyText } from '../linkify.ts';
import { renderFormattedBody } from '../sanitize.ts';
import type { TileContext } from './context.ts';

/** Bodies longer than this (characters) or with more lines fold behind "Show more". */
export const FOLD_CHARS = 1200;
export const FOLD_LINES = 15;

/** Whether an item's body is long enough to fold. */
export function shouldFold(item: TimelineItem): boolean {
  const text = item.body;
  if (text.length > FOLD_CHARS || (item.formattedBody?.length ?? 0) > FOLD_CHARS * 3) return true;
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1 && lines <= FOLD_LINES; i = text.indexOf('\n', i + 1)) lines++;
  return lines > FOLD_LINES;
}

function toggleFold(event: Event): void {
  const button = event.currentTarget as HTMLElement;
  const fold = button.closest('.fold');
  if (!fold) return;
  const expanded = !fold.hasAttribute('data-expanded');
  fold.toggleAttribute('data-expanded', expanded);
  button.setAttribute('aria-expanded', String(expanded));
}

/**
 * The message body: sanitized `formatted_body` when present and usable, else the linkified plain `body`.
 * Long bodies are wrapped in a fold with a "Show more" / "Show less" button.
 */
export function renderBody(item: TimelineItem, context: TileContext): TemplateResult {
  const formatted = item.formattedBody
    ? renderFormattedBody(item.formattedBody, { resolveMedia: context.resolveMedia })
    : null;
  const content = formatted
    ? html`<div class="body formatted" dir="auto">${formatted}</div>`
    : html`<div class="body plain" dir="auto">${linkifyText(item.body)}</div>`;
  const truncated = item.bodyTruncated
    ? html`<span class="render-note" data-note="truncated">${msg('(message too long: the rest is not shown)')}</span>`
    : nothing;
  if (!shouldFold(item)) return html`${content}${truncated}`;
  return html`<div class="fold">
    <div class="fold-content">${content}${truncated}</div>
    <button class="show-more" type="button" aria-expanded="false" @click=${toggleFold}>
      <span class="label-more">${msg('Show more')}</span><span class="label-less">${msg('Show less')}</span>
    </button>
  </div>`;
}

/** `m.text` */
export function renderText(item: TimelineItem, context: TileContext): TemplateResult {
  return html`<div class="message text">${renderBody(item, context)}</div>`;
}

/** `m.notice`: bot output, styled quieter. */
export function renderNotice(item: TimelineItem, context: TileContext): TemplateResult {
  return html`<div class="message notice">${renderBody(item, context)}</div>`;
}

/** `m.emote`: "* Ana waves". */
export function renderEmote(item: TimelineItem, context: TileContext): TemplateResult {
  return html`<div class="message emote">
    <span class="emote-prefix" aria-hidden="true">*</span> <bdi class="emote-sender">${item.sender.displayName}</bdi>
    ${renderBody(item, context)}
  </div>`;
}
