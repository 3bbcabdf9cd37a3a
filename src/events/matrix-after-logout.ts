import type { MatrixSessionDetail } from './matrix-login.ts';

export type { MatrixSessionDetail };

/** Fired after signing out. */
export class MatrixAfterLogoutEvent extends Event {
  static readonly type = 'matrix-after-logout';
  constructor(readonly detail: MatrixSessionDetail) {
    super(MatrixAfterLogoutEvent.type, { bubbles: true, composed: true, cancelable: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'matrix-after-logout': MatrixAfterLogoutEvent;
  }
}
