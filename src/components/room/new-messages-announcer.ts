import { html, type LitElement, type ReactiveController, type TemplateResult } from 'lit';
import { formatList } from '../../render/dates-and-lists.ts';
import { formatNumber, msg, plural, str } from '../../session/texts.ts';
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
  /** The last burst, as it is announced: the words are made in render, in the element's language. */
  private burst: Array<{ sender: string; body: string }> = [];

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
    this.burst = [];
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
    this.burst = burst.map((m) => ({ sender: cleanName(this.senderName(m.eventId) || m.sender), body: m.body }));
    this.host.requestUpdate();
  }

  render(): TemplateResult {
    return html`<div class="visually-hidden new-messages" role="status" aria-live="polite" aria-atomic="true">${this.burst.length ? summarizeBurst(this.burst) : ''}</div>`;
  }
}

/** "New message from Alice: hello", "3 new messages from Alice and Bob", "5 new messages from Alice, Bob and 2 others". */
export function summarizeBurst(burst: Array<{ sender: string; body: string }>): string {
  const [{ sender, body }] = burst;
  if (burst.length === 1) return msg(str`New message from ${sender}: ${body}`);
  const senders = [...new Set(burst.map((m) => m.sender))];
  const [a, b] = senders;
  const more = senders.length - 2;
  const others = formatNumber(more);
  const who = senders.length <= 3
    ? formatList(senders)
    : plural(more, msg(str`${a}, ${b} and ${others} other`), msg(str`${a}, ${b} and ${others} others`));
  const count = formatNumber(burst.length);
  return msg(str`${count} new messages from ${who}`);
}
