/**
 * Fired before a message the visitor wrote is sent (cancelable: `preventDefault()` keeps it in the composer).
 * `eventId` is empty: the server has not assigned one yet.
 */
export interface SendDetail {
  roomId: string;
  eventId: string;
  body: string;
}

export class MatrixSendEvent extends Event {
  static readonly type = 'matrix-send';
  constructor(readonly detail: SendDetail) {
    super(MatrixSendEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'matrix-send': MatrixSendEvent;
  }
}
