import { formatNumber, msg, plural, str } from '../../session/texts.ts';
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { ConnectionState } from '../../session/connection.ts';
import type { MatrixSession } from '../../session/session.ts';

/**
 * The polite banner (`role="status"`) that says what the connection is doing while the room stays on screen:
 * offline, reconnecting in n s (with "Retry now"), rate-limited, or the session expired. It counts down once a
 * second while a retry is scheduled, and stays quiet when all is well (and on the very first connect, which the
 * loading skeleton shows).
 */
export class ConnectionBanner implements ReactiveController {
  private timer: ReturnType<typeof setInterval> | undefined;
  /** A problem was shown: "Reconnecting…" is worth saying until the connection is back. */
  private troubled = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly session: () => MatrixSession,
    private readonly onSignIn: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.tick();
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  hostUpdate(): void {
    this.tick();
  }

  /** Keeps a one-second timer while a countdown is shown (and none otherwise). */
  private tick(): void {
    const { retryAt } = this.session().connection.state;
    const counting = retryAt !== undefined && retryAt > Date.now();
    if (counting && !this.timer) this.timer = setInterval(() => this.host.requestUpdate(), 1000);
    else if (!counting && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  render(): TemplateResult | typeof nothing {
    const session = this.session();
    const state: ConnectionState = session.connection.state;
    if (state.kind === 'online' || state.kind === 'signed-out') {
      this.troubled = false;
      return nothing;
    }
    const seconds = state.retryAt ? Math.max(0, Math.ceil((state.retryAt - Date.now()) / 1000)) : 0;
    // The live region's words change only when the state does; the countdown beside it is not announced.
    let text: string;
    let countdown = '';
    let action: TemplateResult | typeof nothing = nothing;
    switch (state.kind) {
      case 'connecting':
        if (!this.troubled) return nothing;
        text = msg('Reconnecting…');
        break;
      case 'offline':
        this.troubled = true;
        if (state.reason === 'network') {
          text = msg('Offline — your messages will be sent when the connection returns.');
        } else {
          text = msg('Can’t reach the server.');
          countdown = ` ${seconds > 0 ? msg(str`Reconnecting in ${formatNumber(seconds)} s.`) : msg('Reconnecting…')}`;
        }
        action = html`<button type="button" class="link-button" @click=${() => session.connection.retryNow()}>${msg('Retry now')}</button>`;
        break;
      case 'rate-limited':
        this.troubled = true;
        text = msg('The server asked us to slow down.');
        countdown = ` ${seconds > 0 ? msg(str`Trying again in ${formatNumber(seconds)} s.`) : msg('Trying again…')}`;
        break;
      case 'soft-logged-out':
        this.troubled = true;
        text = msg('Session expired — sign in again to keep chatting.');
        action = html`<button type="button" class="link-button" @click=${this.onSignIn}>${msg('Sign in')}</button>`;
        break;
    }
    // Formatted only once the banner shows: the first number formatter of a page costs its locale data.
    const waiting = session.unsentCount;
    const count = waiting ? formatNumber(waiting) : '';
    const queued = waiting ? ` ${plural(waiting, msg(str`${count} message is waiting to be sent.`), msg(str`${count} messages are waiting to be sent.`))}` : '';
    return html`<div part="connection" class="connection" data-state=${state.kind}>
      <span role="status">${text}${queued}</span><span aria-hidden="true">${countdown}</span> ${action}
    </div>`;
  }
}
