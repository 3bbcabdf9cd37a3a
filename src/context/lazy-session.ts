import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MatrixSession } from '../session/session.ts';
import { existingSession, sessionNeededNow } from '../session/peek.ts';

/**
 * The page default homeserver asked for before the session code loaded (the first one wins, as with
 * `MatrixSession.setDefaultHomeserver`); handed to the session when it loads.
 */
let pendingDefault: string | undefined;
let loading: Promise<MatrixSession> | undefined;

/** Loads the session code (once per page and copy) and returns the page's session, applying a pending default. */
function loadSession(): Promise<MatrixSession> {
  loading ??= import('../session/get-session.ts').then(({ getSession }) => {
    const session = getSession();
    if (pendingDefault) session.setDefaultHomeserver(pendingDefault);
    return session;
  });
  // A failed load (network) is tried again on the next use.
  loading.catch(() => (loading = undefined));
  return loading;
}

/**
 * Like `SessionController`, but for elements that can paint before the session code is loaded (the join button):
 * `value` is the page's session when one exists already, or when this visit needs one at once (a stored sign-in,
 * a return from OAuth/SSO: `session/peek.ts`); otherwise it stays undefined until {@link load} — which the host
 * calls after its first paint, or when the visitor acts — and the host treats the visitor as signed out.
 */
export class LazySessionController implements ReactiveController {
  value: MatrixSession | undefined;
  /** A session had to be read before the first paint (it is being loaded, or was there already). */
  readonly neededNow: boolean;
  private connected = false;
  private pending: Promise<MatrixSession> | undefined;
  private readonly onChange = () => {
    this.host.requestUpdate();
    if (this.value) this.callback?.(this.value);
  };

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Also called on every change, and once when a session loaded later arrives. */
    private readonly callback?: (session: MatrixSession) => void,
    /** The session, for hosts that hold it from the start (then this is a plain `SessionController`). */
    initial?: MatrixSession,
  ) {
    this.value = initial ?? existingSession();
    this.neededNow = this.value !== undefined || sessionNeededNow();
    host.addController(this);
    if (this.neededNow) void this.load();
  }

  /** The page's session, loading the session code on first use. */
  load(): Promise<MatrixSession> {
    if (this.value) return Promise.resolve(this.value);
    this.pending ??= loadSession().then((session) => {
      if (!this.value) {
        this.value = session;
        if (this.connected) session.addEventListener('change', this.onChange);
        this.onChange();
      }
      return session;
    });
    this.pending.catch(() => (this.pending = undefined));
    return this.pending;
  }

  /**
   * Sets the page's default homeserver (first call wins) without loading the session code for it: kept until the
   * session loads when it has not yet.
   */
  setDefaultHomeserver(input: string): void {
    if (this.value) this.value.setDefaultHomeserver(input);
    else if (pendingDefault === undefined && input.trim()) pendingDefault = input.trim();
  }

  /** The default homeserver of the page: the session's, or the one waiting for it. */
  get defaultHomeserver(): string | undefined {
    return this.value ? this.value.defaultHomeserver : pendingDefault;
  }

  hostConnected(): void {
    this.connected = true;
    this.value?.addEventListener('change', this.onChange);
  }

  hostDisconnected(): void {
    this.connected = false;
    this.value?.removeEventListener('change', this.onChange);
  }
}
