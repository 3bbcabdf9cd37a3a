/**
 * Fired by `<matrix-chat-launcher>` after its panel opened or closed because the visitor (button, close,
 * minimize, Escape) or the page (`show()`, `close()`, `toggle()`) asked. Setting the `open` property or attribute
 * fires nothing. The detail holds no room content, so a page may use it for analytics.
 */
export interface LauncherToggleDetail {
  open: boolean;
}

export class MatrixLauncherToggleEvent extends Event {
  static readonly type = 'matrix-launcher-toggle';
  constructor(readonly detail: LauncherToggleDetail) {
    super(MatrixLauncherToggleEvent.type, { bubbles: true, composed: true, cancelable: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'matrix-launcher-toggle': MatrixLauncherToggleEvent;
  }
}
