import { html, type LitElement, type ReactiveController, type TemplateResult } from 'lit';
import { cleanName } from '../../render/names.ts';

/** A burst ends after this long without another message; then one summary is announced. */
const QUIET_MS = 1000;
const EXCERPT_CHARS = 100;

/**
 * Announces new live messages from others to screen readers, politely and once per burst ("3 new messages from
 * Alice and Bob"), through a visually hidden live region of its own. The timeline itself is not a live region,
 * so loading history announces nothing.
 */
export class NewMessagesAnnouncer implements ReactiveController {
  private pending: Array<{ eventId: string; sender: string; body: string }> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private text = '';

  constructor(
    private readonly host: LitElement,
    /** The sender's display name as the timeline shows it, once the event is in the timeline. */
    private readonly senderName: (eventId: string) => string | undefined,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
    this.text = '';
  }

  /** A new message from someone else arrived live (`sender`: their user ID). */
  add(eventId: string, sender: string, body: string): void {
    this.pending.push({ eventId, sender, body: cleanName(body, EXCERPT_CHARS) });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), QUIET_MS);
  }

  private flush(): void {
    const burst = this.pending;
    this.pending = [];
    this.timer = undefined;
    if (burst.length === 0) return;
    this.text = summarizeBurst(burst.map((m) => ({ sender: cleanName(this.senderName(m.eventId) || m.sender), body: m.body })));
    this.host.requestUpdate();
  }

  render(): TemplateResult {
    return html`<div class="visually-hidden new-messages" role="status" aria-live="polite" aria-atomic="true">${this.text}</div>`;
  }
}

/** "New message from Alice: hello", "3 new messages from Alice and Bob", "5 new messages from Alice, Bob and 2 others". */
export function summarizeBurst(burst: Array<{ sender: string; body: string }>): string {
  if (burst.length === 1) return `New message from ${burst[0].sender}: ${burst[0].body}`;
  const senders = [...new Set(burst.map((m) => m.sender))];
  const who = senders.length === 1 ? senders[0]
    : senders.length === 2 ? `${senders[0]} and ${senders[1]}`
    : senders.length === 3 ? `${senders[0]}, ${senders[1]} and ${senders[2]}`
    : `${senders[0]}, ${senders[1]} and ${senders.length - 2} others`;
  return `${burst.length} new messages from ${who}`;
}
