import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { LocalizedElement } from '../../internal/localized-element.ts';
import { memberCountText } from '../../render/counts.ts';
import { msg, str } from '../../session/texts.ts';
import { sharedStyles } from '../../styles/shared.ts';
import type { Theme } from '../../styles/tokens.ts';
import { MatrixAfterJoinEvent } from '../../events/matrix-after-join.ts';
import { MatrixErrorEvent } from '../../events/matrix-error.ts';
import { MatrixJoinEvent } from '../../events/matrix-join.ts';
import { checkIcon } from '../../internal/check-icon.ts';
import { slotted } from '../../internal/slots.ts';
import { initialOf } from '../../render/names.ts';
import { parseRoomAddress } from '../../session/room-address.ts';
import type { MatrixSession } from '../../session/session.ts';
import type { MatrixErrorInfo } from '../../session/types.ts';
import { joinButtonStyles } from './join-button.styles.ts';
import type * as JoinActionsModule from './join-actions.ts';

type JoinActions = typeof JoinActionsModule;
import type * as SignInDialogModule from './sign-in-dialog.ts';
import { RoomInfoController } from './room-info.ts';

export type JoinButtonSize = 'small' | 'medium' | 'large';
export type JoinButtonVariant = 'solid' | 'outline';


let nextId = 0;

/** The join: loaded on the first click that needs it, once per page. */
let actionsModule: Promise<JoinActions> | undefined;
const actions = (): Promise<JoinActions> => {
  actionsModule ??= import('./join-actions.ts');
  actionsModule.catch(() => (actionsModule = undefined));
  return actionsModule;
};

/**
 * "Join our Matrix room" for any page: the room's avatar, name and member count at once (read without
 * matrix-js-sdk), one click to join — through a sign-in / create-account dialog when the visitor has no
 * account yet — and always an "Open in your Matrix app" link for people who prefer their own client.
 *
 * @summary A button that shows a Matrix room is alive and joins it.
 *
 * @slot - The button's call to action, in place of "Join <room name>" (the avatar and member count stay; hide
 *   them with `without-avatar` / `without-count`). Shown wherever the built-in text would say "Join"; while
 *   joining and once joined the button says "Joining <room>" / "Joined <room>" instead, and with nothing to join
 *   (error) it shows the room's name and the reason. Its text is the button's accessible name; content without
 *   text (an icon alone) keeps "Join <room name>" for assistive technology.
 *
 * @fires matrix-join - Before joining, when the visitor clicks "Join" (cancelable). `{roomId, alias}`; `roomId` is empty while only the alias is known.
 * @fires matrix-after-join - After the visitor joined. `{roomId, alias}`
 * @fires matrix-error - When the room cannot be shown or joining fails. `{operation, errcode, message}`
 *
 * @csspart base - The wrapper of everything.
 * @csspart button - The "Join <room>" button (reads "Joined" once the visitor is in the room).
 * @csspart avatar - The room avatar (an image, or the room's initial).
 * @csspart label - "Join" / "Joined" and the room name.
 * @csspart count - "128 members".
 * @csspart open-button - "Open": shows the room's `<matrix-room>` or `<matrix-chat-launcher>` on this page.
 * @csspart app-link - "Open in your Matrix app" (a matrix.to link).
 * @csspart message - A message about the room or the join (unreachable server, refused join).
 * @csspart dialog - The sign-in dialog.
 *
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
 * @cssprop [--matrix-color-link=var(--matrix-color-accent)] - Links.
 * @cssprop [--matrix-join-button-avatar-size] - Avatar size (default by `size`: 1.5rem, 2rem, 2.75rem).
 *
 * @cssstate loading - Reading the room's information.
 * @cssstate ready - The room's information is shown and the visitor can join.
 * @cssstate joining - Joining (or waiting for the visitor to sign in to join).
 * @cssstate joined - The visitor is in the room.
 * @cssstate error - The room cannot be shown (bad address, unreachable server, no such room).
 */
export class MatrixJoinButton extends LocalizedElement {
  static override styles = [sharedStyles, joinButtonStyles];

  /** Declared without decorators (see internal/localized-element.ts); the initial values are set in the constructor. */
  static override properties: PropertyDeclarations = {
    room: { reflect: true },
    theme: { reflect: true },
    homeserver: {},
    size: { reflect: true },
    variant: { reflect: true },
    withoutCount: { type: Boolean, reflect: true, attribute: 'without-count' },
    withoutAvatar: { type: Boolean, reflect: true, attribute: 'without-avatar' },
    joining: { state: true, attribute: false }, waitingForSignIn: { state: true, attribute: false },
    joinError: { state: true, attribute: false }, announcement: { state: true, attribute: false },
    ownLabel: { state: true, attribute: false },
  };

  /** The room: `#alias:server`, `!id:server`, a `https://matrix.to/#/...` link or a `matrix:` URI. */
  declare room: string;

  /** Colour scheme: `light`, `dark`, or `auto` (the visitor's `prefers-color-scheme`). Unset: the page-wide
   * `--matrix-color-scheme`, else the page's own `color-scheme` (the button is painted on the page). */
  declare theme: Theme | undefined;
  /** The homeserver to read the room from and sign in on (server name or base URL); the first one on the page is the page default. */
  declare homeserver: string;
  /** `small`, `medium` (default) or `large`. */
  declare size: JoinButtonSize;
  /** `solid` (default): filled with the accent colour; `outline`: accent border and text. */
  declare variant: JoinButtonVariant;
  /** Hide the member count. */
  declare withoutCount: boolean;
  /** Hide the room avatar. */
  declare withoutAvatar: boolean;

  private declare joining: boolean;
  /** A click is waiting for the session code (see onButtonClick). */
  private clickPending = false;
  /** The sign-in dialog's module, once the first click that needs it has loaded it. */
  private dialog: typeof SignInDialogModule | undefined;
  private declare waitingForSignIn: boolean;
  private declare joinError: string | undefined;
  private declare announcement: string;
  /** What the page put in the default slot (see `slotted`). */
  private declare ownLabel: 0 | 1 | 2;

  private get dialogEl(): HTMLDialogElement | null {
    return this.renderRoot?.querySelector('dialog') ?? null;
  }
  private get buttonEl(): HTMLButtonElement | null {
    return this.renderRoot?.querySelector<HTMLButtonElement>('[part="button"]') ?? null;
  }

  private readonly info = new RoomInfoController(this, {
    onError: (e) => this.dispatchEvent(new MatrixErrorEvent(e)),
    onSession: () => this.onSessionChange(),
  });
  private readonly internals: ElementInternals = this.attachInternals();
  private readonly uid = `mjb${nextId++}`;

  constructor() {
    super();
    this.room = '';
    this.theme = undefined;
    this.homeserver = '';
    this.size = 'medium';
    this.variant = 'solid';
    this.withoutCount = false;
    this.withoutAvatar = false;
    this.joining = false;
    this.waitingForSignIn = false;
    this.announcement = '';
    this.ownLabel = 0;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.waitingForSignIn = false;
  }

  /** The visitor has joined the room (reflected in `:state(joined)`). */
  get joined(): boolean {
    return this.info.joined;
  }

  /** Focuses the join button. */
  override focus(options?: FocusOptions): void {
    this.buttonEl?.focus(options);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const current = this.currentState();
    for (const s of ['loading', 'ready', 'joining', 'joined', 'error']) {
      try {
        if (s === current) this.internals.states.add(s);
        else this.internals.states.delete(s);
      } catch {
        // Browsers without CustomStateSet: the states are a styling nicety.
      }
    }
  }

  private currentState(): 'loading' | 'ready' | 'joining' | 'joined' | 'error' {
    if (this.info.joined) return 'joined';
    if (this.joining || this.waitingForSignIn) return 'joining';
    if (!this.info.addressResult.ok || this.showsFailure()) return 'error';
    if (this.info.loading && !this.info.value) return 'loading';
    return 'ready';
  }

  /** The lookup failed in a way that leaves nothing to join (private rooms keep "Join": an invitee may join). */
  private showsFailure(): boolean {
    return this.info.failed && this.info.error?.errcode !== 'M_FORBIDDEN';
  }

  // --- joining ---

  private async onButtonClick(): Promise<void> {
    if (this.joining || this.clickPending || this.info.joined) return;
    this.joinError = undefined;
    const alias = this.info.alias;
    const ev = new MatrixJoinEvent(alias ? { roomId: this.info.roomId ?? '', alias } : { roomId: this.info.roomId ?? '' });
    if (!this.dispatchEvent(ev)) return;
    let session: MatrixSession;
    // A second click while the session code loads is the same click: one matrix-join, one dialog, one join.
    this.clickPending = true;
    try {
      // Loaded after the first paint already, unless the visitor was quicker.
      session = await this.info.session.load();
    } catch (e) {
      this.dispatchEvent(new MatrixErrorEvent({ operation: 'load-element', errcode: 'ME_UNREACHABLE', message: this.inLocale(() => msg(str`Could not load the sign-in code: ${e instanceof Error ? e.message : String(e)}`)) }));
      return;
    } finally {
      this.clickPending = false;
    }
    if (session.status !== 'signed-in') {
      void this.openDialog();
      return;
    }
    await this.join();
  }

  private async join(): Promise<void> {
    const address = this.info.address;
    if (!address || this.joining) return;
    this.joining = true;
    this.joinError = undefined;
    try {
      // The join loads with the first click that needs it: the first paint does not.
      const result = await (await actions()).joinAs(await this.info.session.load(), address, this.info.roomId, (fn) => this.inLocale(fn));
      if ('roomId' in result) {
        const roomId = result.roomId;
        this.info.markJoined(roomId);
        const name = this.info.name;
        this.announcement = this.inLocale(() => msg(str`Joined ${name}`));
        const alias = this.info.alias;
        this.dispatchEvent(new MatrixAfterJoinEvent(alias ? { roomId, alias } : { roomId }));
      } else {
        this.joinError = result.error.message;
        this.dispatchEvent(new MatrixErrorEvent(result.error));
      }
    } catch (e) {
      // The code of the join could not be loaded.
      const info: MatrixErrorInfo = { operation: 'join', errcode: 'ME_UNREACHABLE', message: this.inLocale(() => msg('Joining the room failed. Try again.')) };
      this.joinError = info.message;
      this.dispatchEvent(new MatrixErrorEvent(info));
      console.warn('matrix-embed: could not load the join code:', e);
    } finally {
      this.joining = false;
    }
  }

  private onSessionChange(): void {
    const status = this.info.session.value?.status;
    if (!this.waitingForSignIn) return;
    if (status === 'signed-in') {
      this.waitingForSignIn = false;
      this.closeDialog();
      if (!this.info.joined) void this.join();
    }
  }

  // --- the sign-in dialog ---

  private async openDialog(): Promise<void> {
    // The dialog (its markup, styles and <matrix-login>) is loaded now, the first time it is wanted.
    try {
      const dialog = (this.dialog ??= await import('./sign-in-dialog.ts'));
      dialog.adoptDialogStyles(this);
    } catch (e) {
      const info = { operation: 'load-element', errcode: 'ME_UNREACHABLE', message: this.inLocale(() => msg(str`Could not load the sign-in form: ${e instanceof Error ? e.message : String(e)}`)) };
      this.joinError = info.message;
      this.dispatchEvent(new MatrixErrorEvent(info));
      return;
    }
    this.waitingForSignIn = true;
    await this.updateComplete;
    const d = this.dialogEl;
    if (d && !d.open) d.showModal();
  }

  private closeDialog(): void {
    const d = this.dialogEl;
    if (d?.open) d.close();
  }

  private onDialogClose(): void {
    // Closed by the visitor (Escape, the close button) or after signing in.
    this.waitingForSignIn = false;
    void this.updateComplete.then(() => this.buttonEl?.focus());
  }

  // --- "Open" ---

  /** A `<matrix-chat-launcher>` (preferred) or `<matrix-room>` on this page showing this room. */
  private openTarget(): HTMLElement | undefined {
    const candidates = [...document.querySelectorAll<HTMLElement>('matrix-chat-launcher'), ...document.querySelectorAll<HTMLElement>('matrix-room')];
    return candidates.find((el) => {
      const parsed = parseRoomAddress(el.getAttribute('room'));
      return parsed.ok && this.info.matches(parsed.address.value);
    });
  }

  private onOpen(): void {
    const target = this.openTarget();
    if (!target) return;
    const launcher = target as HTMLElement & { toggle?: (force?: boolean) => boolean };
    if (target.localName === 'matrix-chat-launcher' && typeof launcher.toggle === 'function') {
      launcher.toggle(true);
      return;
    }
    target.scrollIntoView({ block: 'nearest' });
    // The room's message field (joined) or its timeline's one tab stop (the current message).
    const inner = target.shadowRoot?.querySelector<HTMLElement>('textarea')
      ?? target.shadowRoot?.querySelector<HTMLElement>('[part="timeline"] [tabindex="0"]');
    inner?.focus({ preventScroll: true });
  }

  // --- rendering ---

  override render(): TemplateResult {
    const info = this.info;
    const state = this.currentState();
    const bad = !info.addressResult.ok;
    const link = info.matrixToUrl;
    const message = bad
      ? (info.addressResult as { message: string }).message
      : this.joinError ?? (info.failed ? info.error?.message : undefined);
    return html`<div part="base" aria-busy=${state === 'loading' || state === 'joining' ? 'true' : 'false'}>
      <div class="row">
        ${bad || this.showsFailure() ? this.renderUnavailable() : this.renderButton(state)}
        ${state === 'joined' && this.openTarget()
          ? html`<button part="open-button" type="button" class="secondary" @click=${this.onOpen}>${msg('Open', { desc: 'Opens the chat of a room the visitor has joined' })}</button>`
          : nothing}
      </div>
      ${message
        ? html`<p part="message" class="message" role=${this.joinError || bad ? 'alert' : 'status'}>
            ${message}
            ${this.showsFailure() && info.error?.errcode === 'ME_UNREACHABLE'
              ? html`<button type="button" class="link-button" @click=${() => info.retry()}>${msg('Try again')}</button>`
              : nothing}
          </p>`
        : nothing}
      ${link
        ? html`<a part="app-link" href=${link} target="_blank" rel="noopener noreferrer">${msg('Open in your Matrix app')}</a>`
        : nothing}
      <span class="visually-hidden" role="status">${this.announcement}</span>
      ${this.waitingForSignIn && this.dialog
        ? this.dialog.renderSignInDialog({
            uid: this.uid,
            roomName: this.info.name,
            homeserver: this.homeserver || this.info.value?.baseUrl || '',
            onClose: () => this.onDialogClose(),
            close: () => this.closeDialog(),
          })
        : nothing}
    </div>`;
  }

  private renderAvatar(): TemplateResult | typeof nothing {
    if (this.withoutAvatar) return nothing;
    const src = this.info.avatarSrc;
    return src
      ? html`<img part="avatar" class="avatar" src=${src} alt="" />`
      : html`<span part="avatar" class="avatar initial" aria-hidden="true">${initialOf(this.info.name)}</span>`;
  }

  private renderCount(): TemplateResult | typeof nothing {
    const n = this.info.memberCount;
    if (this.withoutCount || n === undefined) return nothing;
    return html`<span part="count" class="count">${memberCountText(n)}</span>`;
  }

  private renderButton(state: string): TemplateResult {
    const joined = state === 'joined';
    // The verb and the name are one sentence for translators ("Join Lobby", "Lobby beitreten").
    const name = html`<bdi class="name">${this.info.name}</bdi>`;
    const check = html`<span class="check">${checkIcon()}</span>`;
    const label = joined ? html`${check}${msg(html`Joined ${name}`, { desc: 'Join button label' })}`
      : this.joining ? msg(html`Joining ${name}`, { desc: 'Join button label' })
      : msg(html`Join ${name}`, { desc: 'Join button label' });
    // The page's label replaces the call to action only: "Joining" and "Joined" are the element's own.
    const own = joined || this.joining ? 0 : this.ownLabel;
    return html`<button part="button" type="button" class="main"
      aria-disabled=${joined || this.joining ? 'true' : 'false'}
      @click=${() => void this.onButtonClick()}>
      ${this.renderAvatar()}
      <span class="text">
        <span part="label" class="label"><slot ?hidden=${joined || this.joining} @slotchange=${(e: Event) => (this.ownLabel = slotted(e.target as HTMLSlotElement))}></slot><span ?hidden=${own > 1} class=${own ? 'visually-hidden' : ''}>${label}</span></span>
        ${this.renderCount()}
      </span>
    </button>`;
  }

  /** Nothing to join (bad address, server down, no such room): the name and the reason, no button. */
  private renderUnavailable(): TemplateResult {
    return html`<span part="button" class="main unavailable">
      ${this.renderAvatar()}
      <span class="text"><span part="label" class="label"><bdi class="name">${this.info.name}</bdi></span></span>
    </span>`;
  }


}


declare global {
  interface HTMLElementTagNameMap {
    'matrix-join-button': MatrixJoinButton;
  }
}
