import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { getSession } from '../session/get-session.ts';
import type { MatrixSession } from '../session/session.ts';

/**
 * Connects an element to the page's session: subscribes to its `change` events while connected and asks the
 * host to re-render on each. Every matrix-embed element uses one.
 *
 * ```ts
 * private readonly session = new SessionController(this);
 * render() { return this.session.value.status; }
 * ```
 */
export class SessionController implements ReactiveController {
  /** The page's session (the same object for every element). */
  readonly value: MatrixSession;
  private readonly onChange = () => {
    this.host.requestUpdate();
    this.callback?.(this.value);
  };

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Also called on every change (e.g. to restart work when the user changes). */
    private readonly callback?: (session: MatrixSession) => void,
  ) {
    this.value = getSession();
    host.addController(this);
  }

  hostConnected(): void {
    this.value.addEventListener('change', this.onChange);
  }

  hostDisconnected(): void {
    this.value.removeEventListener('change', this.onChange);
  }
}
