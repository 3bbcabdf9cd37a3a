/**
 * `m.image` (thumbnail; full size on click), `m.file`, `m.video`, `m.audio` (download with name and size).
 * Media loads only through the host's resolver (authenticated media → `blob:` URL); a file downloads only when
 * the user asks, so a timeline of large videos does not fetch them all.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { until } from 'lit/directives/until.js';
import type { TimelineItem, TimelineMedia } from '../../session/types.ts';
import { parseMxc, type MediaResolver } from '../media.ts';
import type { TileContext } from './context.ts';
import { formatNumber, msg, str } from '../../session/texts.ts';

/** Human file size: `512 B`, `1.5 KB`, `12 MB` (1000-based, as users' file managers mostly show), `1,5 Ko` in French. */
export function formatFileSize(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '';
  const units = [
    msg('B', { desc: 'File size unit: bytes' }),
    msg('KB', { desc: 'File size unit: kilobytes' }),
    msg('MB', { desc: 'File size unit: megabytes' }),
    msg('GB', { desc: 'File size unit: gigabytes' }),
    msg('TB', { desc: 'File size unit: terabytes' }),
  ];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit > 0 && value < 10 ? 1 : 0;
  const shown = formatNumber(digits ? value : Math.round(value), { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${shown} ${units[unit]}`;
}

type MediaKind = 'file' | 'video' | 'audio' | 'image';

function kindLabel(kind: MediaKind): string {
  switch (kind) {
    case 'file': return msg('File');
    case 'video': return msg('Video');
    case 'audio': return msg('Audio');
    case 'image': return msg('Image');
  }
}

/** Thumbnails fit in this box (CSS pixels). */
const THUMB_WIDTH = 320;
const THUMB_HEIGHT = 240;

/** Display size that keeps the aspect ratio inside the thumbnail box, so the layout does not jump on load. */
function thumbSize(media: TimelineMedia): { width: number; height: number } {
  const w = media.width ?? THUMB_WIDTH;
  const h = media.height ?? THUMB_HEIGHT;
  const scale = Math.min(1, THUMB_WIDTH / w, THUMB_HEIGHT / h);
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

function isLoadable(url: unknown): url is string {
  return typeof url === 'string' && /^(?:blob:|https?:\/\/)/i.test(url);
}

/** "12 MB", "audio/ogg · 3:05", ...: the secondary line of a file tile. */
function describe(media: TimelineMedia): string {
  const parts: string[] = [];
  const size = formatFileSize(media.size);
  if (size) parts.push(size);
  if (media.durationMs !== undefined) {
    const total = Math.round(media.durationMs / 1000);
    parts.push(`${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`);
  }
  return parts.join(' · ');
}

function unavailable(kind: MediaKind, media: TimelineMedia | undefined): TemplateResult {
  const name = html`<bdi>${media?.filename ?? ''}</bdi>`;
  const line = kind === 'file' ? msg(html`File ${name} is not available`)
    : kind === 'video' ? msg(html`Video ${name} is not available`)
    : kind === 'audio' ? msg(html`Audio ${name} is not available`)
    : msg(html`Image ${name} is not available`);
  return html`<div class="media-unavailable">${line}</div>`;
}

/** Resolve and trigger a download of `mxc` under `filename` (user-initiated: a click). */
async function download(event: Event, resolve: MediaResolver, mxc: string, filename: string): Promise<void> {
  const button = event.currentTarget as HTMLButtonElement;
  const parsed = parseMxc(mxc);
  if (!parsed) return;
  button.setAttribute('aria-busy', 'true');
  button.removeAttribute('data-error');
  try {
    const url = await resolve(parsed);
    if (!isLoadable(url)) throw new Error('unloadable media URL');
    // A detached anchor with `download` saves the blob under the file's name; it is never put in the page.
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = filename;
    anchor.rel = 'noopener noreferrer';
    anchor.click();
  } catch {
    button.setAttribute('data-error', '');
  } finally {
    button.removeAttribute('aria-busy');
  }
}

/** `m.file`, `m.video`, `m.audio`: a download button with the name and human size. */
function renderFileLike(kind: 'file' | 'video' | 'audio', item: TimelineItem, context: TileContext): TemplateResult {
  const media = item.media;
  const resolve = context.resolveMedia;
  if (!media?.mxc || !resolve) return unavailable(kind, media);
  const mxc = media.mxc;
  const details = describe(media);
  return html`<div class="file" data-msgtype=${ifDefined(item.msgtype)}>
    <button class="file-download" type="button"
      @click=${(event: Event) => download(event, resolve, mxc, media.filename)}>
      <span class="file-kind">${kindLabel(kind)}</span>
      <bdi class="file-name">${media.filename}</bdi>
      ${details ? html`<span class="file-size">(${details})</span>` : nothing}
      <span class="file-action">${msg('Download')}</span>
    </button>
    <span class="file-error" role="status">${msg('Download failed')}</span>
  </div>`;
}

/** `m.file` */
export function renderFile(item: TimelineItem, context: TileContext): TemplateResult {
  return renderFileLike('file', item, context);
}
/** `m.video` */
export function renderVideo(item: TimelineItem, context: TileContext): TemplateResult {
  return renderFileLike('video', item, context);
}
/** `m.audio` */
export function renderAudio(item: TimelineItem, context: TileContext): TemplateResult {
  return renderFileLike('audio', item, context);
}

async function openFullSize(event: Event, resolve: MediaResolver, mxc: string): Promise<void> {
  const button = event.currentTarget as HTMLElement;
  const dialog = button.parentElement?.querySelector('dialog');
  const full = dialog?.querySelector('img');
  const parsed = parseMxc(mxc);
  if (!dialog || !full || !parsed) return;
  button.setAttribute('aria-busy', 'true');
  try {
    const url = await resolve(parsed);
    if (!isLoadable(url)) return;
    full.src = url;
    dialog.showModal();
  } catch {
    button.setAttribute('data-error', '');
  } finally {
    button.removeAttribute('aria-busy');
  }
}

function closeDialog(event: Event): void {
  (event.currentTarget as HTMLElement).closest('dialog')?.close();
}

/** `m.image` (and stickers): a thumbnail button that opens the full-size image in a modal dialog. */
export function renderImage(item: TimelineItem, context: TileContext): TemplateResult {
  const media = item.media;
  const resolve = context.resolveMedia;
  const mxc = media?.mxc;
  const parsed = parseMxc(mxc);
  if (!media || !mxc || !parsed || !resolve) return unavailable('image', media);
  const { width, height } = thumbSize(media);
  const alt = media.filename;
  const placeholder = html`<span class="image-loading" aria-hidden="true"></span>`;
  let thumbnail: Promise<unknown>;
  try {
    thumbnail = resolve(parsed, { thumbnail: { width: width * 2, height: height * 2, method: 'scale' } }).then(
      (url) => (isLoadable(url) ? html`<img class="thumbnail" src=${url} alt=${alt} width=${width} height=${height} />` : html`<span class="image-failed">${alt}</span>`),
      () => html`<span class="image-failed">${alt}</span>`,
    );
  } catch {
    thumbnail = Promise.resolve(html`<span class="image-failed">${alt}</span>`);
  }
  return html`<div class="image">
    <button class="image-open" type="button" aria-label=${msg(str`Show full size: ${alt}`)}
      @click=${(event: Event) => openFullSize(event, resolve, mxc)}>${until(thumbnail, placeholder)}</button>
    <dialog class="image-dialog" aria-label=${alt}>
      <img class="full-size" alt=${alt} />
      <button class="image-close" type="button" @click=${closeDialog}>${msg('Close')}</button>
    </dialog>
  </div>`;
}
