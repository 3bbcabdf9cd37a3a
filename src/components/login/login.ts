import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { focusIsFree } from '../../internal/focus.ts';
import { LocalizedElement } from '../../internal/localized-element.ts';
import { formatNumber, msg, plural, str } from '../../session/texts.ts';
import { sharedStyles } from '../../styles/shared.ts';
import type { Theme } from '../../styles/tokens.ts';
import { SessionController } from '../../context/session-controller.ts';
import { MatrixErrorEvent } from '../../events/matrix-error.ts';
import { MatrixLoginEvent } from '../../events/matrix-login.ts';
import { MatrixAfterLoginEvent } from '../../events/matrix-after-login.ts';
import { MatrixLogoutEvent } from '../../events/matrix-logout.ts';
import { MatrixAfterLogoutEvent } from '../../events/matrix-after-logout.ts';
import { ME, MatrixApiError } from '../../session/errors.ts';
import { describeError, type ErrorField } from '../../session/error-texts.ts';
import { localpartOf, serverNameOf } from '../../session/discovery.ts';
import type { ServerAuth, SessionUser, UiaAnswer, UiaStep } from '../../session/session.ts';
import { loginStyles } from './login.styles.ts';

type Mode = 'sign-in' | 'register';
type Busy = '' | 'sign-in' | 'register' | 'oauth' | 'sso' | 'guest' | 'sign-out';
type Availability = { name: string; state: 'checking' | 'available' | 'taken'; message: string } | undefined;

let nextId = 0;

/**
 * Below this many characters the create-account form says the password is easy to guess. Only a hint: the
 * server decides what it accepts (Synapse's password policy, when enabled, usually asks for 8 or more, and
 * its answer is shown next to the password).
 */
export const PASSWORD_HINT_LENGTH = 8;

/**
 * Sign in, create an account, or continue as a guest — on any homeserver: OAuth 2.0 servers (matrix.org and
 * every server behind Matrix Authentication Service) through their own page, and password / SSO /
 * User-Interactive registration on the others. Signed in, it shows who you are and a "Sign out" button.
 * Every matrix-embed element on the page shares the one session this element signs in.
 *
 * @fires matrix-login - Before signing in, signing up or starting a guest session (cancelable). `{userId, homeserver, guest}`
 * @fires matrix-after-login - After it succeeded. `{userId, homeserver, guest}`
 * @fires matrix-logout - Before signing out (cancelable). `{userId, homeserver, guest}`
 * @fires matrix-after-logout - After signing out. `{userId, homeserver, guest}`
 * @fires matrix-error - When an operation fails. `{operation, errcode, message}`
 *
 * @csspart base - The wrapper of everything.
 * @csspart tabs - The "Sign in" / "Create account" switch.
 * @csspart form - The user name and password form.
 * @csspart oauth-button - "Continue with <server>".
 * @csspart guest-button - "Continue as guest".
 * @csspart avatar - The signed-in user's avatar (initial).
 * @csspart sign-out-button - "Sign out".
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
 * @cssprop [--matrix-login-max-width=24rem] - Width limit.
 * @cssprop [--matrix-login-avatar-size=2.5rem] - Avatar size.
 *
 * @cssstate loading - Something is in progress (restoring, checking the server, signing in or out).
 * @cssstate signed-in - A user is signed in (not a guest).
 * @cssstate guest - A guest session is active.
 * @cssstate soft-logout - The session expired; signing in again keeps the device.
 * @cssstate error - An error is shown.
 */
export class MatrixLogin extends LocalizedElement {
  static override styles = [sharedStyles, loginStyles];

  /** Declared without decorators (see internal/localized-element.ts); the initial values are set in the constructor. */
  static override properties: PropertyDeclarations = {
    homeserver: { reflect: true },
    theme: { reflect: true },
    redirectUri: { attribute: 'redirect-uri' },
    mode: { reflect: true },
    withoutGuest: { type: Boolean, attribute: 'without-guest' },
    unsentWarning: { state: true, attribute: false }, username: { state: true, attribute: false },
    password: { state: true, attribute: false }, confirm: { state: true, attribute: false },
    serverInput: { state: true, attribute: false }, regToken: { state: true, attribute: false },
    termsAccepted: { state: true, attribute: false }, busy: { state: true, attribute: false },
    errors: { state: true, attribute: false }, auth: { state: true, attribute: false },
    authLoading: { state: true, attribute: false }, step: { state: true, attribute: false },
    availability: { state: true, attribute: false }, announcement: { state: true, attribute: false },
  };

  /** Server name (`example.org`) or base URL. The first `homeserver` on the page becomes the page's default. */
  declare homeserver: string;

  /** Colour scheme: `light`, `dark` or `auto` (the visitor's). Unset: the page's `--matrix-color-scheme`, else `auto`. */
  declare theme: Theme | undefined;

  /** Where OAuth / SSO bring the visitor back; default: this page. Must be under this page's origin. */
  declare redirectUri: string;

  /** Which tab shows first: `sign-in` or `register`. */
  declare mode: Mode;

  /** Hide "Continue as guest" even where the server allows guests. */
  declare withoutGuest: boolean;

  /** Messages still waiting when Sign out was pressed: the confirmation is shown. */
  private declare unsentWarning: number;
  private declare username: string;
  private declare password: string;
  private declare confirm: string;
  private declare serverInput: string;
  private declare regToken: string;
  private declare termsAccepted: boolean;
  private declare busy: Busy;
  private declare errors: Partial<Record<ErrorField, string>>;
  private declare auth: ServerAuth | undefined;
  private declare authLoading: boolean;
  private declare step: UiaStep | undefined;
  private declare availability: Availability;

  private readonly session = new SessionController(this);
  private readonly internals = this.attachInternals();
  private readonly uid = `ml${nextId++}`;
  private authKey = '';
  /** The account this form last saw signed in; when it ends (here, in another element or another tab), the form starts over. */
  private signedInAs = '';
  /** The view last rendered; when it changes (signed in, out), focus follows to the new one — see moveFocus. */
  private shownView: 'restoring' | 'signed-in' | 'form' | undefined;
  /** Focus was inside this element just before the update (the visitor was using it). */
  private focusWasInside = false;
  /** This element started the sign-in, sign-up or sign-out (its button may have lost focus while busy). */
  private actedHere = false;
  /** Said once politely when the visitor signs in or out, for screen readers. */
  private declare announcement: string;
  private authTimer: ReturnType<typeof setTimeout> | undefined;
  private availTimer: ReturnType<typeof setTimeout> | undefined;
  private availAbort: AbortController | undefined;
  private answerStep: ((a: UiaAnswer) => void) | undefined;
  private cancelStep: ((e: unknown) => void) | undefined;
  private popup: Window | null = null;

  private readonly onMessage = (e: MessageEvent) => {
    // The UIA fallback page posts "authDone" to its opener when the stage is complete (spec: "Fallback").
    if (e.data === 'authDone' && this.popup && e.source === this.popup && this.step?.type === 'fallback') {
      this.popup.close(); // its page only says "you may close this window": do it for the person
      this.popup = null;
      this.answer({ type: 'fallback', done: true });
    }
  };

  constructor() {
    super();
    this.homeserver = '';
    this.theme = undefined;
    this.redirectUri = '';
    this.mode = 'sign-in';
    this.withoutGuest = false;
    this.unsentWarning = 0;
    this.username = '';
    this.password = '';
    this.confirm = '';
    this.serverInput = '';
    this.regToken = '';
    this.termsAccepted = false;
    this.busy = '';
    this.errors = {};
    this.authLoading = false;
    this.announcement = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    globalThis.addEventListener('message', this.onMessage);
    void this.session.value.whenReady().then(() => {
      const done = this.session.value.takeRedirectResult();
      if (done) this.dispatchEvent(new MatrixAfterLoginEvent(done));
      const notice = this.session.value.notice;
      if (notice && notice.operation === 'sign-in') this.dispatchEvent(new MatrixErrorEvent(notice));
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    globalThis.removeEventListener('message', this.onMessage);
    clearTimeout(this.authTimer);
    clearTimeout(this.availTimer);
    this.availAbort?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('homeserver') && this.homeserver) this.session.value.setDefaultHomeserver(this.homeserver);
    const s = this.session.value;
    if (s.status === 'soft-logout' && !this.username && s.userId) this.username = s.userId;
    const account = s.status === 'signed-in' || s.status === 'soft-logout' ? (s.userId ?? '') : '';
    if (this.signedInAs && !account) this.startOver();
    if (account && account !== this.signedInAs && s.status === 'signed-in') this.announcement = msg(str`Signed in as ${account}.`);
    else if (this.signedInAs && !account) this.announcement = msg('Signed out.');
    this.signedInAs = account;
    this.focusWasInside = !!this.shadowRoot?.activeElement;
    this.scheduleAuthLoad();
  }

  private viewOf(): 'restoring' | 'signed-in' | 'form' {
    const status = this.session.value.status;
    return status === 'restoring' ? 'restoring' : status === 'signed-in' ? 'signed-in' : 'form';
  }

  /**
   * After a sign-in, sign-up or sign-out the old view (and the focused button in it) is gone: focus goes to the
   * new one — the signed-in summary, or the empty form's first field — when the visitor was using this element
   * and has not moved on elsewhere on the page meanwhile. A change made elsewhere never steals focus.
   */
  private moveFocus(): void {
    const view = this.viewOf();
    const before = this.shownView;
    this.shownView = view;
    if (before === undefined || before === view || view === 'restoring') return;
    if (!(this.focusWasInside || this.actedHere) || !focusIsFree(this) || this.shadowRoot?.activeElement) return;
    this.actedHere = false;
    const target = view === 'signed-in'
      ? this.renderRoot.querySelector<HTMLElement>('.user')
      : this.renderRoot.querySelector<HTMLElement>('input:not([type="hidden"]):not([disabled]), [part="tabs"] [aria-selected="true"]');
    target?.focus();
  }

  protected override updated(): void {
    this.moveFocus();
    const s = this.session.value;
    const states: Record<string, boolean> = {
      loading: !!this.busy || this.authLoading || s.status === 'restoring',
      'signed-in': s.status === 'signed-in',
      guest: s.status === 'guest',
      'soft-logout': s.status === 'soft-logout',
      error: Object.values(this.errors).some(Boolean) || !!s.notice,
    };
    for (const [name, on] of Object.entries(states)) {
      try {
        if (on) this.internals.states.add(name);
        else this.internals.states.delete(name);
      } catch {
        // Browsers without CustomStateSet: states are an enhancement.
      }
    }
  }

  // --- which server ---

  /** The server the form talks to: a typed full user ID's server, else the homeserver field / attribute / page default. */
  private target(): string {
    return serverNameOf(this.username) ? this.username.trim() : this.configuredServer();
  }

  /**
   * The homeserver field / attribute / page default. A full user ID whose server cannot be discovered is tried
   * there (the session does that), so it is passed along even when a user ID is typed.
   */
  private configuredServer(): string {
    const s = this.session.value;
    if (s.status === 'soft-logout' && s.homeserverUrl) return s.homeserverUrl;
    return this.serverInput.trim() || this.homeserver || s.defaultHomeserver || s.homeserverUrl || '';
  }

  private serverKey(): string {
    const t = this.target();
    return serverNameOf(t) ?? t;
  }

  private needsServerField(): boolean {
    const s = this.session.value;
    return !this.homeserver && !s.defaultHomeserver && !(s.status === 'soft-logout');
  }

  private scheduleAuthLoad(): void {
    const key = this.serverKey();
    if (key === this.authKey) return;
    this.authKey = key;
    clearTimeout(this.authTimer);
    if (!key) {
      this.auth = undefined;
      return;
    }
    // Typing a user ID changes the server on every key: wait for a pause.
    this.authTimer = setTimeout(() => void this.loadAuth(key), this.auth ? 400 : 0);
  }

  private async loadAuth(key: string): Promise<void> {
    this.authLoading = true;
    try {
      const auth = await this.session.value.serverAuth(this.target(), this.configuredServer() || undefined);
      if (key !== this.authKey) return;
      this.auth = auth;
      this.setError('homeserver', undefined);
    } catch (e) {
      if (key !== this.authKey) return;
      this.auth = undefined;
      const d = this.inLocale(() => describeError('discover', e, key));
      this.setError('homeserver', d.message);
      this.dispatchEvent(new MatrixErrorEvent({ operation: d.operation, errcode: d.errcode, message: d.message }));
    } finally {
      if (key === this.authKey) this.authLoading = false;
    }
  }

  // --- actions ---

  /** `message` as a function is written in the element's language (handlers run outside render). */
  private setError(field: ErrorField, message: string | (() => string) | undefined): void {
    this.errors = { ...this.errors, [field]: typeof message === 'function' ? this.inLocale(message) : message };
  }

  private fail(operation: string, e: unknown): void {
    this.actedHere = false; // the view stays: focus stays where it is
    const d = this.inLocale(() => describeError(operation, e, this.auth?.serverName ?? (this.serverKey() || undefined)));
    if (d.errcode === ME.cancelled) return;
    this.errors = { [d.field]: d.message };
    this.dispatchEvent(new MatrixErrorEvent({ operation: d.operation, errcode: d.errcode, message: d.message }));
  }

  private announce(guest: boolean): boolean {
    const userId = this.username.trim();
    return this.dispatchEvent(new MatrixLoginEvent({ userId: guest ? '' : userId, homeserver: this.auth?.baseUrl ?? this.target(), guest }));
  }

  private onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    if (this.busy) return;
    if (this.mode === 'register') void this.doRegister();
    else void this.doSignIn();
  }

  private async doSignIn(): Promise<void> {
    if (!this.username.trim()) return this.setError('username', () => msg('Enter your user name.'));
    if (!this.password) return this.setError('password', () => msg('Enter your password.'));
    if (!this.announce(false)) return;
    this.busy = 'sign-in';
    this.actedHere = true;
    this.errors = {};
    this.session.value.clearNotice();
    try {
      const user = await this.session.value.signIn({ username: this.username, password: this.password, homeserver: this.configuredServer() || undefined });
      this.succeeded(user);
    } catch (e) {
      this.fail('sign-in', e);
    } finally {
      this.busy = '';
    }
  }

  private serverOverride(): string | undefined {
    return serverNameOf(this.username) ? undefined : this.target() || undefined;
  }

  private async doRegister(): Promise<void> {
    if (this.step) return this.submitStep();
    if (!this.username.trim()) return this.setError('username', () => msg('Choose a user name.'));
    if (!this.password) return this.setError('password', () => msg('Choose a password.'));
    if (this.password !== this.confirm) return this.fail('register', new MatrixApiError(ME.passwordMismatch, 'mismatch'));
    if (!this.announce(false)) return;
    this.busy = 'register';
    this.actedHere = true;
    this.errors = {};
    this.session.value.clearNotice();
    try {
      const user = await this.session.value.register({
        username: this.username,
        password: this.password,
        homeserver: this.serverOverride(),
        ask: (step) => this.ask(step),
      });
      this.succeeded(user);
    } catch (e) {
      this.fail('register', e);
    } finally {
      this.busy = '';
      this.step = undefined;
      this.answerStep = this.cancelStep = undefined;
      this.popup?.close();
      this.popup = null;
    }
  }

  /** Shows a UIA stage and waits for the person to complete it. */
  private ask(step: UiaStep): Promise<UiaAnswer> {
    this.step = step;
    this.termsAccepted = false;
    this.busy = '';
    this.errors = step.error ? { [step.type === 'm.login.registration_token' ? 'token' : 'form']: step.error.message } : {};
    return new Promise<UiaAnswer>((resolve, reject) => {
      this.answerStep = resolve;
      this.cancelStep = reject;
    });
  }

  private answer(a: UiaAnswer): void {
    const resolve = this.answerStep;
    this.answerStep = this.cancelStep = undefined;
    this.busy = 'register';
    this.errors = {};
    resolve?.(a);
  }

  private submitStep(): void {
    const step = this.step;
    if (!step) return;
    if (step.type === 'm.login.terms') {
      if (!this.termsAccepted) return this.setError('terms', () => msg('Accept the terms to create your account.'));
      this.answer({ type: 'm.login.terms', accepted: true });
    } else if (step.type === 'm.login.registration_token') {
      if (!this.regToken.trim()) return this.setError('token', () => msg('Enter the registration token you were given.'));
      this.answer({ type: 'm.login.registration_token', token: this.regToken.trim() });
    } else {
      this.openFallback();
    }
  }

  private openFallback(): void {
    if (this.step?.type !== 'fallback') return;
    this.popup = globalThis.open(this.step.url, `${this.uid}-uia`, 'popup,width=520,height=680');
    if (!this.popup) this.setError('form', () => msg('Your browser blocked the verification window. Allow pop-ups for this site and try again.'));
  }

  private cancelRegistration(): void {
    const reject = this.cancelStep;
    this.answerStep = this.cancelStep = undefined;
    reject?.(new DOMException('Cancelled', 'AbortError'));
  }

  private async doOAuth(): Promise<void> {
    if (this.busy || !this.announce(false)) return;
    this.busy = 'oauth';
    this.errors = {};
    try {
      await this.session.value.signInWithOAuth({
        homeserver: this.auth?.baseUrl ?? this.target(),
        create: this.mode === 'register',
        redirectUri: this.redirectUri || undefined,
      });
      // The page is leaving for the server's sign-in page; stay busy.
    } catch (e) {
      this.busy = '';
      this.fail(this.mode === 'register' ? 'register' : 'sign-in', e);
    }
  }

  private async doSso(idpId?: string): Promise<void> {
    if (this.busy || !this.announce(false)) return;
    this.busy = 'sso';
    this.errors = {};
    try {
      await this.session.value.signInWithSso({ homeserver: this.auth?.baseUrl ?? this.target(), idpId, redirectUri: this.redirectUri || undefined });
    } catch (e) {
      this.busy = '';
      this.fail('sign-in', e);
    }
  }

  private async doGuest(): Promise<void> {
    if (this.busy || !this.announce(true)) return;
    this.busy = 'guest';
    this.actedHere = true;
    this.errors = {};
    try {
      const user = await this.session.value.startGuest({ homeserver: this.auth?.baseUrl ?? (this.target() || undefined) });
      this.dispatchEvent(new MatrixAfterLoginEvent(user));
    } catch (e) {
      this.fail('guest', e);
      if (e instanceof MatrixApiError && e.errcode === ME.noGuests && this.auth) this.auth = { ...this.auth, guests: false };
    } finally {
      this.busy = '';
    }
  }

  /**
   * Signing out removes what the visitor has not sent yet (see the outbox): when messages are still waiting, the
   * first click asks, the second ("Sign out anyway") signs out.
   */
  private async doSignOut(confirmed = false): Promise<void> {
    const s = this.session.value;
    if (this.busy || !s.userId) return;
    if (!confirmed && s.unsentCount > 0) {
      this.unsentWarning = s.unsentCount;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLButtonElement>('[part="sign-out-confirm"]')?.focus();
      return;
    }
    this.unsentWarning = 0;
    const detail = { userId: s.userId, homeserver: s.homeserverUrl ?? '', guest: s.isGuest };
    if (!this.dispatchEvent(new MatrixLogoutEvent(detail))) return;
    this.busy = 'sign-out';
    this.actedHere = true;
    try {
      // The session ends here at once and the sign-in form shows (emptied by startOver); the server revokes the
      // token in the background. The form is usable meanwhile: what the visitor types now is theirs to keep.
      const revoked = s.signOut();
      this.busy = '';
      await revoked;
      this.dispatchEvent(new MatrixAfterLogoutEvent(detail));
    } catch (e) {
      this.fail('sign-out', e);
    } finally {
      if (this.busy === 'sign-out') this.busy = '';
    }
  }

  private succeeded(user: SessionUser): void {
    this.password = this.confirm = this.regToken = '';
    this.availability = undefined;
    this.dispatchEvent(new MatrixAfterLoginEvent(user));
  }

  private checkAvailability(): void {
    clearTimeout(this.availTimer);
    this.availAbort?.abort();
    const name = localpartOf(this.username);
    if (this.mode !== 'register' || !name || !this.auth?.legacyApi) {
      this.availability = undefined;
      return;
    }
    this.availability = { name, state: 'checking', message: this.inLocale(() => msg('Checking…')) };
    this.availTimer = setTimeout(async () => {
      const abort = (this.availAbort = new AbortController());
      try {
        await this.session.value.usernameAvailable(name, this.serverOverride(), abort.signal);
        if (!abort.signal.aborted) this.availability = { name, state: 'available', message: this.inLocale(() => msg(str`${name} is available.`)) };
      } catch (e) {
        if (abort.signal.aborted) return;
        const d = this.inLocale(() => describeError('register', e));
        if (d.field === 'username') this.availability = { name, state: 'taken', message: d.message };
        else this.availability = undefined;
      }
    }, 350);
  }

  /** After a sign-out: the sign-in form, empty (not the tab, name or errors of the account that just left). */
  private startOver(): void {
    if (this.step) this.cancelRegistration();
    this.mode = 'sign-in';
    this.username = this.password = this.confirm = this.regToken = '';
    this.termsAccepted = false;
    this.errors = {};
    this.availability = undefined;
    this.unsentWarning = 0;
  }

  private selectMode(mode: Mode, focus = false): void {
    if (this.busy) return;
    if (this.step) this.cancelRegistration();
    this.mode = mode;
    this.errors = {};
    this.checkAvailability();
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#${this.uid}-tab-${mode}`)?.focus());
  }

  private onTabKey(e: KeyboardEvent): void {
    const order: Mode[] = ['sign-in', 'register'];
    const i = order.indexOf(this.mode);
    let next: Mode | undefined;
    if (e.key === 'ArrowRight') next = order[(i + 1) % 2];
    else if (e.key === 'ArrowLeft') next = order[(i + 1) % 2];
    else if (e.key === 'Home') next = order[0];
    else if (e.key === 'End') next = order[1];
    if (!next) return;
    e.preventDefault();
    this.selectMode(next, true);
  }

  // --- rendering ---

  override render(): TemplateResult {
    return html`${this.renderView()}<p class="visually-hidden" role="status">${this.announcement}</p>`;
  }

  private renderView(): TemplateResult {
    const s = this.session.value;
    if (s.status === 'restoring') {
      return html`<div part="base" class="base"><p class="hint" role="status">${msg('Signing in…')}</p></div>`;
    }
    if (s.status === 'signed-in') return this.renderSignedIn();
    return this.renderForm();
  }

  private renderSignedIn(): TemplateResult {
    const s = this.session.value;
    const userId = s.userId ?? '';
    const name = s.profile.displayName || localpartOf(userId);
    return html`<div part="base" class="base">
      <div class="user" tabindex="-1" role="group" aria-label=${msg(str`Signed in as ${name} (${userId})`)}>
        <span part="avatar" class="avatar" aria-hidden="true">${[...name][0]?.toUpperCase() ?? '?'}</span>
        <div class="who">
          <bdi class="name">${name}</bdi>
          <span class="user-id">${userId}</span>
        </div>
        <button
          part="sign-out-button"
          class="secondary"
          type="button"
          aria-busy=${this.busy === 'sign-out' ? 'true' : 'false'}
          @click=${() => void this.doSignOut()}
        >
          ${msg('Sign out')}
        </button>
      </div>
      ${this.unsentWarning
        ? html`<div class="unsent-warning" role="alertdialog" aria-labelledby="unsent-text">
            <p id="unsent-text">${plural(this.unsentWarning, msg(str`${formatNumber(this.unsentWarning)} message is not sent yet. Signing out deletes it.`), msg(str`${formatNumber(this.unsentWarning)} messages are not sent yet. Signing out deletes them.`))}</p>
            <button part="sign-out-confirm" class="secondary" type="button" @click=${() => void this.doSignOut(true)}>${msg('Sign out anyway')}</button>
            <button type="button" class="secondary" @click=${() => (this.unsentWarning = 0)}>${msg('Keep them', { desc: 'Keep the unsent messages instead of signing out' })}</button>
          </div>`
        : nothing}
      ${this.errors.form ? html`<p class="error" role="alert">${this.errors.form}</p>` : nothing}
    </div>`;
  }

  private renderNotice(): TemplateResult | typeof nothing {
    const s = this.session.value;
    if (s.status === 'guest') {
      return html`<p class="notice" role="status">
        ${this.mode === 'register' ? msg('You are reading as a guest. Your new account keeps your rooms.') : msg('You are reading as a guest. Sign in or create an account to take part.')}
      </p>`;
    }
    if (s.status === 'soft-logout') {
      return html`<p class="notice" role="alert">${msg(str`Your session has expired. Sign in again as ${s.userId} to continue where you left off.`)}</p>`;
    }
    if (s.notice) return html`<p class="notice" role="alert">${s.notice.message}</p>`;
    return nothing;
  }

  private renderForm(): TemplateResult {
    const id = this.uid;
    const auth = this.auth;
    const reg = this.mode === 'register';
    const showOAuth = !!auth?.oauth && (!reg || auth.oauthSignUp);
    const showPassword = !auth || (reg ? auth.legacyApi : auth.password);
    const showSso = !reg && !!auth?.sso;
    const s = this.session.value;
    const showGuest = !!auth?.guests && !this.withoutGuest && s.status === 'signed-out';
    const noWay = !!auth && !showOAuth && !showPassword && !showSso;
    return html`<div part="base" class="base">
      ${this.renderNotice()}
      <div part="tabs" role="tablist" aria-label=${msg('Account')}>
        ${(['sign-in', 'register'] as const).map(
          (m) => html`<button
            role="tab"
            type="button"
            id="${id}-tab-${m}"
            aria-selected=${this.mode === m ? 'true' : 'false'}
            aria-controls="${id}-panel"
            tabindex=${this.mode === m ? 0 : -1}
            @click=${() => this.selectMode(m)}
            @keydown=${this.onTabKey}
          >
            ${m === 'sign-in' ? msg('Sign in') : msg('Create account')}
          </button>`,
        )}
      </div>
      <div role="tabpanel" id="${id}-panel" aria-labelledby="${id}-tab-${this.mode}">
        ${this.needsServerField()
          ? this.renderField('homeserver', msg('Homeserver'), this.serverInput, 'text', 'url', (v) => (this.serverInput = v), 'example.org')
          : this.errors.homeserver
            ? html`<p class="error" role="alert" id="${id}-homeserver-error">${this.errors.homeserver}</p>`
            : nothing}
        ${this.authLoading && !auth ? html`<p class="hint" role="status">${msg(str`Checking ${this.serverKey()}…`)}</p>` : nothing}
        ${showOAuth
          ? html`<button
              part="oauth-button"
              class="primary"
              type="button"
              aria-busy=${this.busy === 'oauth' ? 'true' : 'false'}
              ?disabled=${!!this.busy && this.busy !== 'oauth'}
              @click=${() => void this.doOAuth()}
            >
              ${msg(str`Continue with ${auth!.serverName}`)}
            </button>`
          : nothing}
        ${showSso
          ? (auth!.sso!.length ? auth!.sso! : [{ id: '', name: msg('single sign-on', { desc: 'Completes: Continue with …' }) }]).map(
              (idp) => html`<button class="secondary" type="button" ?disabled=${!!this.busy} @click=${() => void this.doSso(idp.id || undefined)}>
                ${msg(str`Continue with ${idp.name}`)}
              </button>`,
            )
          : nothing}
        ${(showOAuth || showSso) && showPassword ? html`<p class="divider">${msg('or with a password')}</p>` : nothing}
        ${showPassword ? this.renderPasswordForm(reg) : nothing}
        ${noWay
          ? html`<p class="error" role="alert">${reg ? msg(str`${auth!.serverName} does not allow sign-up.`) : msg(str`${auth!.serverName} offers no way to sign in here.`)}</p>`
          : nothing}
        ${showOAuth && !showPassword && this.errors.form ? html`<p class="error" role="alert">${this.errors.form}</p>` : nothing}
        ${showGuest
          ? html`<button
              part="guest-button"
              class="secondary"
              type="button"
              aria-busy=${this.busy === 'guest' ? 'true' : 'false'}
              ?disabled=${!!this.busy && this.busy !== 'guest'}
              @click=${() => void this.doGuest()}
            >
              ${msg('Continue as guest')}
            </button>`
          : nothing}
      </div>
    </div>`;
  }

  private renderPasswordForm(reg: boolean): TemplateResult {
    const id = this.uid;
    const busy = this.busy === 'sign-in' || this.busy === 'register';
    const inStep = !!this.step;
    return html`<form part="form" novalidate @submit=${this.onSubmit}>
      ${this.renderField('username', msg('Username'), this.username, 'text', 'username', (v) => {
        this.username = v;
        this.setError('username', undefined);
        this.checkAvailability();
      }, reg ? 'ana' : msg('ana or @ana:example.org', { desc: 'Example user name; keep the @ana:example.org form' }))}
      ${this.renderField('password', msg('Password'), this.password, 'password', reg ? 'new-password' : 'current-password', (v) => {
        this.password = v;
        this.setError('password', undefined);
      }, '', reg && this.password.length > 0 && this.password.length < PASSWORD_HINT_LENGTH
        ? msg(str`Short passwords are easy to guess: use at least ${PASSWORD_HINT_LENGTH} characters.`)
        : '')}
      ${reg
        ? this.renderField('confirm', msg('Confirm password'), this.confirm, 'password', 'new-password', (v) => {
            this.confirm = v;
            this.setError('confirm', undefined);
          })
        : nothing}
      ${inStep ? this.renderStep() : nothing}
      ${this.errors.form ? html`<p class="error" role="alert" id="${id}-form-error">${this.errors.form}</p>` : nothing}
      <button class="primary" type="submit" aria-busy=${busy ? 'true' : 'false'} ?disabled=${!!this.busy && !busy}>
        ${reg ? msg('Create account') : msg('Sign in')}
      </button>
      ${busy ? html`<p class="hint" role="status">${reg ? msg('Creating your account…') : msg('Signing in…')}</p>` : nothing}
      ${inStep ? html`<button class="secondary" type="button" @click=${() => this.cancelRegistration()}>${msg('Cancel')}</button>` : nothing}
    </form>`;
  }

  private renderStep(): TemplateResult {
    const id = this.uid;
    const step = this.step!;
    if (step.type === 'm.login.terms') {
      return html`<fieldset class="field">
        <legend>${msg('Before you continue')}</legend>
        <ul class="policies">
          ${step.policies.map((p) => html`<li><a href=${p.url} target="_blank" rel="noopener noreferrer">${p.name}</a></li>`)}
        </ul>
        <label
          ><input
            type="checkbox"
            id="${id}-terms"
            .checked=${this.termsAccepted}
            aria-invalid=${this.errors.terms ? 'true' : 'false'}
            aria-describedby="${id}-terms-error"
            @change=${(e: Event) => {
              this.termsAccepted = (e.target as HTMLInputElement).checked;
              this.setError('terms', undefined);
            }}
          />
          ${msg('I accept these terms')}</label
        >
        <p class="error" role="alert" id="${id}-terms-error">${this.errors.terms ?? ''}</p>
      </fieldset>`;
    }
    if (step.type === 'm.login.registration_token') {
      return html`${this.renderField('token', msg('Registration token'), this.regToken, 'text', 'off', (v) => {
        this.regToken = v;
        this.setError('token', undefined);
      })}
      ${step.skippable
        ? html`<button class="secondary" type="button" @click=${() => this.answer({ type: 'skip' })}>${msg('I have no registration token')}</button>`
        : nothing}`;
    }
    return html`<div class="field">
      <p class="hint">${this.auth?.serverName
        ? msg(str`${this.auth.serverName} needs one more step (${step.stage}) on its own page.`)
        : msg(str`The server needs one more step (${step.stage}) on its own page.`)}</p>
      <button class="secondary" type="button" @click=${() => this.openFallback()}>${msg('Open the verification page')}</button>
      <p class="hint">${msg('When you have finished there, this form continues by itself.')}</p>
    </div>`;
  }

  private renderField(
    field: ErrorField,
    label: string,
    value: string,
    type: 'text' | 'password',
    autocomplete: string,
    onInput: (v: string) => void,
    placeholder = '',
    hint = '',
  ): TemplateResult {
    const id = `${this.uid}-${field}`;
    const error = this.errors[field];
    const avail = field === 'username' ? this.availability : undefined;
    // A hint before submit (not live: it must not interrupt typing); an error for the field replaces it.
    const showHint = !!hint && !error;
    const describedBy = showHint ? `${id}-error ${id}-hint` : `${id}-error`;
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        name=${field}
        type=${type}
        .value=${value}
        autocomplete=${autocomplete}
        placeholder=${placeholder}
        autocapitalize="off"
        spellcheck="false"
        ?readonly=${this.busy === 'sign-in' || this.busy === 'register'}
        aria-invalid=${error || avail?.state === 'taken' ? 'true' : 'false'}
        aria-describedby=${describedBy}
        @input=${(e: Event) => onInput((e.target as HTMLInputElement).value)}
        @change=${field === 'homeserver' ? () => this.requestUpdate() : undefined}
      />
      <p class=${error || avail?.state === 'taken' ? 'error' : avail?.state === 'available' ? 'hint ok' : 'hint'} id=${describedBy} aria-live="polite">
        ${error ?? avail?.message ?? ''}
      </p>
      ${showHint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'matrix-login': MatrixLogin;
  }
}
