import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { TimelineRenderer } from '../../render/lazy.ts';
import type { MediaResolver } from '../../render/media.ts';
import type { TileContext } from '../../render/tiles/context.ts';
import type { RoomModel } from '../../session/room-model.ts';
import type { LocalizedElement } from '../../internal/localized-element.ts';
import { formatNumber, msg, str } from '../../session/texts.ts';
import type { TimelineItem } from '../../session/types.ts';
import { DeleteConfirm } from './delete-confirm.ts';
import { NewMessagesAnnouncer } from './new-messages-announcer.ts';
import type { RoomComposer } from './room-composer.ts';
import {
  anchorElement, dayKey, firstVisibleEvent, formatDay, isRoomActionError, rowKey, summarizeMemberships, typingText,
} from './timeline-parts.ts';
import { TimelineKeys } from './timeline-keys.ts';

/** Consecutive messages of one sender closer than this are grouped under one header. */
const GROUP_MS = 5 * 60_000;
/** Distance from the edge (px) that counts as "at the top/bottom". */
const EDGE_PX = 48;
const QUICK_REACTIONS = ['👍', '❤️', '😄', '🎉', '😮', '😢'];

export interface TimelineOptions {
  model: () => RoomModel | undefined;
  /** Joined: the visitor may act on messages. */
  live: () => boolean;
  renderer: () => TimelineRenderer | undefined;
  media: () => MediaResolver | undefined;
  composer: RoomComposer;
}

/**
 * The timeline of `<matrix-room>`: keyed rows with day separators and runs of joins, the message actions, the
 * history edge, "Jump to latest (n new)"; the reader's place kept while history loads; read receipts only for
 * what the visitor can see. A controller of the element, rendering into its shadow root.
 */
export class RoomTimeline implements ReactiveController {
  private reactingToValue: string | undefined;
  private followingValue = true;
  private historyErrorValue: string | undefined;
  /**
   * Scroll anchor kept across a back-pagination so the view does not jump: the first event on screen and its
   * offset from the top of the timeline (the window may also drop its newest events, so the scroll height
   * alone cannot say where the reader was), with the height as a fallback.
   */
  private scrollAnchor: { id?: string; offset?: number; height: number; top: number } | undefined;
  /** The timeline is on screen (in the viewport, rendered, not inside something hidden), per IntersectionObserver. */
  private timelineOnScreen = false;
  private visibilityObserver: IntersectionObserver | undefined;
  private observedTimeline: Element | null = null;
  private readonly onDocumentVisibility = () => this.onVisible();
  private readonly deleteConfirm: DeleteConfirm;
  /** The timeline's one tab stop and its arrow-key navigation between messages. */
  private readonly keys: TimelineKeys;
  /** Announces new live messages (the timeline is not a live region: history must stay silent). */
  readonly announcer: NewMessagesAnnouncer;

  constructor(
    private readonly host: LocalizedElement,
    private readonly opts: TimelineOptions,
  ) {
    host.addController(this);
    this.deleteConfirm = new DeleteConfirm(host);
    this.keys = new TimelineKeys({
      timeline: () => this.timelineEl(),
      following: () => this.following,
      loadOlder: () => this.loadOlder(),
      jumpToLatest: () => this.jumpToLatest(),
      updated: () => this.host.updateComplete,
    });
    this.announcer = new NewMessagesAnnouncer(host, (id) => opts.model()?.find(id)?.sender.displayName);
  }

  private get reactingTo(): string | undefined {
    return this.reactingToValue;
  }
  private set reactingTo(v: string | undefined) {
    this.reactingToValue = v;
    this.host.requestUpdate();
  }
  /** The reader is at the newest messages (and the view follows them). */
  get following(): boolean {
    return this.followingValue;
  }
  private set following(v: boolean) {
    this.followingValue = v;
    this.host.requestUpdate();
  }
  private get historyError(): string | undefined {
    return this.historyErrorValue;
  }
  private set historyError(v: string | undefined) {
    this.historyErrorValue = v;
    this.host.requestUpdate();
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onDocumentVisibility);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onDocumentVisibility);
    this.visibilityObserver?.disconnect();
    this.visibilityObserver = undefined;
    this.observedTimeline = null;
    this.timelineOnScreen = false;
  }

  private timelineEl(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>('[part="timeline"]');
  }


  private tileContext(): TileContext {
    const model = this.opts.model();
    const live = this.opts.live();
    return {
      resolveMedia: this.opts.media(),
      getEvent: (id) => model?.find(id),
      onJumpTo: (id) => void this.jumpTo(id),
      onReact: live ? (item, r) => void this.opts.composer.act('react', () => model!.toggleReaction(item.eventId, r.key)) : undefined,
      onRetry: live ? (item) => void this.opts.composer.act('send', () => model!.retry(item.txnId ?? item.eventId)) : undefined,
      onDiscard: live ? (item) => model?.discard(item.txnId ?? item.eventId) : undefined,
    };
  }

  render(): TemplateResult {
    const model = this.opts.model();
    const items = model?.items ?? [];
    const ctx = this.tileContext();
    // Keyed rows (rendered with `repeat`): a page of history prepended above, or the window trimmed, moves the
    // existing rows instead of re-rendering every position with another event.
    const rows: Array<{ key: string; template: TemplateResult }> = [];
    const keys = new Set<string>();
    const push = (base: string, template: TemplateResult) => {
      let key = base;
      for (let n = 1; keys.has(key); n++) key = `${base}#${n}`; // duplicate IDs in hostile events stay distinct
      keys.add(key);
      rows.push({ key, template });
    };
    let prev: TimelineItem | undefined;
    let run: TimelineItem[] = [];
    const flushRun = () => {
      if (run.length === 0) return;
      if (run.length < 3) {
        for (const item of run) push(rowKey(item), this.renderRow(item, ctx, false));
      } else {
        push(`m:${run[0].eventId}`, this.renderMembershipRun(run, ctx));
      }
      run = [];
    };
    for (const item of items) {
      const day = dayKey(item.ts);
      if (!prev || dayKey(prev.ts) !== day) {
        flushRun();
        if (item.ts) push(`d:${day}`, html`<div class="date-separator" role="separator"><time datetime=${new Date(item.ts).toISOString().slice(0, 10)}>${formatDay(item.ts)}</time></div>`);
      }
      if (item.kind === 'membership') {
        run.push(item);
      } else {
        flushRun();
        const continuation = !!prev && prev.kind === 'message' && item.kind === 'message' && prev.sender.userId === item.sender.userId &&
          dayKey(prev.ts) === day && item.ts - prev.ts < GROUP_MS && !item.replyTo;
        push(rowKey(item), this.renderRow(item, ctx, continuation));
      }
      prev = item;
    }
    flushRun();
    const unseen = model?.unseenCount ?? 0;
    // After a gappy sync the count is a lower bound: "12+ new" rather than a figure the jump would contradict.
    const unseenCount = `${formatNumber(unseen)}${model?.unseenMore ? '+' : ''}`;
    const jumpLabel = unseen ? msg(str`Jump to latest (${unseenCount} new)`) : msg('Jump to latest');
    return html`<div class="timeline-wrap">
      <div part="timeline" role="region" aria-label=${msg('Messages')}
        @scroll=${this.onScroll} @keydown=${this.keys.onKeyDown} @focusin=${this.keys.onFocusIn} @focusout=${this.keys.onFocusOut}>
        <div class="history-edge">
          ${model?.paginating
            ? html`<div class="spinner" role="progressbar" aria-label=${msg('Loading older messages')}></div>`
            : model?.reachedStart
              ? html`<span>${msg('This is the start of the room.')}</span>`
              : this.historyError
                ? html`<span role="alert">${this.historyError} <button type="button" @click=${() => void this.loadOlder()}>${msg('Try again')}</button></span>`
                : html`<button type="button" class="link-button" @click=${() => void this.loadOlder()}>${msg('Load older messages')}</button>`}
        </div>
        ${repeat(rows, (r) => r.key, (r) => r.template)}
        ${model?.reachedStart && !items.some((i) => i.kind !== 'membership' && i.kind !== 'state')
          ? html`<div class="empty"><slot name="empty">${msg('No messages yet.')}</slot></div>`
          : nothing}
      </div>
      ${!this.following || (model && !model.atLiveEnd)
        ? html`<button type="button" class="jump" @click=${() => void this.jumpToLatest()}>${jumpLabel}</button>`
        : nothing}
    </div>
    <div class="typing" aria-live="polite">${typingText(model?.typing ?? [])}</div>
    ${this.announcer.render()} ${this.deleteConfirm.render()}`;
  }

  private renderMembershipRun(run: TimelineItem[], ctx: TileContext): TemplateResult {
    return html`<details class="membership-run-wrap">
      <summary part="event" class="membership-run" tabindex="-1" data-event-id=${run[run.length - 1].eventId}>${summarizeMemberships(run)}</summary>
      ${run.map((item) => this.renderRow(item, ctx, false))}
    </details>`;
  }

  /**
   * The tile of one item, reused while nothing it shows changed: the model keeps an unchanged item's object
   * across rebuilds, so a page of history or a new message does not sanitize and rebuild every tile again.
   */
  private renderTile(item: TimelineItem, ctx: TileContext, continuation: boolean): TemplateResult | undefined {
    const renderer = this.opts.renderer();
    if (!renderer) return undefined;
    const live = this.opts.live();
    const parent = item.replyTo ? ctx.getEvent?.(item.replyTo.eventId) : undefined;
    const hit = this.tileCache.get(item);
    if (hit && hit.renderer === renderer && hit.continuation === continuation && hit.live === live && hit.parent === parent &&
      hit.media === ctx.resolveMedia && hit.model === this.opts.model()) {
      return hit.template;
    }
    const template = renderer.renderTimelineItem(item, ctx, { continuation });
    this.tileCache.set(item, { renderer, continuation, live, parent, media: ctx.resolveMedia, model: this.opts.model(), template });
    return template;
  }

  private tileCache = new WeakMap<TimelineItem, {
    renderer: TimelineRenderer;
    continuation: boolean;
    live: boolean;
    parent: TimelineItem | undefined;
    media: TileContext['resolveMedia'];
    model: RoomModel | undefined;
    template: TemplateResult;
  }>();

  private renderRow(item: TimelineItem, ctx: TileContext, continuation: boolean): TemplateResult {
    const live = this.opts.live();
    const canAct = live && item.kind === 'message' && item.status === 'sent' && item.eventId.startsWith('$');
    return html`<div class="row ${continuation ? 'continuation' : 'first'} ${item.status}" data-row-id=${item.eventId}
      role="article" tabindex="-1">
      ${this.renderTile(item, ctx, continuation)}
      ${canAct
        ? html`<div class="actions" role="group" aria-label=${msg('Message actions')}>
            <button type="button" @click=${() => this.opts.composer.startReply(item)}>${msg('Reply')}</button>
            <button type="button" class="react" aria-expanded=${this.reactingTo === item.eventId ? 'true' : 'false'}
              @click=${() => void this.togglePicker(item.eventId)}>${msg('React', { desc: 'Button: add an emoji reaction to a message' })}</button>
            ${item.mine && !item.media ? html`<button type="button" @click=${() => this.opts.composer.startEdit(item)}>${msg('Edit')}</button>` : nothing}
            ${item.mine ? html`<button type="button" @click=${() => this.deleteConfirm.ask(item, () => void this.opts.composer.act('delete', () => this.opts.model()!.redact(item.eventId)))}>${msg('Delete')}</button>` : nothing}
          </div>`
        : nothing}
      ${this.reactingTo === item.eventId
        ? html`<div class="reaction-picker" role="group" aria-label=${msg('Pick a reaction')}
            @keydown=${(e: KeyboardEvent) => { if (e.key === 'Escape') { e.preventDefault(); void this.togglePicker(item.eventId); } }}>
            ${QUICK_REACTIONS.map((key) => html`<button type="button" aria-label=${msg(str`React with ${key}`)}
              @click=${() => { void this.togglePicker(item.eventId); void this.opts.composer.act('react', () => this.opts.model()!.toggleReaction(item.eventId, key)); }}>${key}</button>`)}
          </div>`
        : nothing}
    </div>`;
  }


  /**
   * Opens the reaction picker of a message with focus on its first reaction, or closes it with focus back on
   * the message's React button (a reaction chosen, Escape, React pressed again).
   */
  private async togglePicker(eventId: string): Promise<void> {
    const opening = this.reactingTo !== eventId;
    this.reactingTo = opening ? eventId : undefined;
    await this.host.updateComplete;
    const row = this.host.renderRoot.querySelector<HTMLElement>(`.row[data-row-id="${CSS.escape(eventId)}"]`);
    row?.querySelector<HTMLElement>(opening ? '.reaction-picker button' : '.actions button.react')?.focus();
  }

  /** The reader follows the newest messages (or not): the model counts what arrives while they are away. */
  follow(following: boolean): void {
    this.following = following;
    this.opts.model()?.setReaderAway(!following);
  }

  private readonly onScroll = (): void => {
    const el = this.timelineEl();
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < EDGE_PX;
    if (atBottom !== this.following) this.follow(atBottom);
    if (atBottom) {
      this.markSeen();
    }
    const model = this.opts.model();
    if (el.scrollTop < EDGE_PX && model && !model.paginating && !model.reachedStart && !this.historyError) {
      void this.loadOlder();
    }
  };

  /** Loads one page of older events, keeping what is on screen where it is. */
  async loadOlder(): Promise<boolean> {
    const model = this.opts.model();
    const el = this.timelineEl();
    if (!model || model.paginating || model.reachedStart) return false;
    this.historyError = undefined;
    // A reader who follows the newest messages keeps following them: the page is loaded because the history
    // does not fill the view (a new session's room opening, a short room), not because they scrolled up to it.
    // Only a reader who left the bottom is anchored to what they are looking at.
    if (el && !this.following) this.scrollAnchor = { ...firstVisibleEvent(el), height: el.scrollHeight, top: el.scrollTop };
    try {
      return await model.paginate();
    } catch (e) {
      this.historyError = this.host.inLocale(() => (isRoomActionError(e) ? e.message : msg('Older messages could not be loaded.')));
      return false;
    }
  }

  async jumpToLatest(): Promise<void> {
    const model = this.opts.model();
    if (model && !model.atLiveEnd) await model.jumpToLatest();
    this.follow(true);
    await this.host.updateComplete;
    const el = this.timelineEl();
    if (el) el.scrollTop = el.scrollHeight;
    this.markSeen();
  }

  private async jumpTo(eventId: string): Promise<void> {
    const model = this.opts.model();
    if (!model) return;
    if (!model.find(eventId)) await model.reveal(eventId).catch(() => false);
    await this.host.updateComplete;
    const row = this.host.renderRoot.querySelector<HTMLElement>(`[data-row-id="${CSS.escape(eventId)}"]`);
    if (!row) return;
    this.follow(false);
    row.scrollIntoView({ block: 'center' });
    row.classList.remove('highlight');
    void row.offsetWidth;
    row.classList.add('highlight');
    this.keys.focusRow(row, { scroll: false });
  }

  /**
   * Whether the visitor can see the timeline now: the tab is shown, the timeline intersects the viewport, and
   * nothing around it hides it (a minimized launcher panel, a closed `<details>`, `display: none` anywhere up
   * the tree — `checkVisibility()` answers that at once, before the observer's next report).
   */
  private timelineSeen(): boolean {
    const el = this.timelineEl();
    if (!el || document.visibilityState === 'hidden' || !this.timelineOnScreen) return false;
    return typeof el.checkVisibility !== 'function' || el.checkVisibility({ visibilityProperty: true, opacityProperty: true });
  }

  /** Watches the current timeline element (a new one is rendered when the view changes). */
  private observeTimeline(): void {
    const el = this.timelineEl();
    if (el === this.observedTimeline) return;
    this.visibilityObserver ??= new IntersectionObserver((entries) => {
      const entry = entries.filter((e) => e.target === this.observedTimeline).at(-1);
      if (!entry) return;
      this.timelineOnScreen = entry.isIntersecting;
      if (entry.isIntersecting) this.onVisible();
    });
    if (this.observedTimeline) this.visibilityObserver.unobserve(this.observedTimeline);
    this.observedTimeline = el;
    this.timelineOnScreen = false;
    if (el) this.visibilityObserver.observe(el);
  }

  /** The timeline came into view (panel opened, page scrolled to it, tab shown): catch up on what is now seen. */
  private onVisible(): void {
    const el = this.timelineEl();
    if (!el || !this.timelineSeen()) return;
    if (this.following) {
      // Scrolling while hidden does nothing: follow the newest messages now.
      el.scrollTop = el.scrollHeight;
    } else if (el.scrollHeight - el.scrollTop - el.clientHeight >= EDGE_PX) {
      return;
    }
    this.markSeen();
  }

  /** Sends a read receipt for the newest event, only while the visitor can actually see the timeline. */
  private markSeen(): void {
    const model = this.opts.model();
    if (!model || !this.opts.live() || !this.timelineSeen()) return;
    const last = [...model.items].reverse().find((i) => i.status === 'sent' && i.eventId.startsWith('$'));
    if (last) model.markRead(last.eventId);
  }

  hostUpdated(): void {
    this.observeTimeline();
    const el = this.timelineEl();
    if (!el) return;
    this.keys.sync();
    if (this.scrollAnchor && !this.opts.model()?.paginating) {
      const { id, offset, height, top } = this.scrollAnchor;
      const anchor = id ? anchorElement(el, id) : null;
      if (anchor && offset !== undefined) {
        el.scrollTop += anchor.getBoundingClientRect().top - el.getBoundingClientRect().top - offset;
      } else {
        el.scrollTop = top + (el.scrollHeight - height);
      }
      this.scrollAnchor = undefined;
    } else if (this.following) {
      el.scrollTop = el.scrollHeight;
      this.markSeen();
    }
  }
}
