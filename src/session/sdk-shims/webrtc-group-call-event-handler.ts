/**
 * Stand-in for matrix-js-sdk `lib/webrtc/groupCallEventHandler.js` (legacy MSC3401 group calls).
 * Safe: constructed only when `supportsMatrixCall()` is true (never, see `webrtc-call.ts`); a no-op that knows
 * no group calls.
 */
export class GroupCallEventHandler {
  readonly groupCalls = new Map<string, never>();
  async start(): Promise<void> {}
  stop(): void {}
  async waitUntilRoomReadyForGroupCalls(): Promise<void> {}
  getGroupCallById(): undefined {
    return undefined;
  }
}

export enum GroupCallEventHandlerEvent {
  Incoming = 'GroupCall.incoming',
  Outgoing = 'GroupCall.outgoing',
  Ended = 'GroupCall.ended',
  Participants = 'GroupCall.participants',
}
