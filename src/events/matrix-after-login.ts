import type { MatrixSessionDetail } from './matrix-login.ts';

export type { MatrixSessionDetail };

/** Fired after a sign-in, account creation or guest session succeeded. */
export class MatrixAfterLoginEvent extends Event {
  static readonly type = 'matrix-after-login';
  constructor(readonly detail: MatrixSessionDetail) {
    super(MatrixAfterLoginEvent.type, { bubbles: true, composed: true, cancelable: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'matrix-after-login': MatrixAfterLoginEvent;
  }
}
