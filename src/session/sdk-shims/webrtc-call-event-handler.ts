/**
 * Stand-in for matrix-js-sdk `lib/webrtc/callEventHandler.js` (incoming 1:1 call signalling).
 * Safe: MatrixClient constructs it only when `supportsMatrixCall()` is true, which our `webrtc-call.ts` never
 * is; kept as a no-op so the import resolves. Call events in a room are still shown by our own tiles.
 */
export class CallEventHandler {
  start(): void {}
  stop(): void {}
}

export enum CallEventHandlerEvent {
  Incoming = 'Call.incoming',
}
