/** Tiles for events we do not (or cannot) show: deleted, encrypted, unknown, and the one a renderer error gets. */
import { msg } from '../../session/texts.ts';
import { html, type TemplateResult } from 'lit';
import type { TimelineItem } from '../../session/types.ts';

/** A redacted event: its content is gone. */
export function renderRedacted(): TemplateResult {
  return html`<div class="fallback redacted">${msg('Message deleted')}</div>`;
}

/** An `m.room.encrypted` event: this widget does not decrypt. */
export function renderEncrypted(): TemplateResult {
  return html`<div class="fallback encrypted">${msg('Encrypted message: open this room in a Matrix app to read it')}</div>`;
}

/** An event type or msgtype we do not render. Shows the type (cleaned) so the reader knows something is there. */
export function renderUnknown(item: TimelineItem): TemplateResult {
  const what = item.kind === 'message' || item.type === 'm.room.message' ? item.msgtype ?? 'message' : item.type;
  return html`<div class="fallback unknown">${msg(html`Unsupported event (<bdi>${what}</bdi>)`)}</div>`;
}

/** What a tile shows when its renderer failed: the rest of the timeline still renders. */
export function renderBroken(): TemplateResult {
  return html`<div class="fallback broken">${msg('This event could not be shown')}</div>`;
}
