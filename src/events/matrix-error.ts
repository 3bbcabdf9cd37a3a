import type { MatrixErrorInfo } from '../session/types.ts';

/**
 * Fired by any element when an operation fails: `{operation, errcode, message}`. The element also shows the
 * message itself; this event is for pages that log or react.
 */
export class MatrixErrorEvent extends Event {
  static readonly type = 'matrix-error';
  constructor(readonly detail: MatrixErrorInfo) {
    super(MatrixErrorEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'matrix-error': MatrixErrorEvent;
  }
}
