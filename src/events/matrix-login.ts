/** Who signed in or out: plain data (the user ID, the homeserver's base URL, whether it is a guest session). */
export interface MatrixSessionDetail {
  userId: string;
  homeserver: string;
  guest: boolean;
}

/** Fired before signing in or creating an account; cancelable (`preventDefault()` stops it). `userId` is what the person typed (a user name or full user ID; empty for OAuth/guest until known). */
export class MatrixLoginEvent extends Event {
  static readonly type = 'matrix-login';
  constructor(readonly detail: MatrixSessionDetail) {
    super(MatrixLoginEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'matrix-login': MatrixLoginEvent;
  }
}
