import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { LocalizedElement } from '../../internal/localized-element.ts';
import { msg } from '../../session/texts.ts';
import { sharedStyles } from '../../styles/shared.ts';
import type { Theme } from '../../styles/tokens.ts';
import { until } from 'lit/directives/until.js';
import { SessionController } from '../../context/session-controller.ts';
import { focusIsFree } from '../../internal/focus.ts';
import { MatrixAfterJoinEvent, type AfterJoinDetail } from '../../events/matrix-after-join.ts';
import { MatrixErrorEvent } from '../../events/matrix-error.ts';
import { MatrixJoinEvent } from '../../events/matrix-join.ts';
import { MatrixMessageEvent } from '../../events/matrix-message.ts';
import { parseMxc, type MediaResolver } from '../../render/media.ts';
import { closeIcon } from '../../internal/icons.ts';
import { cleanName, initialOf, renderName } from '../../render/names.ts';
import { memberCountText } from '../../render/counts.ts';
import { loadedRenderer, loadRenderer, type TimelineRenderer } from '../../render/lazy.ts';
import { tileStyles } from '../../render/tiles/tiles.styles.ts';
import { matrixToLink, type RoomAddress } from '../../session/room-address.ts';
import type { IncomingMessage, RoomModel } from '../../session/room-model.ts';
import { RoomView, type RoomViewState } from '../../session/room-view.ts';
import type { MatrixErrorInfo, RoomSummary } from '../../session/types.ts';
import { roomStyles } from './room.styles.ts';
import { ConnectionBanner } from './connection-banner.ts';
import { RoomComposer } from './room-composer.ts';
import { RoomTimeline } from './room-timeline.ts';
import { loadingSkeleton } from './timeline-parts.ts';
import { afterPaint } from './after-paint.ts';
import { RoomMedia } from './session-media.ts';
import { RoomScreenController } from './room-screen.ts';

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
 * @slot empty - Shown in the timeline in place of "No messages yet." when the room has no messages to show (its whole history is loaded and holds only joins and room settings); inside the timeline's "Messages" region, its links and buttons are tab stops of their own.
 * @slot header-actions - Extra buttons or links at the end of the room's header (before "Join" while previewing), in its row and its tab order. The header is shown with the timeline (preview and joined), not on the summary card, while loading or on an error.
 * @csspart base - The wrapper of everything.
 * @csspart header - Room avatar, name and topic.
 * @csspart header-avatar - The room avatar in the header (hidden by `<matrix-chat-launcher>`, whose title bar shows it).
 * @csspart header-title - The room name in the header (hidden by `<matrix-chat-launcher>`, whose title bar shows it).
 * @csspart timeline - The scrolling message list.
 * @csspart event - One timeline event (`data-event-id` holds its Matrix event ID).
 * @csspart card - The summary card shown when the timeline cannot be previewed.
 * @csspart join-button - The "Join" button.
 * @csspart composer - The message composer.
 * @csspart error - The error message.
 *
 * @cssprop [--matrix-room-height=32rem] - Height of the element.
 * @cssprop [--matrix-room-avatar-size=2rem] - Size of the room avatar in the header.
 * @cssprop [--matrix-color-surface=light-dark(#ffffff, #0d1117)] - Background of every element.
 * @cssprop [--matrix-color-surface-raised=light-dark(#f6f8fa, #161b22)] - Buttons, code, notices, hovered rows.
 * @cssprop [--matrix-color-text=light-dark(#1f2328, #e6edf3)] - Text.
 * @cssprop [--matrix-color-text-muted=light-dark(#59636e, #9198a1)] - Secondary text: times, hints, topics.
 * @cssprop [--matrix-color-accent=light-dark(#0969da, #4493f8)] - Primary buttons, links, the selected tab, the launcher.
 * @cssprop [--matrix-color-on-accent=light-dark(#ffffff, #0d1117)] - Text and icons on the accent colour.
 * @cssprop [--matrix-color-border=light-dark(#818b98, #656c76)] - Borders of fields, buttons and panels (3:1 on the surface).
 * @cssprop [--matrix-color-danger=light-dark(#cf222e, #f85149)] - Errors, "Not sent", the unread badge.
 * @cssprop [--matrix-color-success=light-dark(#1a7f37, #3fb950)] - Confirmations.
 * @cssprop [--matrix-color-focus=light-dark(#0969da, #4493f8)] - Focus ring.
 * @cssprop [--matrix-font-family=system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif] - Font.
 * @cssprop [--matrix-font-family-mono=ui-monospace, monospace] - Code in messages.
 * @cssprop [--matrix-font-size-s=0.8125rem] - Small text: times, hints, labels.
 * @cssprop [--matrix-font-size-m=0.9375rem] - Body text (`--matrix-font-size` is read as an alias).
 * @cssprop [--matrix-font-size-l=1.125rem] - Large join button.
 * @cssprop [--matrix-line-height=1.4] - Line height of text.
 * @cssprop [--matrix-space-xs=0.25rem] - Smallest gap.
 * @cssprop [--matrix-space-s=0.5rem] - Small gap and padding.
 * @cssprop [--matrix-space-m=0.75rem] - Medium gap and padding.
 * @cssprop [--matrix-space-l=1rem] - Padding of cards and dialogs.
 * @cssprop [--matrix-radius-s=0.375rem] - Corners of fields and small buttons.
 * @cssprop [--matrix-radius-m=0.5rem] - Corners of panels, cards and dialogs.
 * @cssprop [--matrix-radius-pill=999px] - Pill buttons, badges, reactions.
 * @cssprop [--matrix-radius-round=50%] - Avatars.
 * @cssprop [--matrix-shadow-s=0 1px 4px rgb(0 0 0 / 0.2)] - Small floating controls.
 * @cssprop [--matrix-shadow-m=0 0.25rem 1rem rgb(0 0 0 / 0.25)] - The launcher button.
 * @cssprop [--matrix-shadow-l=0 0.5rem 2.5rem rgb(0 0 0 / 0.25)] - Panels and dialogs.
 * @cssprop [--matrix-color-scheme=light dark] - Page-wide colour scheme when an element has no `theme`: `light`, `dark` or `light dark`.
 *
 * @cssstate loading - Loading the room.
 * @cssstate preview - Showing the room read-only (not joined).
 * @cssstate card - Showing the summary card (not joined, no preview).
 * @cssstate joined - Joined: timeline and composer.
 * @cssstate error - The room could not be shown.
 */
export class MatrixRoom extends LocalizedElement {
  // Tile styles first (content of each event), then the room's own layout on top.
  static override styles = [sharedStyles, tileStyles, roomStyles];

  /** Declared without decorators (see internal/localized-element.ts); the initial values are set in the constructor. */
  static override properties: PropertyDeclarations = {
    room: { reflect: true },
    theme: { reflect: true },
    homeserver: {},
    withoutGuest: { type: Boolean, attribute: 'without-guest' },
    signInOpen: { state: true, attribute: false }, signInRequired: { state: true, attribute: false },
    renderer: { state: true, attribute: false },
  };

  /** The room: `#alias:server`, `!id:server`, a `https://matrix.to/#/...` link or a `matrix:` URI. */
  declare room: string;

  /** Colour scheme: `light`, `dark` or `auto` (the visitor's). Unset: the page's `--matrix-color-scheme`, else `auto`. */
  declare theme: Theme | undefined;
  /** The homeserver to use when nobody is signed in (server name or base URL); the first one on the page wins. */
  declare homeserver: string;
  /** Signed-out visitors see the summary card; no guest account is created to show a preview. */
  declare withoutGuest: boolean;

  private declare signInOpen: boolean; private declare signInRequired: boolean;

  private get dialogEl(): HTMLDialogElement | null {
    return this.renderRoot?.querySelector<HTMLDialogElement>('dialog.sign-in') ?? null;
  }

  private readonly session = new SessionController(this, () => this.onSessionChange());
  private readonly internals: ElementInternals = this.attachInternals();
  private readonly composer = new RoomComposer(this, {
    model: () => this.model,
    session: () => this.session.value,
    followLatest: () => this.timeline.follow(true),
  });
  private readonly timeline: RoomTimeline = new RoomTimeline(this, {
    model: () => this.model,
    live: () => this.view.kind === 'joined',
    renderer: () => this.renderer,
    media: () => this.mediaResolver(),
    composer: this.composer,
  });
  private readonly banner = new ConnectionBanner(this, () => this.session.value, () => this.openSignIn());
  private readonly media = new RoomMedia();
  /** The room's lifecycle (summary, preview, live, join, retries): the element renders its state. */
  private readonly rv = new RoomView(this.session.value, (fn) => this.inLocale(fn), { afterPaint: () => afterPaint(this) });
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
  /** The timeline renderer (tiles, sanitizer, linkifier), loaded with `import()` when a timeline is first shown. */
  private declare renderer: TimelineRenderer | undefined;
  private readonly onViewChange = () => this.viewChanged();
  private readonly onViewError = (e: Event) => {
    const info = (e as CustomEvent<MatrixErrorInfo>).detail;
    if (info.operation === 'join') {
      this.composer.composerError = info.message;
      this.joinAskedHere = false;
    }
    this.dispatchEvent(new MatrixErrorEvent(info));
  };
  /** The visitor pressed this room's Join: once joined, focus goes to the composer (the Join button is gone). */
  private joinAskedHere = false;
  private readonly onJoined = (e: Event) => {
    this.dispatchEvent(new MatrixAfterJoinEvent((e as CustomEvent<AfterJoinDetail>).detail));
    if (!this.joinAskedHere) return;
    this.joinAskedHere = false;
    void this.whenComposer(() => {
      // Only if focus has nowhere else to be (it fell with the Join button or the sign-in dialog), never stolen.
      return !focusIsFree(this) || this.composer.focus();
    });
  };
  private readonly onModelMessage = (e: Event) => {
    const d = (e as CustomEvent<IncomingMessage>).detail;
    this.timeline.announcer.add(d.eventId, d.sender, d.body);
    this.dispatchEvent(new MatrixMessageEvent({ roomId: this.model?.roomId ?? '', eventId: d.eventId, sender: d.sender, body: d.body }));
  };

  constructor() {
    super();
    this.room = '';
    this.theme = undefined;
    this.homeserver = '';
    this.withoutGuest = false;
    this.signInOpen = false;
    this.signInRequired = false;
    this.renderer = loadedRenderer();
    new RoomScreenController(this, () => this.view.kind, () => !!this.renderer, () => this.session.value); // the last screen
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.homeserver) this.session.value.setDefaultHomeserver(this.homeserver);
    this.rv.addEventListener('change', this.onViewChange);
    this.rv.addEventListener('error', this.onViewError);
    this.rv.addEventListener('joined', this.onJoined);
    this.rv.addEventListener('message', this.onModelMessage);
    if (this.hasUpdated) {
      this.open();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.rv.close();
    this.rv.removeEventListener('change', this.onViewChange);
    this.rv.removeEventListener('error', this.onViewError);
    this.rv.removeEventListener('joined', this.onJoined);
    this.rv.removeEventListener('message', this.onModelMessage);
  }

  private open(): void {
    if (['signed-in', 'guest'].includes(this.session.value.status)) this.ensureRenderer(); // a timeline is coming
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
      this.composer.reset(model);
      this.timeline.follow(true);
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

  // --- loading ---

  /** Loads the timeline renderer (its own chunk); the skeleton stays until it arrives. */
  private ensureRenderer(): void {
    loadRenderer().then(
      (r) => (this.renderer = r),
      () => this.dispatchEvent(new MatrixErrorEvent({ operation: 'load-room', errcode: 'ME_UNREACHABLE', message: this.inLocale(() => msg('Could not load the room. Check your connection and try again.')) })),
    );
  }

  private onSessionChange(): void {
    if (this.signInOpen && this.session.value.status === 'signed-in') this.closeSignIn();
  }

  // --- join and sign-in ---

  private onJoinClick(): void {
    const roomId = this.model?.roomId ?? this.summary?.roomId ?? '';
    const alias = this.summary?.alias ?? (this.address?.kind === 'alias' ? this.address.value : undefined);
    if (!this.dispatchEvent(new MatrixJoinEvent(alias ? { roomId, alias } : { roomId }))) return;
    this.composer.composerError = undefined;
    this.joinAskedHere = true;
    if (!this.rv.requestJoin()) this.openSignIn(); // joins once the visitor has signed in
  }

  /** Waits (5 s at most) for <matrix-login>, which elements/room.ts loads at this click if not before; else a notice. */
  private openSignIn(): void {
    const timeout = new Promise((_, reject) => setTimeout(reject, customElements.get('matrix-login') ? 0 : 5000));
    void Promise.race([customElements.whenDefined('matrix-login'), timeout]).then(() => {
      this.signInOpen = true;
      return this.updateComplete.then(() => this.dialogEl?.open || this.dialogEl?.showModal());
    }, () => (this.signInRequired = true));
  }

  private closeSignIn(): void {
    this.dialogEl?.close();
    this.signInOpen = false;
  }

  // --- rendering ---

  /** The resolver for the room's media (see RoomMedia): the session's server, or the one the card was read from. */
  private mediaResolver(): MediaResolver | undefined {
    return this.media.resolver(this.session.value, this.rv.mediaServer);
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
    return cleanName(m?.name || this.summary?.name || this.summary?.alias || this.address?.value || msg('Room', { desc: 'Stands in for the name of a room that has none' }));
  }

  private renderHeader(): TemplateResult | typeof nothing {
    if (this.view.kind === 'loading' || this.view.kind === 'error' || this.view.kind === 'card') return nothing;
    const m = this.model;
    const topic = cleanName(m?.topic ?? this.summary?.topic ?? '', 300);
    const members = m?.memberCount ?? this.summary?.memberCount;
    return html`<header part="header">
      <span part="header-avatar" class="header-avatar">${this.renderAvatar(m?.avatarUrl ?? this.summary?.avatarUrl, this.roomTitle())}</span>
      <div class="header-text">
        <span part="header-title" class="title"><bdi>${this.roomTitle()}</bdi></span>
        ${topic ? html`<span class="subtitle"><bdi>${topic}</bdi></span>` : nothing}
      </div>
      ${members !== undefined ? html`<span class="subtitle">${memberCountText(members)}</span>` : nothing}
      <slot name="header-actions"></slot>${this.view.kind === 'preview' ? this.renderJoinButton() : nothing}
    </header>`;
  }

  private renderJoinButton(): TemplateResult {
    return html`<button part="join-button" class="primary" type="button" ?disabled=${this.rv.joining}
      @click=${() => this.onJoinClick()}>${this.rv.joining ? msg('Joining…') : msg('Join', { desc: 'Button: join the room' })}</button>`;
  }

  private renderBody(): TemplateResult {
    switch (this.view.kind) {
      case 'loading':
        return html`${loadingSkeleton()}
          ${this.rv.outage && this.address
            ? html`<p class="unreachable">${msg(html`While we retry, you can <a href=${matrixToLink(this.address)} target="_blank" rel="noopener noreferrer">open the room in your Matrix app</a>.`)}</p>`
            : nothing}`;
      case 'error':
        return html`<div part="error" role="alert" data-errcode=${this.view.info.errcode}>
          <p class="message">${this.view.info.message}</p>
          ${this.address ? html`<a href=${matrixToLink(this.address)} target="_blank" rel="noopener noreferrer">${msg('Open in your Matrix app')}</a>` : nothing}
        </div>`;
      case 'card':
        return this.renderCard();
      case 'preview':
      case 'joined':
        return html`${this.renderer ? this.timeline.render() : loadingSkeleton()} ${this.view.kind === 'joined' ? this.composer.render() : this.renderPreviewFooter()}`;
    }
  }

  private renderCard(): TemplateResult {
    const s = this.summary;
    const topic = cleanName(s?.topic ?? '', 500);
    return html`<section part="card" aria-label=${msg('Room', { desc: 'Stands in for the name of a room that has none' })}>
      ${this.renderAvatar(s?.avatarUrl, this.roomTitle(), true)}
      <h2 class="title"><bdi>${this.roomTitle()}</bdi></h2>
      ${s?.alias && s.alias !== this.roomTitle() ? html`<span class="subtitle"><bdi>${cleanName(s.alias)}</bdi></span>` : nothing}
      ${topic ? html`<p class="topic"><bdi>${topic}</bdi></p>` : nothing}
      ${s?.memberCount !== undefined ? html`<span class="members">${memberCountText(s.memberCount)}</span>` : nothing}
      ${this.renderJoinButton()}
      ${this.renderJoinNotes()}
    </section>`;
  }

  private renderJoinNotes(): TemplateResult {
    return html`${this.signInRequired && this.session.value.status !== 'signed-in'
      ? html`<p class="notice" role="status">${msg('Sign in to join this room.')}</p>`
      : nothing}
      ${this.composer.composerError && this.view.kind !== 'joined' ? html`<p class="notice" role="alert">${this.composer.composerError}</p>` : nothing}`;
  }

  private renderPreviewFooter(): TemplateResult {
    return html`<div part="composer" class="preview-footer">
      <div class="context"><span>${msg('You are reading this room as a visitor. Join to take part.')}</span></div>
      ${this.renderJoinNotes()}
    </div>`;
  }

  private renderSignInDialog(): TemplateResult | typeof nothing {
    if (!this.signInOpen) return nothing;
    return html`<dialog class="sign-in" aria-label=${msg('Sign in to join')} @close=${() => (this.signInOpen = false)}>
      <button class="dialog-close" type="button" aria-label=${msg('Close')} @click=${() => this.closeSignIn()}>${closeIcon()}</button>
      <p>${msg(html`Sign in or create an account to join ${renderName(this.roomTitle())}.`)}</p>
      ${this.homeserver ? html`<matrix-login homeserver=${this.homeserver}></matrix-login>` : html`<matrix-login></matrix-login>`}
    </dialog>`;
  }

  /**
   * Puts `text` in the composer without sending it, replacing what is there; it is kept as the draft, like typed
   * text. The composer exists once the visitor has joined: until then the call waits, and the promise resolves
   * when the text is in (it never rejects; it stays pending while the visitor has not joined).
   */
  prefill(text: string): Promise<void> {
    return this.whenComposer(() => this.composer.prefill(String(text)));
  }

  /** Moves focus to the composer's message field; like {@link prefill}, waits until the composer exists. */
  focusComposer(): Promise<void> {
    return this.whenComposer(() => this.composer.focus());
  }

  /** Calls `act` after each render until it returns true (the composer was there). */
  private whenComposer(act: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const attempt = () => {
        if (!act()) return false;
        resolve();
        return true;
      };
      void this.updateComplete.then(() => {
        if (!attempt()) this.composerWaiters.push(attempt);
      });
    });
  }
  private composerWaiters: Array<() => boolean> = [];

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.composerWaiters.length) this.composerWaiters = this.composerWaiters.filter((attempt) => !attempt());
  }

  /** Loads one page of older messages, keeping what is on screen where it is. */
  loadOlder(): Promise<boolean> {
    return this.timeline.loadOlder();
  }

  /** Scrolls to the newest messages (loading them when the reader went far back). */
  jumpToLatest(): Promise<void> {
    return this.timeline.jumpToLatest();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'matrix-room': MatrixRoom;
  }
}
