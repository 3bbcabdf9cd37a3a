import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { sharedStyles } from '../../styles/shared.ts';
import { until } from 'lit/directives/until.js';
import { repeat } from 'lit/directives/repeat.js';
import { SessionController } from '../../context/session-controller.ts';
import { MatrixAfterJoinEvent, type AfterJoinDetail } from '../../events/matrix-after-join.ts';
import { MatrixAfterSendEvent } from '../../events/matrix-after-send.ts';
import { MatrixErrorEvent } from '../../events/matrix-error.ts';
import { MatrixJoinEvent } from '../../events/matrix-join.ts';
import { MatrixMessageEvent } from '../../events/matrix-message.ts';
import { MatrixSendEvent } from '../../events/matrix-send.ts';
import { createMediaResolver, parseMxc, type MediaResolver } from '../../render/media.ts';
import { forgetMediaOnSignOut } from '../../internal/forget-media-on-sign-out.ts';
import { cleanName, initialOf } from '../../render/names.ts';
import type { TileContext } from '../../render/tiles/context.ts';
import { loadedMarkdown, loadedRenderer, loadMarkdown, loadRenderer, type MarkdownToContent, type TimelineRenderer } from '../../render/lazy.ts';
import { draftKey } from '../../session/outbox.ts';
import { tileStyles } from '../../render/tiles/tiles.styles.ts';
import { matrixToLink, type RoomAddress } from '../../session/room-address.ts';
import type { IncomingMessage, RoomActionError, RoomModel } from '../../session/room-model.ts';
import { RoomView, type RoomViewState } from '../../session/room-view.ts';
import type { MatrixErrorInfo, RoomSummary, TimelineItem } from '../../session/types.ts';
import { roomStyles } from './room.styles.ts';
import { ConnectionBanner } from './connection-banner.ts';

/** Consecutive messages of one sender closer than this are grouped under one header. */
const GROUP_MS = 5 * 60_000;
/** Distance from the edge (px) that counts as "at the top/bottom". */
const EDGE_PX = 48;
const QUICK_REACTIONS = ['👍', '❤️', '😄', '🎉', '😮', '😢'];

/**
 * A live Matrix room: its timeline (read-only preview where the room is world-readable, or a summary card), a
 * "Join" button that leads through sign-in, and once joined a composer with replies, edits, reactions, uploads.
 *
 * @summary A live Matrix room for any web page.
 *
 * @fires matrix-join - Before joining (cancelable). `{roomId, alias}`
 * @fires matrix-after-join - After joining. `{roomId, alias}`
 * @fires matrix-send - Before sending a message (cancelable). `{roomId, eventId: '', body}`
 * @fires matrix-after-send - After the server accepted a message. `{roomId, eventId}`
 * @fires matrix-message - For each new incoming message. `{roomId, eventId, sender, body}`
 * @fires matrix-error - When loading, joining, sending or another action fails. `{operation, errcode, message}`
 *
 * @csspart base - The wrapper of everything.
 * @csspart header - Room avatar, name and topic.
 * @csspart timeline - The scrolling message list (`role="log"`).
 * @csspart event - One timeline event (`data-event-id` holds its Matrix event ID).
 * @csspart card - The summary card shown when the timeline cannot be previewed.
 * @csspart join-button - The "Join" button.
 * @csspart composer - The message composer.
 * @csspart error - The error message.
 *
 * @cssprop [--matrix-room-height=32rem] - Height of the element.
 * @cssprop [--matrix-room-avatar-size=2rem] - Size of the room avatar in the header.
 *
 * @cssstate loading - Loading the room.
 * @cssstate preview - Showing the room read-only (not joined).
 * @cssstate card - Showing the summary card (not joined, no preview).
 * @cssstate joined - Joined: timeline and composer.
 * @cssstate error - The room could not be shown.
 */
export class MatrixRoom extends LitElement {
  // Tile styles first (content of each event), then the room's own layout on top.
  static override styles = [sharedStyles, tileStyles, roomStyles];

  /** The room: `#alias:server`, `!id:server`, a `https://matrix.to/#/...` link or a `matrix:` URI. */
  @property({ reflect: true }) accessor room = '';
  /** The homeserver to use when nobody is signed in (server name or base URL); the first one on the page wins. */
  @property() accessor homeserver = '';
  /** Signed-out visitors see the summary card; no guest account is created to show a preview. */
  @property({ type: Boolean, attribute: 'without-guest' }) accessor withoutGuest = false;

  @state() private accessor signInOpen = false;
  @state() private accessor signInRequired = false;
  @state() private accessor replyTo: TimelineItem | undefined;
  @state() private accessor editing: TimelineItem | undefined;
  @state() private accessor reactingTo: string | undefined;
  @state() private accessor uploadProgress: number | undefined;
  @state() private accessor composerError: string | undefined;
  @state() private accessor following = true;
  @state() private accessor historyError: string | undefined;
  @state() private accessor draft = '';
  /** A note above the composer ("Your message was not sent..."). */
  @state() private accessor composerNote: string | undefined;

  @query('[part="timeline"]') private accessor timelineEl: HTMLElement | null = null;
  @query('textarea') private accessor textarea: HTMLTextAreaElement | null = null;
  @query('dialog.sign-in') private accessor dialogEl: HTMLDialogElement | null = null;

  private readonly session = new SessionController(this, () => this.onSessionChange());
  private readonly internals: ElementInternals = this.attachInternals();
  private readonly banner = new ConnectionBanner(this, () => this.session.value, () => this.openSignIn());
  private media: MediaResolver | undefined;
  private mediaKey = '';
  /** The room's lifecycle (summary, preview, live, join, retries): the element renders its state. */
  private readonly rv = new RoomView(this.session.value);
  /** The model the composer state (reply, edit, draft) belongs to. */
  private shownModel: RoomModel | undefined;
  private get view(): RoomViewState {
    return this.rv.state;
  }
  private get summary(): RoomSummary | undefined {
    return this.rv.summary;
  }
  private get model(): RoomModel | undefined {
    return this.rv.model;
  }
  private get address(): RoomAddress | undefined {
    return this.rv.address;
  }
  /**
   * Scroll anchor kept across a back-pagination so the view does not jump: the first event on screen and its
   * offset from the top of the timeline (the window may also drop its newest events, so the scroll height
   * alone cannot say where the reader was), with the height as a fallback.
   */
  private scrollAnchor: { id?: string; offset?: number; height: number; top: number } | undefined;
  /** The timeline renderer (tiles, sanitizer, linkifier), loaded with `import()` when a timeline is first shown. */
  @state() private accessor renderer: TimelineRenderer | undefined = loadedRenderer();
  private readonly onViewChange = () => this.viewChanged();
  private readonly onViewError = (e: Event) => {
    const info = (e as CustomEvent<MatrixErrorInfo>).detail;
    if (info.operation === 'join') this.composerError = info.message;
    this.dispatchEvent(new MatrixErrorEvent(info));
  };
  private readonly onJoined = (e: Event) => this.dispatchEvent(new MatrixAfterJoinEvent((e as CustomEvent<AfterJoinDetail>).detail));
  private readonly onModelMessage = (e: Event) => {
    const d = (e as CustomEvent<IncomingMessage>).detail;
    this.dispatchEvent(new MatrixMessageEvent({ roomId: this.model?.roomId ?? '', eventId: d.eventId, sender: d.sender, body: d.body }));
  };

  /** The timeline is on screen (in the viewport, rendered, not inside something hidden), per IntersectionObserver. */
  private timelineOnScreen = false;
  private visibilityObserver: IntersectionObserver | undefined;
  private observedTimeline: Element | null = null;
  private readonly onDocumentVisibility = () => this.onVisible();

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.homeserver) this.session.value.setDefaultHomeserver(this.homeserver);
    document.addEventListener('visibilitychange', this.onDocumentVisibility);
    this.rv.addEventListener('change', this.onViewChange);
    this.rv.addEventListener('error', this.onViewError);
    this.rv.addEventListener('joined', this.onJoined);
    this.rv.addEventListener('message', this.onModelMessage);
    if (this.hasUpdated) {
      this.observeTimeline();
      this.open();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onDocumentVisibility);
    this.visibilityObserver?.disconnect();
    this.visibilityObserver = undefined;
    this.observedTimeline = null;
    this.timelineOnScreen = false;
    this.rv.close();
    this.rv.removeEventListener('change', this.onViewChange);
    this.rv.removeEventListener('error', this.onViewError);
    this.rv.removeEventListener('joined', this.onJoined);
    this.rv.removeEventListener('message', this.onModelMessage);
  }

  private open(): void {
    this.rv.open({ room: this.room, homeserver: this.homeserver, withoutGuest: this.withoutGuest });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('homeserver') && this.homeserver) this.session.value.setDefaultHomeserver(this.homeserver);
    const input = changed.has('room') || changed.has('homeserver') || changed.has('withoutGuest');
    if ((!this.hasUpdated || input) && this.isConnected) this.open();
  }

  /** The room view changed: states for CSS, the renderer when a timeline is coming, composer state per model. */
  private viewChanged(): void {
    const model = this.rv.model;
    if (model !== this.shownModel) {
      this.shownModel = model;
      this.replyTo = undefined;
      this.editing = undefined;
      this.composerNote = undefined;
      this.follow(true);
      if (model) this.draft = this.loadDraft();
    }
    const kind = this.view.kind;
    if (!this.renderer && (kind === 'preview' || kind === 'joined')) this.ensureRenderer();
    for (const s of ['loading', 'preview', 'card', 'joined', 'error']) {
      try {
        if (s === kind) this.internals.states.add(s);
        else this.internals.states.delete(s);
      } catch {
        // Older browsers without CustomStateSet: the states are a styling nicety only.
      }
    }
    this.requestUpdate();
  }

  // ---------------------------------------------------------------------------------------------------------
  // Loading
  // ---------------------------------------------------------------------------------------------------------

  /** Loads the timeline renderer (its own chunk); the skeleton stays until it arrives. */
  private ensureRenderer(): void {
    loadRenderer().then(
      (r) => (this.renderer = r),
      () => this.dispatchEvent(new MatrixErrorEvent({ operation: 'load-room', errcode: 'ME_UNREACHABLE', message: 'Could not load the room. Check your connection and try again.' })),
    );
  }

  private onSessionChange(): void {
    if (this.signInOpen && this.session.value.status === 'signed-in') this.closeSignIn();
  }

  // ---------------------------------------------------------------------------------------------------------
  // Join and sign-in
  // ---------------------------------------------------------------------------------------------------------

  private onJoinClick(): void {
    const roomId = this.model?.roomId ?? this.summary?.roomId ?? '';
    const alias = this.summary?.alias ?? (this.address?.kind === 'alias' ? this.address.value : undefined);
    if (!this.dispatchEvent(new MatrixJoinEvent(alias ? { roomId, alias } : { roomId }))) return;
    this.composerError = undefined;
    if (!this.rv.requestJoin()) this.openSignIn(); // joins once the visitor has signed in
  }

  private openSignIn(): void {
    if (customElements.get('matrix-login')) {
      this.signInOpen = true;
      void this.updateComplete.then(() => {
        if (this.dialogEl && !this.dialogEl.open) this.dialogEl.showModal();
      });
    } else {
      this.signInRequired = true;
    }
  }

  private closeSignIn(): void {
    this.dialogEl?.close();
    this.signInOpen = false;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Rendering
  // ---------------------------------------------------------------------------------------------------------

  /**
   * Media through the authenticated API (spec v1.11, with the session's token) when there is a session and its
   * server advertises it; otherwise the legacy unauthenticated API (a signed-out visitor's card, an older
   * server), which servers that froze legacy media refuse: the avatar then falls back to its initial.
   */
  private mediaResolver(): MediaResolver | undefined {
    const session = this.session.value;
    const live = (session.status === 'signed-in' || session.status === 'guest') && !!session.homeserverUrl && !!session.currentClient;
    const base = live ? session.homeserverUrl : this.rv.mediaServer?.baseUrl;
    if (!base) return undefined;
    const advertised = this.rv.mediaServer?.baseUrl === base ? this.rv.mediaServer.authenticated : true;
    const authenticated = live && advertised;
    const key = `${base}|${authenticated}`;
    if (key !== this.mediaKey) {
      this.mediaKey = key;
      forgetMediaOnSignOut(session);
      this.media = createMediaResolver({ homeserverUrl: base, authenticated }, () => ({
        accessToken: this.session.value.currentClient?.getAccessToken() ?? undefined,
      }));
    }
    return this.media;
  }

  override render(): TemplateResult {
    return html`<div part="base" aria-busy=${this.view.kind === 'loading' ? 'true' : 'false'}>
      ${this.renderHeader()} ${this.view.kind === 'error' ? nothing : this.banner.render()} ${this.renderBody()}
      ${this.renderSignInDialog()}
    </div>`;
  }

  private renderAvatar(mxc: string | undefined, name: string, large = false): TemplateResult {
    const initial = html`<span class="avatar ${large ? 'large' : ''}" aria-hidden="true">${initialOf(name)}</span>`;
    const parsed = parseMxc(mxc);
    const resolve = this.mediaResolver();
    if (!parsed || !resolve) return initial;
    const size = large ? 128 : 64;
    const loading = resolve(parsed, { thumbnail: { width: size, height: size, method: 'crop' } }).then(
      (url) => html`<img class="avatar ${large ? 'large' : ''}" src=${url} alt="" aria-hidden="true" />`,
      () => initial,
    );
    return html`${until(loading, initial)}`;
  }

  private roomTitle(): string {
    const m = this.model;
    return cleanName(m?.name || this.summary?.name || this.summary?.alias || this.address?.value || 'Room');
  }

  private renderHeader(): TemplateResult | typeof nothing {
    if (this.view.kind === 'loading' || this.view.kind === 'error' || this.view.kind === 'card') return nothing;
    const m = this.model;
    const topic = cleanName(m?.topic ?? this.summary?.topic ?? '', 300);
    const members = m?.memberCount ?? this.summary?.memberCount;
    return html`<header part="header">
      ${this.renderAvatar(m?.avatarUrl ?? this.summary?.avatarUrl, this.roomTitle())}
      <div class="header-text">
        <span class="title"><bdi>${this.roomTitle()}</bdi></span>
        ${topic ? html`<span class="subtitle"><bdi>${topic}</bdi></span>` : nothing}
      </div>
      ${members !== undefined ? html`<span class="subtitle">${members} ${members === 1 ? 'member' : 'members'}</span>` : nothing}
      ${this.view.kind === 'preview' ? this.renderJoinButton() : nothing}
    </header>`;
  }

  private renderJoinButton(): TemplateResult {
    return html`<button part="join-button" class="primary" type="button" ?disabled=${this.rv.joining}
      @click=${() => this.onJoinClick()}>${this.rv.joining ? 'Joining…' : 'Join'}</button>`;
  }

  private renderBody(): TemplateResult {
    switch (this.view.kind) {
      case 'loading':
        return html`${loadingSkeleton()}
          ${this.rv.outage && this.address
            ? html`<p class="unreachable">While we retry, you can <a href=${matrixToLink(this.address)} target="_blank" rel="noopener noreferrer">open the room in your Matrix app</a>.</p>`
            : nothing}`;
      case 'error':
        return html`<div part="error" role="alert" data-errcode=${this.view.info.errcode}>
          <p class="message">${this.view.info.message}</p>
          ${this.address ? html`<a href=${matrixToLink(this.address)} target="_blank" rel="noopener noreferrer">Open in your Matrix app</a>` : nothing}
        </div>`;
      case 'card':
        return this.renderCard();
      case 'preview':
      case 'joined':
        return html`${this.renderer ? this.renderTimeline() : loadingSkeleton()} ${this.view.kind === 'joined' ? this.renderComposer() : this.renderPreviewFooter()}`;
    }
  }

  private renderCard(): TemplateResult {
    const s = this.summary;
    const topic = cleanName(s?.topic ?? '', 500);
    return html`<section part="card" aria-label="Room">
      ${this.renderAvatar(s?.avatarUrl, this.roomTitle(), true)}
      <h2 class="title"><bdi>${this.roomTitle()}</bdi></h2>
      ${s?.alias && s.alias !== this.roomTitle() ? html`<span class="subtitle"><bdi>${cleanName(s.alias)}</bdi></span>` : nothing}
      ${topic ? html`<p class="topic"><bdi>${topic}</bdi></p>` : nothing}
      ${s?.memberCount !== undefined ? html`<span class="members">${s.memberCount} ${s.memberCount === 1 ? 'member' : 'members'}</span>` : nothing}
      ${this.renderJoinButton()}
      ${this.renderJoinNotes()}
    </section>`;
  }

  private renderJoinNotes(): TemplateResult {
    return html`${this.signInRequired && this.session.value.status !== 'signed-in'
      ? html`<p class="notice" role="status">Sign in to join this room.</p>`
      : nothing}
      ${this.composerError && this.view.kind !== 'joined' ? html`<p class="notice" role="alert">${this.composerError}</p>` : nothing}`;
  }

  private renderPreviewFooter(): TemplateResult {
    return html`<div part="composer" class="preview-footer">
      <div class="context"><span>You are reading this room as a visitor. Join to take part.</span></div>
      ${this.renderJoinNotes()}
    </div>`;
  }

  private renderSignInDialog(): TemplateResult | typeof nothing {
    if (!this.signInOpen) return nothing;
    return html`<dialog class="sign-in" aria-label="Sign in to join" @close=${() => (this.signInOpen = false)}>
      <button class="dialog-close" type="button" aria-label="Close" @click=${() => this.closeSignIn()}>×</button>
      <p>Sign in or create an account to join <bdi>${this.roomTitle()}</bdi>.</p>
      ${this.homeserver ? html`<matrix-login homeserver=${this.homeserver}></matrix-login>` : html`<matrix-login></matrix-login>`}
    </dialog>`;
  }

  // --- timeline ---

  private tileContext(): TileContext {
    const model = this.model;
    const live = this.view.kind === 'joined';
    return {
      resolveMedia: this.mediaResolver(),
      getEvent: (id) => model?.find(id),
      onJumpTo: (id) => void this.jumpTo(id),
      onReact: live ? (item, r) => void this.act('react', () => model!.toggleReaction(item.eventId, r.key)) : undefined,
      onRetry: live ? (item) => void this.act('send', () => model!.retry(item.txnId ?? item.eventId)) : undefined,
      onDiscard: live ? (item) => model?.discard(item.txnId ?? item.eventId) : undefined,
    };
  }

  private renderTimeline(): TemplateResult {
    const model = this.model;
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
    return html`<div class="timeline-wrap">
      <div part="timeline" role="log" aria-live="polite" aria-label="Messages" tabindex="0"
        @scroll=${this.onScroll} @keydown=${this.onTimelineKey}>
        <div class="history-edge">
          ${model?.paginating
            ? html`<div class="spinner" role="progressbar" aria-label="Loading older messages"></div>`
            : model?.reachedStart
              ? html`<span>This is the start of the room.</span>`
              : this.historyError
                ? html`<span role="alert">${this.historyError} <button type="button" @click=${() => void this.loadOlder()}>Try again</button></span>`
                : html`<button type="button" class="link-button" @click=${() => void this.loadOlder()}>Load older messages</button>`}
        </div>
        ${repeat(rows, (r) => r.key, (r) => r.template)}
      </div>
      ${!this.following || (model && !model.atLiveEnd)
        ? html`<button type="button" class="jump" @click=${() => void this.jumpToLatest()}>Jump to latest${unseen ? ` (${unseen} new)` : ''}</button>`
        : nothing}
    </div>
    <div class="typing" aria-live="polite">${typingText(model?.typing ?? [])}</div>`;
  }

  private renderMembershipRun(run: TimelineItem[], ctx: TileContext): TemplateResult {
    return html`<details class="membership-run-wrap">
      <summary part="event" class="membership-run" data-event-id=${run[run.length - 1].eventId}>${summarizeMemberships(run)}</summary>
      ${run.map((item) => this.renderRow(item, ctx, false))}
    </details>`;
  }

  /**
   * The tile of one item, reused while nothing it shows changed: the model keeps an unchanged item's object
   * across rebuilds, so a page of history or a new message does not sanitize and rebuild every tile again.
   */
  private renderTile(item: TimelineItem, ctx: TileContext, continuation: boolean): TemplateResult | undefined {
    const renderer = this.renderer;
    if (!renderer) return undefined;
    const live = this.view.kind === 'joined';
    const parent = item.replyTo ? ctx.getEvent?.(item.replyTo.eventId) : undefined;
    const hit = this.tileCache.get(item);
    if (hit && hit.renderer === renderer && hit.continuation === continuation && hit.live === live && hit.parent === parent &&
      hit.media === ctx.resolveMedia && hit.model === this.model) {
      return hit.template;
    }
    const template = renderer.renderTimelineItem(item, ctx, { continuation });
    this.tileCache.set(item, { renderer, continuation, live, parent, media: ctx.resolveMedia, model: this.model, template });
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
    const live = this.view.kind === 'joined';
    const canAct = live && item.kind === 'message' && item.status === 'sent' && item.eventId.startsWith('$');
    return html`<div class="row ${continuation ? 'continuation' : 'first'} ${item.status}" data-row-id=${item.eventId}>
      ${this.renderTile(item, ctx, continuation)}
      ${canAct
        ? html`<div class="actions" role="toolbar" aria-label="Message actions">
            <button type="button" @click=${() => this.startReply(item)}>Reply</button>
            <button type="button" aria-expanded=${this.reactingTo === item.eventId ? 'true' : 'false'}
              @click=${() => (this.reactingTo = this.reactingTo === item.eventId ? undefined : item.eventId)}>React</button>
            ${item.mine && !item.media ? html`<button type="button" @click=${() => this.startEdit(item)}>Edit</button>` : nothing}
            ${item.mine ? html`<button type="button" @click=${() => void this.act('delete', () => this.model!.redact(item.eventId))}>Delete</button>` : nothing}
          </div>`
        : nothing}
      ${this.reactingTo === item.eventId
        ? html`<div class="reaction-picker" role="group" aria-label="Pick a reaction">
            ${QUICK_REACTIONS.map((key) => html`<button type="button" aria-label=${`React with ${key}`}
              @click=${() => { this.reactingTo = undefined; void this.act('react', () => this.model!.toggleReaction(item.eventId, key)); }}>${key}</button>`)}
          </div>`
        : nothing}
    </div>`;
  }

  // --- composer ---

  private renderComposer(): TemplateResult {
    return html`<form part="composer" @submit=${this.onSubmit}>
      ${this.replyTo
        ? html`<div class="context"><span>Replying to <bdi>${this.replyTo.sender.displayName}</bdi></span>
            <button type="button" class="link-button" @click=${() => (this.replyTo = undefined)}>Cancel reply</button></div>`
        : nothing}
      ${this.editing
        ? html`<div class="context"><span>Editing your message</span>
            <button type="button" class="link-button" @click=${() => this.cancelEdit()}>Cancel edit</button></div>`
        : nothing}
      ${this.uploadProgress !== undefined
        ? html`<progress max="1" .value=${this.uploadProgress} aria-label="Upload progress"></progress>`
        : nothing}
      ${this.composerError ? html`<div class="status failed" role="alert">${this.composerError}</div>` : nothing}
      ${this.composerNote ? html`<div class="status note" role="status">${this.composerNote}</div>` : nothing}
      <div class="composer-row">
        <label class="visually-hidden" for="composer-input">Message</label>
        <textarea id="composer-input" rows="1" placeholder="Write a message…" .value=${this.draft}
          @input=${this.onInput} @focus=${() => void loadMarkdown().catch(() => undefined)} @keydown=${this.onComposerKey} @blur=${() => this.model?.setTyping(false)}></textarea>
        <input class="visually-hidden" type="file" tabindex="-1" aria-hidden="true" @change=${this.onFilePicked} />
        <button type="button" aria-label="Upload a file" ?disabled=${this.uploadProgress !== undefined}
          @click=${() => this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click()}>📎</button>
        <button type="submit" class="primary">Send</button>
      </div>
    </form>`;
  }

  /** Drafts are kept per user and room (and removed on sign-out: see `session/outbox.ts`). */
  private draftKey(): string | undefined {
    const userId = this.session.value.userId;
    const roomId = this.model?.roomId;
    return userId && roomId ? draftKey(userId, roomId) : undefined;
  }

  private loadDraft(): string {
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

  private onInput(e: Event): void {
    void loadMarkdown().catch(() => undefined); // warm the Markdown parser so sending is instant
    const text = (e.target as HTMLTextAreaElement).value;
    this.draft = text;
    this.saveDraft(text);
    this.model?.setTyping(text.length > 0);
  }

  private onComposerKey(e: KeyboardEvent): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void this.submit();
    } else if (e.key === 'Escape') {
      if (this.editing) this.cancelEdit();
      else if (this.replyTo) this.replyTo = undefined;
    } else if (e.key === 'ArrowUp' && !this.draft && !this.editing) {
      const mine = [...(this.model?.items ?? [])].reverse().find((i) => i.mine && i.kind === 'message' && i.status === 'sent' && !i.media);
      if (mine) {
        e.preventDefault();
        this.startEdit(mine);
      }
    }
  }

  private onSubmit(e: Event): void {
    e.preventDefault();
    void this.submit();
  }

  /**
   * Sends what is in the composer. The message is in the outbox (persisted, exactly once) before the composer is
   * cleared, whatever the connection: offline, rate-limited or soft-logged-out, it waits there, visibly.
   */
  private async submit(): Promise<void> {
    const model = this.model;
    const text = this.textarea?.value ?? this.draft;
    if (!model || !text.trim()) return;
    this.composerError = undefined;
    this.composerNote = undefined;
    // The composer is free at once (the visitor may type the next message while the Markdown parser loads);
    // if the parser cannot load, the text goes back where it was.
    const editing = this.editing;
    const replyTo = this.replyTo?.eventId;
    if (editing) this.cancelEdit();
    else {
      if (!this.dispatchEvent(new MatrixSendEvent({ roomId: model.roomId, eventId: '', body: text }))) return;
      this.replyTo = undefined;
      this.setComposerText('');
    }
    let toContent: MarkdownToContent;
    try {
      toContent = loadedMarkdown() ?? (await loadMarkdown());
    } catch {
      const info = { operation: 'send', errcode: 'ME_UNREACHABLE', message: 'Could not load the message composer. Check your connection and try again.' };
      this.setComposerText([text, this.textarea?.value ?? this.draft].filter((t) => t.trim()).join('\n'));
      this.composerError = info.message;
      this.dispatchEvent(new MatrixErrorEvent(info));
      return;
    }
    if (editing) {
      await this.act('edit', () => model.edit(editing.eventId, toContent(text), text));
      return;
    }
    const sending = model.send(toContent(text), replyTo ? { replyTo, text } : { text });
    this.follow(true);
    try {
      const { eventId } = await sending;
      this.dispatchEvent(new MatrixAfterSendEvent({ roomId: model.roomId, eventId }));
    } catch (e) {
      // The failed echo stays in the timeline with Retry/Delete; the text is not lost.
      this.reportActionError('send', e);
    }
  }

  private setComposerText(text: string): void {
    this.draft = text;
    if (this.textarea) this.textarea.value = text;
    this.saveDraft(text);
  }

  private startReply(item: TimelineItem): void {
    this.editing = undefined;
    this.replyTo = item;
    this.textarea?.focus();
  }

  private startEdit(item: TimelineItem): void {
    this.replyTo = undefined;
    this.editing = item;
    this.draft = item.body;
    if (this.textarea) {
      this.textarea.value = item.body;
      this.textarea.focus();
    }
  }

  private cancelEdit(): void {
    this.editing = undefined;
    this.setComposerText(this.loadDraft());
  }

  private async onFilePicked(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    const model = this.model;
    if (!file || !model) return;
    this.uploadProgress = 0;
    this.composerError = undefined;
    try {
      const size = file.type.startsWith('image/') ? await imageSize(file) : undefined;
      const { eventId } = await model.upload(file, { ...size, onProgress: (f) => (this.uploadProgress = f) });
      this.dispatchEvent(new MatrixAfterSendEvent({ roomId: model.roomId, eventId }));
    } catch (err) {
      this.reportActionError('upload', err);
    } finally {
      this.uploadProgress = undefined;
    }
  }

  private async act(operation: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      this.reportActionError(operation, e);
    }
  }

  private reportActionError(operation: string, e: unknown): void {
    const info = isRoomActionError(e)
      ? { operation: e.operation, errcode: e.errcode, message: e.message }
      : { operation, errcode: 'M_UNKNOWN', message: 'That did not work. Try again.' };
    this.composerError = info.message;
    this.dispatchEvent(new MatrixErrorEvent(info));
  }

  // --- scrolling ---

  /** The reader follows the newest messages (or not): the model counts what arrives while they are away. */
  private follow(following: boolean): void {
    this.following = following;
    this.model?.setReaderAway(!following);
  }

  private onScroll(): void {
    const el = this.timelineEl;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < EDGE_PX;
    if (atBottom !== this.following) this.follow(atBottom);
    if (atBottom) {
      this.markSeen();
    }
    if (el.scrollTop < EDGE_PX && this.model && !this.model.paginating && !this.model.reachedStart && !this.historyError) {
      void this.loadOlder();
    }
  }

  private onTimelineKey(e: KeyboardEvent): void {
    const el = this.timelineEl;
    if (!el || e.target !== el) return;
    if (e.key === 'Home') {
      el.scrollTop = 0;
      void this.loadOlder();
    } else if (e.key === 'End') {
      void this.jumpToLatest();
    }
  }

  /** Loads one page of older events, keeping what is on screen where it is. */
  async loadOlder(): Promise<boolean> {
    const model = this.model;
    const el = this.timelineEl;
    if (!model || model.paginating || model.reachedStart) return false;
    this.historyError = undefined;
    if (el) this.scrollAnchor = { ...firstVisibleEvent(el), height: el.scrollHeight, top: el.scrollTop };
    this.follow(false);
    try {
      return await model.paginate();
    } catch (e) {
      this.historyError = isRoomActionError(e) ? e.message : 'Older messages could not be loaded.';
      return false;
    }
  }

  async jumpToLatest(): Promise<void> {
    const model = this.model;
    if (model && !model.atLiveEnd) await model.jumpToLatest();
    this.follow(true);
    await this.updateComplete;
    const el = this.timelineEl;
    if (el) el.scrollTop = el.scrollHeight;
    this.markSeen();
  }

  private async jumpTo(eventId: string): Promise<void> {
    const model = this.model;
    if (!model) return;
    if (!model.find(eventId)) await model.reveal(eventId).catch(() => false);
    await this.updateComplete;
    const row = this.renderRoot.querySelector<HTMLElement>(`[data-row-id="${CSS.escape(eventId)}"]`);
    if (!row) return;
    this.follow(false);
    row.scrollIntoView({ block: 'center' });
    row.classList.remove('highlight');
    void row.offsetWidth;
    row.classList.add('highlight');
    row.querySelector<HTMLElement>('button, [tabindex]')?.focus({ preventScroll: true });
  }

  /**
   * Whether the visitor can see the timeline now: the tab is shown, the timeline intersects the viewport, and
   * nothing around it hides it (a minimized launcher panel, a closed `<details>`, `display: none` anywhere up
   * the tree — `checkVisibility()` answers that at once, before the observer's next report).
   */
  private timelineSeen(): boolean {
    const el = this.timelineEl;
    if (!el || document.visibilityState === 'hidden' || !this.timelineOnScreen) return false;
    return typeof el.checkVisibility !== 'function' || el.checkVisibility({ visibilityProperty: true, opacityProperty: true });
  }

  /** Watches the current timeline element (a new one is rendered when the view changes). */
  private observeTimeline(): void {
    const el = this.timelineEl;
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
    const el = this.timelineEl;
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
    const model = this.model;
    if (!model || this.view.kind !== 'joined' || !this.timelineSeen()) return;
    const last = [...model.items].reverse().find((i) => i.status === 'sent' && i.eventId.startsWith('$'));
    if (last) model.markRead(last.eventId);
  }

  protected override updated(): void {
    this.observeTimeline();
    const el = this.timelineEl;
    if (!el) return;
    if (this.scrollAnchor && !this.model?.paginating) {
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

/**
 * The key of an item's row: the transaction ID of our own messages (the same from local echo to remote echo, so
 * the row, and what the reader is looking at, stays when the server's ID arrives), else the event ID.
 */
function rowKey(item: TimelineItem): string {
  return item.txnId ? `t:${item.txnId}` : `e:${item.eventId}`;
}

/** Rows and collapsed membership runs of a timeline (rows inside a closed run have no box and are skipped). */
const ANCHOR_SELECTOR = '.row[data-row-id], summary.membership-run[data-event-id]';

/**
 * What stays put for the reader: an event's content (its sender line may come or go as older messages of the
 * same sender are loaded above it), or the whole row / run summary.
 */
function anchorBox(row: HTMLElement): HTMLElement {
  return row.querySelector<HTMLElement>(':scope > [part~="event"] > .content') ?? row;
}

/** The first event shown in the timeline's viewport and its offset (px) from the timeline's top edge. */
function firstVisibleEvent(timeline: HTMLElement): { id?: string; offset?: number } {
  // The first event that starts inside the view: what the reader's eye is on. One cut off at the top may change
  // size as history arrives (a run of joins growing, a header going), which must not move what is below it.
  const top = timeline.getBoundingClientRect().top;
  let partly: { id?: string; offset?: number } = {};
  for (const el of timeline.querySelectorAll<HTMLElement>(ANCHOR_SELECTOR)) {
    const rect = el.getBoundingClientRect();
    if (rect.height === 0 || rect.bottom <= top) continue;
    const id = el.dataset.rowId ?? el.dataset.eventId;
    if (!id) continue;
    const found = { id, offset: anchorBox(el).getBoundingClientRect().top - top };
    if (rect.top >= top) return found;
    if (partly.id === undefined) partly = found;
  }
  return partly;
}

function anchorElement(timeline: HTMLElement, id: string): HTMLElement | null {
  const esc = CSS.escape(id);
  const el = timeline.querySelector<HTMLElement>(`.row[data-row-id="${esc}"], summary.membership-run[data-event-id="${esc}"]`);
  return el && el.getBoundingClientRect().height > 0 ? anchorBox(el) : null;
}

/** Authenticated media: spec v1.11 or later, or the MSC3916 stable flag. */

function dayKey(ts: number): string {
  if (!ts) return '';
  const d = new Date(ts);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

function formatDay(ts: number): string {
  const d = new Date(ts);
  const today = new Date();
  const yesterday = new Date(Date.now() - 86_400_000);
  if (dayKey(ts) === dayKey(today.getTime())) return 'Today';
  if (dayKey(ts) === dayKey(yesterday.getTime())) return 'Yesterday';
  return d.toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
}

function typingText(names: string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names[0]}, ${names[1]} and ${names.length - 2} others are typing…`;
}

/** "3 people joined", "2 people joined, 1 left", ... */
export function summarizeMemberships(run: TimelineItem[]): string {
  const counts = new Map<string, Set<string>>();
  for (const item of run) {
    const m = item.membership;
    if (!m) continue;
    const verb = m.membership === 'join' && m.prevMembership === 'join' ? 'changed their profile'
      : m.membership === 'join' ? 'joined'
      : m.membership === 'leave' ? 'left'
      : m.membership === 'invite' ? 'were invited'
      : m.membership === 'ban' ? 'were banned'
      : 'changed membership';
    let set = counts.get(verb);
    if (!set) counts.set(verb, (set = new Set()));
    set.add(m.targetUserId);
  }
  const parts = Array.from(counts, ([verb, users]) => {
    const n = users.size;
    const who = n === 1 ? '1 person' : `${n} people`;
    const v = n === 1 ? verb.replace(/^were /, 'was ') : verb;
    return `${who} ${v}`;
  });
  return parts.join(', ');
}

function imageSize(file: File): Promise<{ width: number; height: number } | undefined> {
  return createImageBitmap(file).then(
    (bitmap) => {
      const size = { width: bitmap.width, height: bitmap.height };
      bitmap.close();
      return size;
    },
    () => undefined,
  );
}

declare global {
  interface HTMLElementTagNameMap {
    'matrix-room': MatrixRoom;
  }
}

function loadingSkeleton(): TemplateResult {
  return html`<div class="skeleton" role="status" aria-label="Loading room">
    <div class="skeleton-line short"></div><div class="skeleton-line mid"></div>
    <div class="skeleton-line"></div><div class="skeleton-line short"></div><div class="skeleton-line mid"></div>
  </div>`;
}

/** `instanceof` without a static import of room-model.ts (the class lives in the lazily loaded chunk). */
function isRoomActionError(e: unknown): e is RoomActionError {
  return e instanceof Error && e.name === 'RoomActionError' && typeof (e as RoomActionError).errcode === 'string';
}
