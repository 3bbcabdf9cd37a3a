import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { LocalizedElement } from '../../internal/localized-element.ts';
import { formatNumber, msg, plural, str } from '../../session/texts.ts';
import { sharedStyles } from '../../styles/shared.ts';
import type { Theme } from '../../styles/tokens.ts';
import { closeIcon, minimizeIcon } from '../../internal/icons.ts';
import { MatrixErrorEvent } from '../../events/matrix-error.ts';
import { MatrixLauncherToggleEvent } from '../../events/matrix-launcher-toggle.ts';
import type { MessageDetail } from '../../events/matrix-message.ts';
import { slotted } from '../../internal/slots.ts';
import { initialOf } from '../../render/names.ts';
import { getSession } from '../../session/get-session.ts';
import { UnreadCounter } from '../../session/unread.ts';
import { RoomInfoController } from '../join-button/room-info.ts';
// The launcher always has a session: fetch room-info's session half with the launcher, not after it.
import '../join-button/room-info-session.ts';
import { chatLauncherStyles } from './chat-launcher.styles.ts';

export type LauncherPosition = 'bottom-right' | 'bottom-left';

let nextId = 0;

/**
 * A floating chat button for documentation and community sites (what Gitter's Sidecar was): the room's
 * avatar with an unread badge; a click opens a panel with the live `<matrix-room>` over the page (full screen
 * on screens narrower than 640 px), where visitors read, sign in and take part.
 *
 * It costs nothing until used: matrix-js-sdk loads when the panel first opens — earlier only with `preload`,
 * or when the visitor already has a session, in which case the page's one sync loop runs in the background so
 * the badge counts messages that arrive while the panel is closed.
 *
 * "Minimize" hides the panel and keeps the conversation as it is (scroll position, what you were typing);
 * "Close" (and Escape) hides it and ends the room view, which starts fresh on the next open.
 *
 * @summary A floating button that opens a Matrix room over the page.
 *
 * @slot button - The floating button's content (an icon, a short text or both), in place of the room's avatar.
 *   The unread badge stays. With text (or an `aria-label` / `alt` in it) that text names the button, followed by
 *   the unread count; content without text (an icon alone) keeps the name "Chat: <room name>". With content in
 *   this slot the button grows from a circle to a pill as wide as the content needs.
 *
 * @fires matrix-launcher-toggle - After the panel opened or closed through the button, close, minimize, Escape, `show()`, `close()` or `toggle()` (not when the `open` property or attribute is set). `{open}`
 * @fires matrix-error - When the room's information cannot be read. `{operation, errcode, message}` (the room in the panel fires its own events too)
 *
 * @csspart base - The wrapper of everything.
 * @csspart button - The floating button.
 * @csspart avatar - The room avatar on the button and in the panel header.
 * @csspart badge - The unread count on the button.
 * @csspart panel - The chat panel.
 * @csspart header - The panel's title bar.
 * @csspart title - The room name in the header.
 * @csspart minimize-button - "Minimize chat".
 * @csspart close-button - "Close chat".
 * @csspart room - The `<matrix-room>` in the panel.
 *
 * @cssprop [--matrix-launcher-offset=1.25rem] - Distance from the edges of the window (0.75rem on screens narrower than 640 px).
 * @cssprop [--matrix-launcher-button-size=3.5rem] - Diameter of the floating button (2.75rem on screens narrower than 640 px).
 * @cssprop [--matrix-launcher-width=24rem] - Width of the panel.
 * @cssprop [--matrix-launcher-height=36rem] - Height of the panel.
 * @cssprop [--matrix-launcher-z-index=2147483000] - Stacking order over the page.
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
 * @cssprop [--matrix-color-badge=var(--matrix-color-danger)] - The unread badge.
 * @cssprop [--matrix-color-on-badge=var(--matrix-color-on-accent)] - Text of the unread badge.
 *
 * @cssstate open - The panel is open.
 * @cssstate minimized - The panel is closed but keeps its conversation.
 * @cssstate unread - The badge shows unread messages.
 */
export class MatrixChatLauncher extends LocalizedElement {
  static override styles = [sharedStyles, chatLauncherStyles];

  /** Declared without decorators (see internal/localized-element.ts); the initial values are set in the constructor. */
  static override properties: PropertyDeclarations = {
    room: { reflect: true },
    theme: { reflect: true },
    homeserver: {},
    position: { reflect: true },
    open: { type: Boolean, reflect: true },
    preload: { type: Boolean, reflect: true },
    ownButton: { state: true, attribute: false }, mounted: { state: true, attribute: false },
  };

  /** The room: `#alias:server`, `!id:server`, a `https://matrix.to/#/...` link or a `matrix:` URI. */
  declare room: string;

  /** Colour scheme: `light`, `dark` or `auto` (the visitor's). Unset: the page's `--matrix-color-scheme`, else `auto`. */
  declare theme: Theme | undefined;
  /** The homeserver to use when nobody is signed in (server name or base URL); the first one on the page is the page default. */
  declare homeserver: string;
  /** Which corner: `bottom-right` (default) or `bottom-left`. */
  declare position: LauncherPosition;
  /** Whether the panel is open. Setting it from script opens or closes without an event. */
  declare open: boolean;
  /** Load matrix-js-sdk in the background right away, so the first open is instant. */
  declare preload: boolean;

  /** What the page put in the `button` slot (see `slotted`). */
  private declare ownButton: 0 | 1 | 2;
  /** The room view exists (first open until "Close"); minimized keeps it. */
  private declare mounted: boolean;

  private get panelEl(): HTMLElement | null {
    return this.renderRoot?.querySelector<HTMLElement>('[part="panel"]') ?? null;
  }
  private get buttonEl(): HTMLButtonElement | null {
    return this.renderRoot?.querySelector<HTMLButtonElement>('[part="button"]') ?? null;
  }

  /** The launcher keeps the page's one sync loop running for its badge: it holds the session from the start. */
  private readonly session = getSession();
  private readonly info = new RoomInfoController(this, {
    onError: (e) => this.dispatchEvent(new MatrixErrorEvent(e)),
    session: this.session,
  });
  private readonly internals: ElementInternals = this.attachInternals();
  private readonly uid = `mcl${nextId++}`;
  private focusTarget: 'panel' | 'button' | undefined;
  /** The badge: messages from others while the panel was closed (session/unread.ts). */
  private readonly unreadCounter = new UnreadCounter(this.session, (id) => this.info.matches(id));
  private readonly onUnread = () => this.requestUpdate();

  constructor() {
    super();
    this.room = '';
    this.theme = undefined;
    this.homeserver = '';
    this.position = 'bottom-right';
    this.open = false;
    this.preload = false;
    this.ownButton = 0;
    this.mounted = false;
  }

  private get unreadCount(): number {
    return this.unreadCounter.count;
  }

  /** Messages from others that arrived while the panel was closed (the badge). */
  get unread(): number {
    return this.unreadCount;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.unreadCounter.addEventListener('change', this.onUnread);
    this.unreadCounter.setAway(!this.open);
    this.unreadCounter.start();
    if (this.preload) this.loadPanel();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unreadCounter.stop();
    this.unreadCounter.removeEventListener('change', this.onUnread);
  }

  /**
   * Opens or closes the panel (`force` true opens, false closes, absent flips), moves focus into the panel
   * or back to the button, and fires `matrix-launcher-toggle` when the state changed. Returns the new state.
   */
  toggle(force?: boolean): boolean {
    const next = force ?? !this.open;
    if (next !== this.open) this.change(next, 'minimize');
    return next;
  }

  /**
   * Opens the panel, as a click on the button does (focus moves into it; `matrix-launcher-toggle` fires when it
   * was closed). Named like `<dialog>`'s `show()`: `open` is the property, which opens without an event.
   */
  show(): void {
    this.toggle(true);
  }

  /**
   * Closes the panel as its "Close" button does: the room view ends and starts fresh on the next open
   * (`toggle(false)` minimizes instead). Fires `matrix-launcher-toggle` when it was open.
   */
  close(): void {
    if (this.open) this.change(false, 'close');
    else this.mounted = false;
  }

  /** Focuses the floating button. */
  override focus(options?: FocusOptions): void {
    this.buttonEl?.focus(options);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('open') && this.open) {
      this.mounted = true;
      this.loadPanel();
    }
    if (changed.has('open')) this.unreadCounter.setAway(!this.open);
    if (changed.has('preload') && this.preload) this.loadPanel();
  }

  /**
   * The panel's `<matrix-room>` element and the SDK it will want (preview, join), fetched in parallel: on the
   * first open, or ahead of it with `preload`. Neither is part of the button's first paint.
   */
  private loadPanel(): void {
    void import('../../elements/room.ts').catch((e: unknown) => {
      this.dispatchEvent(new MatrixErrorEvent({ operation: 'load-element', errcode: 'ME_UNREACHABLE', message: this.inLocale(() => msg(str`Could not load the chat: ${e instanceof Error ? e.message : String(e)}`)) }));
    });
    this.session.preloadClient();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const states: Record<string, boolean> = {
      open: this.open,
      minimized: !this.open && this.mounted,
      unread: this.unreadCount > 0,
    };
    for (const [name, on] of Object.entries(states)) {
      try {
        if (on) this.internals.states.add(name);
        else this.internals.states.delete(name);
      } catch {
        // Browsers without CustomStateSet: the states are a styling nicety.
      }
    }
    const target = this.focusTarget;
    this.focusTarget = undefined;
    if (target === 'panel') this.panelEl?.focus();
    else if (target === 'button') this.buttonEl?.focus();
  }

  /** Opens or closes because someone asked (button, close, minimize, Escape, `toggle()`). */
  private change(open: boolean, how: 'minimize' | 'close'): void {
    const focusInside = this.matches(':focus-within');
    const wasOpen = this.open;
    this.open = open;
    if (!open && how === 'close') this.mounted = false;
    if (open) this.focusTarget = 'panel';
    else if (focusInside || wasOpen) this.focusTarget = 'button';
    if (wasOpen !== open) this.dispatchEvent(new MatrixLauncherToggleEvent({ open }));
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.key !== 'Escape' || !this.open || e.defaultPrevented) return;
    // Escape inside a dialog of the room (its sign-in dialog) closes that dialog, not the panel.
    if (e.composedPath().some((n) => n instanceof HTMLDialogElement && n.open)) return;
    e.preventDefault();
    this.change(false, 'close');
  }

  // --- unread badge ---

  /** The room's own `matrix-message` (also in a read-only preview, while minimized). */
  private onRoomMessage(e: Event): void {
    const d = (e as CustomEvent<MessageDetail>).detail;
    if (!d) return;
    this.unreadCounter.countMessage(d.eventId, 'm.room.message', d.sender);
  }

  // --- rendering ---

  private renderAvatar(): TemplateResult {
    const src = this.info.avatarSrc;
    return src
      ? html`<img part="avatar" class="avatar" src=${src} alt="" />`
      : html`<span part="avatar" class="avatar initial" aria-hidden="true">${initialOf(this.info.name)}</span>`;
  }

  /** The button's name ("Chat: Lobby, 2 unread messages"); after the page's own text only the unread count. */
  private launcherLabel(name: string, n: number, ownText: boolean): string {
    const count = formatNumber(n);
    const unread = plural(n, msg(str`${count} unread message`), msg(str`${count} unread messages`));
    if (ownText) return n ? `, ${unread}` : '';
    return n ? msg(str`Chat: ${name}, ${unread}`) : msg(str`Chat: ${name}`);
  }

  override render(): TemplateResult {
    const name = this.info.name;
    const n = this.unreadCount;
    const panelId = `${this.uid}-panel`;
    const titleId = `${this.uid}-title`;
    return html`<div part="base" @keydown=${this.onKeydown}>
      <section part="panel" id=${panelId} role="dialog" aria-modal="false" aria-labelledby=${titleId} tabindex="-1" ?hidden=${!this.open}>
        <header part="header">
          ${this.renderAvatar()}
          <h2 part="title" id=${titleId} class="title"><bdi>${name}</bdi></h2>
          <button part="minimize-button" type="button" class="icon" aria-label=${msg('Minimize chat')} title=${msg('Minimize')}
            @click=${() => this.change(false, 'minimize')}>${minimizeIcon()}</button>
          <button part="close-button" type="button" class="icon" aria-label=${msg('Close chat')} title=${msg('Close')}
            @click=${() => this.change(false, 'close')}>${closeIcon()}</button>
        </header>
        <div class="body">
          ${this.mounted
            ? html`<matrix-room part="room" room=${this.room} homeserver=${this.homeserver || nothing} theme=${this.theme ?? nothing}
                @matrix-message=${this.onRoomMessage}></matrix-room>`
            : nothing}
        </div>
      </section>
      <button part="button" type="button" class=${this.ownButton ? 'launcher own' : 'launcher'} aria-expanded=${this.open ? 'true' : 'false'} aria-controls=${panelId}
        @click=${() => this.change(!this.open, 'minimize')}>
        <slot name="button" @slotchange=${(e: Event) => (this.ownButton = slotted(e.target as HTMLSlotElement))}>${this.renderAvatar()}</slot><span
          class="visually-hidden">${this.launcherLabel(name, n, this.ownButton > 1)}</span>
        ${n ? html`<span part="badge" class="badge" aria-hidden="true">${n > 99 ? `${formatNumber(99)}+` : formatNumber(n)}</span>` : nothing}
      </button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'matrix-chat-launcher': MatrixChatLauncher;
  }
}
