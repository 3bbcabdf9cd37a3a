/**
 * User-level actions and reads over `<matrix-room>`'s shadow DOM, so tests read like what a person does:
 * `await room.send('hi')`, `room.timelineTexts()`. Every shadow-DOM query for the room lives here.
 */
import type { MatrixRoom } from '../../src/components/room/room.ts';

export type RoomState = 'loading' | 'preview' | 'card' | 'joined' | 'error';

/** Polls `check` every `interval` ms (25 by default) until it returns a truthy value or `timeout` ms pass. */
export async function waitUntil<T>(
  check: () => T | Promise<T>,
  message: string | (() => string),
  timeout = 10_000,
  interval = 25,
): Promise<NonNullable<T>> {
  const start = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() - start > timeout) {
      const what = typeof message === 'function' ? message() : message;
      throw new Error(`Timed out after ${timeout} ms waiting for: ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** The elements the room keeps in place while history loads (as room.ts's ANCHOR_SELECTOR). */
const ANCHORS = '.row[data-row-id], summary.membership-run[data-event-id]';

export class RoomHarness {
  constructor(readonly element: MatrixRoom) {}

  /** Creates `<matrix-room>` with attributes, attaches it to `parent` (default: body) and wraps it. */
  static create(attributes: Record<string, string>, parent: HTMLElement = document.body): RoomHarness {
    const el = document.createElement('matrix-room');
    for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
    parent.append(el);
    return new RoomHarness(el);
  }

  get root(): ShadowRoot {
    const root = this.element.shadowRoot;
    if (!root) throw new Error('matrix-room has no shadow root');
    return root;
  }

  /** The element's current custom state. */
  state(): RoomState | undefined {
    for (const s of ['loading', 'preview', 'card', 'joined', 'error'] as const) {
      if (this.element.matches(`:state(${s})`)) return s;
    }
    return undefined;
  }

  async waitForState(state: RoomState, timeout = 15_000): Promise<void> {
    // In preview/joined the timeline appears once the lazily loaded renderer has arrived (a skeleton until then).
    const shown = () => (state !== 'preview' && state !== 'joined') || !!this.timeline();
    await waitUntil(
      () => this.state() === state && shown(),
      () => `state ${state} (now ${this.state()}; ${this.root.textContent?.replace(/\s+/g, ' ').trim().slice(0, 300)})`,
      timeout,
    );
  }

  errorMessage(): string {
    return this.root.querySelector('[part="error"] .message')?.textContent?.trim() ?? '';
  }

  errorCode(): string | undefined {
    return this.root.querySelector<HTMLElement>('[part="error"]')?.dataset.errcode;
  }

  card(): HTMLElement | null {
    return this.root.querySelector('[part="card"]');
  }

  joinButton(): HTMLButtonElement | null {
    return this.root.querySelector('[part="join-button"]');
  }

  timeline(): HTMLElement | null {
    return this.root.querySelector('[part="timeline"]');
  }

  /** Every event element in the timeline (membership runs count once). */
  events(): HTMLElement[] {
    return Array.from(this.root.querySelectorAll<HTMLElement>('[part~="event"][data-event-id]')).filter(
      (e) => !e.closest('details:not([open])') || e.matches('summary'),
    );
  }

  /** The row of an event (tile plus its action toolbar). */
  row(eventId: string): HTMLElement | null {
    return this.root.querySelector(`[data-row-id="${CSS.escape(eventId)}"]`);
  }

  event(eventId: string): HTMLElement | null {
    return this.root.querySelector(`[part~="event"][data-event-id="${CSS.escape(eventId)}"]`);
  }

  /** The visible text of each message body, oldest first. */
  timelineTexts(): string[] {
    return Array.from(this.root.querySelectorAll<HTMLElement>('[part~="event"][data-kind="message"] .content .message'))
      .map((e) => e.textContent?.replace(/\s+/g, ' ').trim() ?? '');
  }

  /** Text of one event's whole tile. */
  eventText(eventId: string): string {
    return this.event(eventId)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  }

  lastEventText(): string {
    const all = this.root.querySelectorAll<HTMLElement>('[part~="event"][data-kind="message"]');
    return all[all.length - 1]?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  }

  composer(): HTMLTextAreaElement | null {
    return this.root.querySelector('[part="composer"] textarea');
  }

  button(name: string | RegExp, within: ParentNode = this.root): HTMLButtonElement | undefined {
    return Array.from(within.querySelectorAll<HTMLButtonElement>('button')).find((b) => {
      const label = (b.getAttribute('aria-label') ?? b.textContent ?? '').replace(/\s+/g, ' ').trim();
      return typeof name === 'string' ? label === name : name.test(label);
    });
  }

  /** Types `text` into the composer (as input events). */
  type(text: string): void {
    const ta = this.composer();
    if (!ta) throw new Error('no composer: is the room joined?');
    ta.focus();
    ta.value = text;
    ta.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: text }));
  }

  /** Presses a key in the composer. */
  press(key: string, opts: KeyboardEventInit = {}): KeyboardEvent {
    const ta = this.composer();
    if (!ta) throw new Error('no composer');
    const ev = new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true, ...opts });
    ta.dispatchEvent(ev);
    return ev;
  }

  /** Types a message and presses Enter, like a person. */
  async send(text: string): Promise<void> {
    this.type(text);
    this.press('Enter');
    await this.element.updateComplete;
  }

  /** Waits until a message with this exact body text is in the timeline; returns its event element. */
  async waitForMessage(text: string, timeout = 10_000): Promise<HTMLElement> {
    return waitUntil(
      () => Array.from(this.root.querySelectorAll<HTMLElement>('[part~="event"][data-kind="message"]')).find(
        (e) => e.querySelector('.content .message')?.textContent?.replace(/\s+/g, ' ').trim() === text,
      ),
      `message "${text}" in the timeline`,
      timeout,
    );
  }

  /** Hovers nothing: the action toolbar is in the DOM for every actionable row; clicks one of its buttons. */
  async action(eventId: string, name: string): Promise<void> {
    const row = this.row(eventId);
    if (!row) throw new Error(`no row for ${eventId}`);
    const b = this.button(name, row.querySelector('.actions') ?? row);
    if (!b) throw new Error(`no "${name}" action on ${eventId}`);
    b.click();
    await this.element.updateComplete;
  }

  /** The open "Delete this message?" dialog, if any. */
  deleteDialog(): HTMLDialogElement | null {
    return this.root.querySelector<HTMLDialogElement>('dialog.delete-confirm[open]');
  }

  /** Clicks a message's Delete action and confirms it in the dialog. */
  async deleteMessage(eventId: string): Promise<void> {
    await this.action(eventId, 'Delete');
    const dialog = await waitUntil(() => this.deleteDialog(), 'the delete confirmation');
    this.button('Delete message', dialog)?.click();
    await this.element.updateComplete;
  }

  /** Scrolls the timeline to the top (which loads older events). */
  scrollToTop(): void {
    const t = this.timeline();
    if (!t) throw new Error('no timeline');
    t.scrollTop = 0;
    t.dispatchEvent(new Event('scroll'));
  }

  /**
   * What the reader's eye is on: the first row (or summary line of a run of joins) that starts inside the view,
   * else the one cut off at the top — the element keeps that one in place when history arrives.
   */
  firstVisibleEvent(): { id: string; offset: number } | undefined {
    const t = this.timeline();
    if (!t) return undefined;
    const top = t.getBoundingClientRect().top;
    let partly: { id: string; offset: number } | undefined;
    for (const el of t.querySelectorAll<HTMLElement>(ANCHORS)) {
      const rect = el.getBoundingClientRect();
      if (rect.height === 0 || rect.bottom <= top) continue;
      const found = { id: el.dataset.rowId ?? el.dataset.eventId!, offset: this.rowOffset(el.dataset.rowId ?? el.dataset.eventId!)! };
      if (rect.top >= top) return found;
      partly ??= found;
    }
    return partly;
  }

  /**
   * Offset (px) of an event's content from the timeline's top edge, or undefined when it is not rendered. The
   * summary line of a run of joins carries the ID of its last event; like the element, the first match in the
   * document (the summary, before the rows inside it) is the one measured.
   */
  rowOffset(eventId: string): number | undefined {
    const t = this.timeline();
    if (!t) return undefined;
    const esc = CSS.escape(eventId);
    const el = t.querySelector<HTMLElement>(`.row[data-row-id="${esc}"], summary.membership-run[data-event-id="${esc}"]`);
    if (!el || el.getBoundingClientRect().height === 0) return undefined;
    const box = el.querySelector<HTMLElement>(':scope > [part~="event"] > .content') ?? el;
    return box.getBoundingClientRect().top - t.getBoundingClientRect().top;
  }

  /** The history edge shows a spinner: older events are loading. */
  isLoadingOlder(): boolean {
    return !!this.root.querySelector('.history-edge .spinner');
  }

  isAtBottom(): boolean {
    const t = this.timeline();
    return !!t && t.scrollHeight - t.scrollTop - t.clientHeight < 48;
  }

  /** What the polite "new messages" live region says now. */
  announcement(): string {
    return this.root.querySelector('.new-messages[aria-live="polite"]')?.textContent?.trim() ?? '';
  }

  typingText(): string {
    return this.root.querySelector('.typing')?.textContent?.trim() ?? '';
  }
}
