import { unsupported } from './unsupported.ts';

/**
 * Stand-in for matrix-js-sdk `lib/matrixrtc/MatrixRTCSessionManager.js`, which pulls in all of `matrixrtc/`
 * (MatrixRTC / Element Call sessions, membership and key-transport managers: ~150 kB before minifying).
 * Safe: MatrixClient always creates one and calls `start()` after the first sync and `stop()`, nothing else;
 * matrix-embed joins no calls. This manager tracks no sessions (`getActiveRoomSession()` → undefined) and
 * throws "not supported" when asked to create one. Call membership state events are still plain state events
 * to the rest of the SDK.
 */
export class MatrixRTCSessionManager {
  start(): void {}
  stop(): void {}
  getActiveRoomSession(): undefined {
    return undefined;
  }
  getRoomSession(): never {
    throw unsupported('MatrixRTC');
  }
  getRtcSlot(): never {
    throw unsupported('MatrixRTC');
  }
  isSlotClosed(): boolean {
    return true;
  }
  on(): this {
    return this;
  }
  off(): this {
    return this;
  }
  once(): this {
    return this;
  }
  removeAllListeners(): this {
    return this;
  }
}

export enum MatrixRTCSessionManagerEvents {
  SessionStarted = 'session_started',
  SessionEnded = 'session_ended',
}
