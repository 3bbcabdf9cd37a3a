/**
 * Fired before joining a room because the visitor asked to (cancelable: `preventDefault()` stops the join).
 * `roomId` is empty when only the alias is known yet.
 */
export interface JoinDetail {
  roomId: string;
  alias?: string;
}

export class MatrixJoinEvent extends Event {
  static readonly type = 'matrix-join';
  constructor(readonly detail: JoinDetail) {
    super(MatrixJoinEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'matrix-join': MatrixJoinEvent;
  }
}
