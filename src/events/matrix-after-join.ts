/**
 * Fired after the visitor joined a room.
 */
export interface AfterJoinDetail {
  roomId: string;
  alias?: string;
}

export class MatrixAfterJoinEvent extends Event {
  static readonly type = 'matrix-after-join';
  constructor(readonly detail: AfterJoinDetail) {
    super(MatrixAfterJoinEvent.type, { bubbles: true, composed: true, cancelable: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'matrix-after-join': MatrixAfterJoinEvent;
  }
}
