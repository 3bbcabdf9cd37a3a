import type { MatrixSessionDetail } from './matrix-login.ts';

export type { MatrixSessionDetail };

/** Fired before signing out; cancelable (`preventDefault()` keeps the session). */
export class MatrixLogoutEvent extends Event {
  static readonly type = 'matrix-logout';
  constructor(readonly detail: MatrixSessionDetail) {
    super(MatrixLogoutEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'matrix-logout': MatrixLogoutEvent;
  }
}
