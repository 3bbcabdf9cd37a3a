import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { LocalizedElement } from '../../internal/localized-element.ts';
import { attachIcon } from '../../internal/icons.ts';
import { MatrixAfterSendEvent } from '../../events/matrix-after-send.ts';
import { MatrixErrorEvent } from '../../events/matrix-error.ts';
import { MatrixSendEvent } from '../../events/matrix-send.ts';
import { loadedMarkdown, loadMarkdown, type MarkdownToContent } from '../../render/lazy.ts';
import { draftKey } from '../../session/outbox.ts';
import type { RoomModel } from '../../session/room-model.ts';
import type { MatrixSession } from '../../session/session.ts';
import { msg } from '../../session/texts.ts';
import type { TimelineItem } from '../../session/types.ts';
import { renderName } from '../../render/names.ts';
import { imageSize, isRoomActionError } from './timeline-parts.ts';

export interface ComposerOptions {
  model: () => RoomModel | undefined;
  session: () => MatrixSession;
  /** The visitor sent something: follow the newest messages. */
  followLatest: () => void;
}

/**
 * The composer of `<matrix-room>`: the message field with its draft (kept per user and room), Send (through the
 * model's outbox: the field is free at once and nothing typed is lost), replies, edits, uploads, and the notes
 * and errors above it. A controller of the element, rendering into its shadow root.
 */
export class RoomComposer implements ReactiveController {
  private replyToValue: TimelineItem | undefined;
  get replyTo(): TimelineItem | undefined {
    return this.replyToValue;
  }
  set replyTo(v: TimelineItem | undefined) {
    this.replyToValue = v;
    this.host.requestUpdate();
  }
  private editingValue: TimelineItem | undefined;
  get editing(): TimelineItem | undefined {
    return this.editingValue;
  }
  set editing(v: TimelineItem | undefined) {
    this.editingValue = v;
    this.host.requestUpdate();
  }
  private uploadProgressValue: number | undefined;
  get uploadProgress(): number | undefined {
    return this.uploadProgressValue;
  }
  set uploadProgress(v: number | undefined) {
    this.uploadProgressValue = v;
    this.host.requestUpdate();
  }
  private composerErrorValue: string | undefined;
  get composerError(): string | undefined {
    return this.composerErrorValue;
  }
  set composerError(v: string | undefined) {
    this.composerErrorValue = v;
    this.host.requestUpdate();
  }
  private composerNoteValue: string | undefined;
  get composerNote(): string | undefined {
    return this.composerNoteValue;
  }
  set composerNote(v: string | undefined) {
    this.composerNoteValue = v;
    this.host.requestUpdate();
  }
  private draftValue: string = '';
  get draft(): string {
    return this.draftValue;
  }
  set draft(v: string) {
    this.draftValue = v;
    this.host.requestUpdate();
  }

  constructor(
    private readonly host: LocalizedElement,
    private readonly opts: ComposerOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** A new room model: nothing of the last room's reply, edit or note carries over; its draft comes back. */
  reset(model: RoomModel | undefined): void {
    this.replyTo = undefined;
    this.editing = undefined;
    this.composerNote = undefined;
    if (model) this.draft = this.loadDraft();
  }

  private textarea(): HTMLTextAreaElement | null {
    return this.host.renderRoot.querySelector('textarea');
  }


  render(): TemplateResult {
    return html`<form part="composer" @submit=${this.onSubmit}>
      ${this.replyTo
        ? html`<div class="context"><span>${msg(html`Replying to ${renderName(this.replyTo.sender.displayName)}`)}</span>
            <button type="button" class="link-button" @click=${() => (this.replyTo = undefined)}>${msg('Cancel reply')}</button></div>`
        : nothing}
      ${this.editing
        ? html`<div class="context"><span>${msg('Editing your message')}</span>
            <button type="button" class="link-button" @click=${() => this.cancelEdit()}>${msg('Cancel edit')}</button></div>`
        : nothing}
      ${this.uploadProgress !== undefined
        ? html`<progress max="1" .value=${this.uploadProgress} aria-label=${msg('Upload progress')}></progress>`
        : nothing}
      ${this.composerError ? html`<div class="status failed" role="alert">${this.composerError}</div>` : nothing}
      ${this.composerNote ? html`<div class="status note" role="status">${this.composerNote}</div>` : nothing}
      <div class="composer-row">
        <label class="visually-hidden" for="composer-input">${msg('Message', { desc: 'Label of the field where a message is written' })}</label>
        <textarea id="composer-input" rows="1" placeholder=${msg('Write a message…')} .value=${this.draft}
          @input=${this.onInput} @focus=${() => void loadMarkdown().catch(() => undefined)} @keydown=${this.onComposerKey} @blur=${() => this.opts.model()?.setTyping(false)}></textarea>
        <input class="visually-hidden" type="file" tabindex="-1" aria-hidden="true" @change=${this.onFilePicked} />
        <button type="button" aria-label=${msg('Upload a file')} ?disabled=${this.uploadProgress !== undefined}
          @click=${() => this.host.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click()}>${attachIcon()}</button>
        <button type="submit" class="primary">${msg('Send')}</button>
      </div>
    </form>`;
  }

  /** Drafts are kept per user and room (and removed on sign-out: see `session/outbox.ts`). */
  private draftKey(): string | undefined {
    const userId = this.opts.session().userId;
    const roomId = this.opts.model()?.roomId;
    return userId && roomId ? draftKey(userId, roomId) : undefined;
  }

  loadDraft(): string {
    const key = this.draftKey();
    try {
      return (key && localStorage.getItem(key)) || '';
    } catch {
      return '';
    }
  }

  private saveDraft(text: string): void {
    const key = this.draftKey();
    if (!key || this.editing) return;
    try {
      if (text) localStorage.setItem(key, text);
      else localStorage.removeItem(key);
    } catch {
      // Storage full or blocked: the draft lives only in the field.
    }
  }

  private readonly onInput = (e: Event): void => {
    void loadMarkdown().catch(() => undefined); // warm the Markdown parser so sending is instant
    const text = (e.target as HTMLTextAreaElement).value;
    this.draft = text;
    this.saveDraft(text);
    this.opts.model()?.setTyping(text.length > 0);
  };

  private readonly onComposerKey = (e: KeyboardEvent): void => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void this.submit();
    } else if (e.key === 'Escape') {
      if (this.editing) this.cancelEdit();
      else if (this.replyTo) this.replyTo = undefined;
    } else if (e.key === 'ArrowUp' && !this.draft && !this.editing) {
      const mine = [...(this.opts.model()?.items ?? [])].reverse().find((i) => i.mine && i.kind === 'message' && i.status === 'sent' && !i.media);
      if (mine) {
        e.preventDefault();
        this.startEdit(mine);
      }
    }
  };

  private readonly onSubmit = (e: Event): void => {
    e.preventDefault();
    void this.submit();
  };

  /**
   * Sends what is in the composer. The message is in the outbox (persisted, exactly once) before the composer is
   * cleared, whatever the connection: offline, rate-limited or soft-logged-out, it waits there, visibly.
   */
  private async submit(): Promise<void> {
    const model = this.opts.model();
    const text = this.textarea()?.value ?? this.draft;
    if (!model || !text.trim()) return;
    this.composerError = undefined;
    this.composerNote = undefined;
    // The composer is free at once (the visitor may type the next message while the Markdown parser loads);
    // if the parser cannot load, the text goes back where it was.
    const editing = this.editing;
    const replyTo = this.replyTo?.eventId;
    if (editing) this.cancelEdit();
    else {
      if (!this.host.dispatchEvent(new MatrixSendEvent({ roomId: model.roomId, eventId: '', body: text }))) return;
      this.replyTo = undefined;
      this.setComposerText('');
    }
    let toContent: MarkdownToContent;
    try {
      toContent = loadedMarkdown() ?? (await loadMarkdown());
    } catch {
      const info = { operation: 'send', errcode: 'ME_UNREACHABLE', message: this.host.inLocale(() => msg('Could not load the message composer. Check your connection and try again.')) };
      this.setComposerText([text, this.textarea()?.value ?? this.draft].filter((t) => t.trim()).join('\n'));
      this.composerError = info.message;
      this.host.dispatchEvent(new MatrixErrorEvent(info));
      return;
    }
    if (editing) {
      await this.act('edit', () => model.edit(editing.eventId, toContent(text), text));
      return;
    }
    const sending = model.send(toContent(text), replyTo ? { replyTo, text } : { text });
    this.opts.followLatest();
    try {
      const { eventId } = await sending;
      this.host.dispatchEvent(new MatrixAfterSendEvent({ roomId: model.roomId, eventId }));
    } catch (e) {
      // The failed echo stays in the timeline with Retry/Delete; the text is not lost.
      this.reportActionError('send', e);
    }
  }

  /** Puts `text` in the field as if typed (kept as the draft), without sending. False when there is no field yet. */
  prefill(text: string): boolean {
    if (!this.textarea()) return false;
    this.setComposerText(text);
    return true;
  }

  /** Focuses the message field. False when there is no field yet. */
  focus(): boolean {
    const field = this.textarea();
    field?.focus();
    return !!field;
  }

  private setComposerText(text: string): void {
    this.draft = text;
    const field = this.textarea();
    if (field) field.value = text;
    this.saveDraft(text);
  }

  startReply(item: TimelineItem): void {
    this.editing = undefined;
    this.replyTo = item;
    this.textarea()?.focus();
  }

  startEdit(item: TimelineItem): void {
    this.replyTo = undefined;
    this.editing = item;
    this.draft = item.body;
    const field = this.textarea();
    if (field) {
      field.value = item.body;
      field.focus();
    }
  }

  private cancelEdit(): void {
    this.editing = undefined;
    this.setComposerText(this.loadDraft());
  }

  private readonly onFilePicked = async (e: Event): Promise<void> => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    const model = this.opts.model();
    if (!file || !model) return;
    this.uploadProgress = 0;
    this.composerError = undefined;
    try {
      const size = file.type.startsWith('image/') ? await imageSize(file) : undefined;
      const { eventId } = await model.upload(file, { ...size, onProgress: (f) => (this.uploadProgress = f) });
      this.host.dispatchEvent(new MatrixAfterSendEvent({ roomId: model.roomId, eventId }));
    } catch (err) {
      this.reportActionError('upload', err);
    } finally {
      this.uploadProgress = undefined;
    }
  };

  async act(operation: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      this.reportActionError(operation, e);
    }
  }

  reportActionError(operation: string, e: unknown): void {
    // A room action's message is written as it is read: in this element's language.
    const info = this.host.inLocale(() => isRoomActionError(e)
      ? { operation: e.operation, errcode: e.errcode, message: e.message }
      : { operation, errcode: 'M_UNKNOWN', message: msg('That did not work. Try again.') });
    this.composerError = info.message;
    this.host.dispatchEvent(new MatrixErrorEvent(info));
  }
}
