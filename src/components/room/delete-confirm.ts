import { msg } from '../../session/texts.ts';
import { html, nothing, type LitElement, type TemplateResult } from 'lit';
import { cleanName } from '../../render/names.ts';
import type { TimelineItem } from '../../session/types.ts';

/** How much of the message the dialog quotes. */
const EXCERPT_CHARS = 80;

/**
 * The "Delete this message?" question asked before a message is redacted: a native modal `<dialog>` naming the
 * message (sender and a short excerpt), with Cancel focused first; Escape cancels; focus goes back to where it
 * was (the message's Delete button or the message) when the dialog closes, whatever the answer.
 */
export class DeleteConfirm {
  private asking: { item: TimelineItem; returnTo: HTMLElement | null; confirm: () => void } | undefined;

  constructor(private readonly host: LitElement) {}

  /** Opens the dialog for `item`; `confirm` runs only if the visitor chooses Delete. */
  ask(item: TimelineItem, confirm: () => void): void {
    const active = this.host.shadowRoot?.activeElement;
    this.asking = { item, returnTo: active instanceof HTMLElement ? active : null, confirm };
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => {
      const dialog = this.dialog();
      if (dialog && !dialog.open) dialog.showModal();
      dialog?.querySelector<HTMLButtonElement>('button.cancel')?.focus();
    });
  }

  private dialog(): HTMLDialogElement | null {
    return this.host.renderRoot.querySelector<HTMLDialogElement>('dialog.delete-confirm');
  }

  private close(confirmed: boolean): void {
    const asking = this.asking;
    // Deleted, the message loses its Delete button: focus goes back to the message itself.
    if (confirmed && asking) asking.returnTo = asking.returnTo?.closest<HTMLElement>('[data-row-id]') ?? asking.returnTo;
    this.dialog()?.close();
    this.onClosed();
    if (confirmed) asking?.confirm();
  }

  /** After any close (buttons or Escape): the dialog goes, focus returns to what opened it. */
  private readonly onClosed = (): void => {
    const asking = this.asking;
    if (!asking) return;
    this.asking = undefined;
    this.host.requestUpdate();
    const row = asking.returnTo?.closest<HTMLElement>('[data-row-id]');
    const target = asking.returnTo?.isConnected ? asking.returnTo : row;
    target?.focus();
  };

  render(): TemplateResult | typeof nothing {
    if (!this.asking) return nothing;
    const { item } = this.asking;
    const sender = cleanName(item.sender.displayName || item.sender.userId);
    const text = cleanName(item.body, EXCERPT_CHARS + 1);
    const excerpt = text.length > EXCERPT_CHARS ? `${cleanName(text, EXCERPT_CHARS)}…` : text;
    return html`<dialog class="delete-confirm" aria-labelledby="delete-confirm-title" aria-describedby="delete-confirm-message"
      @close=${this.onClosed}>
      <h2 id="delete-confirm-title" class="dialog-title">${msg('Delete this message?')}</h2>
      <p id="delete-confirm-message">${msg(html`<bdi>${sender}</bdi>: “<bdi>${excerpt}</bdi>”. Everyone in the room will see “Message deleted” instead. This cannot be undone.`)}</p>
      <div class="dialog-actions">
        <button type="button" class="cancel" @click=${() => this.close(false)}>${msg('Cancel')}</button>
        <button type="button" class="danger" @click=${() => this.close(true)}>${msg('Delete message')}</button>
      </div>
    </dialog>`;
  }
}
