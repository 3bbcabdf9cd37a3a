/**
 * Fired for each new incoming message (not history, not the visitor's own); `body` is the plain-text body.
 */
export interface MessageDetail {
  roomId: string;
  eventId: string;
  sender: string;
  body: string;
}

export class MatrixMessageEvent extends Event {
  static readonly type = 'matrix-message';
  constructor(readonly detail: MessageDetail) {
    super(MatrixMessageEvent.type, { bubbles: true, composed: true, cancelable: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'matrix-message': MatrixMessageEvent;
  }
}
