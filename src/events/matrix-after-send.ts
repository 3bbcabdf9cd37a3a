/**
 * Fired when the server accepted a message the visitor sent; `eventId` is the server's event ID.
 */
export interface AfterSendDetail {
  roomId: string;
  eventId: string;
}

export class MatrixAfterSendEvent extends Event {
  static readonly type = 'matrix-after-send';
  constructor(readonly detail: AfterSendDetail) {
    super(MatrixAfterSendEvent.type, { bubbles: true, composed: true, cancelable: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'matrix-after-send': MatrixAfterSendEvent;
  }
}
