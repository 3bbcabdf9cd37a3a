/**
 * Stand-in for matrix-js-sdk `lib/webrtc/call.js` (VoIP 1:1 calls, ~100 kB minified with its WebRTC helpers).
 * Safe: matrix-embed has no calls. `supportsMatrixCall()` → false makes MatrixClient skip the call event
 * handlers and the TURN-server polling, and `createNewMatrixCall()` returns null — the SDK's own answer when
 * the browser cannot do calls. The enums are kept (same values) because `lib/matrix.js` and
 * `lib/webrtc/callFeed.js` re-export / import them.
 */
export function supportsMatrixCall(): boolean {
  return false;
}

export function createNewMatrixCall(): null {
  return null;
}

export enum CallState {
  Fledgling = 'fledgling',
  InviteSent = 'invite_sent',
  WaitLocalMedia = 'wait_local_media',
  CreateOffer = 'create_offer',
  CreateAnswer = 'create_answer',
  Connecting = 'connecting',
  Connected = 'connected',
  Ringing = 'ringing',
  Ended = 'ended',
}

export enum CallEvent {
  Hangup = 'hangup',
  State = 'state',
  Error = 'error',
  Replaced = 'replaced',
  LocalHoldUnhold = 'local_hold_unhold',
  RemoteHoldUnhold = 'remote_hold_unhold',
  HoldUnhold = 'hold_unhold',
  FeedsChanged = 'feeds_changed',
  AssertedIdentityChanged = 'asserted_identity_changed',
  LengthChanged = 'length_changed',
  DataChannel = 'datachannel',
  SendVoipEvent = 'send_voip_event',
  PeerConnectionCreated = 'peer_connection_created',
}
