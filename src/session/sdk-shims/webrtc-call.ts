import { unsupported } from './unsupported.ts';

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

// The rest of lib/webrtc/call.js's exports, so this is a drop-in for any importer (test/build/sdk-shims.test.ts):
// the enums and constants as the SDK defines them, everything that would run a call unsupported.
export enum CallDirection {
  Inbound = 'inbound',
  Outbound = 'outbound',
}

export enum CallParty {
  Local = 'local',
  Remote = 'remote',
}

export enum CallType {
  Voice = 'voice',
  Video = 'video',
}

export enum CallErrorCode {
  UserHangup = 'user_hangup',
  LocalOfferFailed = 'local_offer_failed',
  NoUserMedia = 'no_user_media',
  UnknownDevices = 'unknown_devices',
  SendInvite = 'send_invite',
  CreateAnswer = 'create_answer',
  CreateOffer = 'create_offer',
  SendAnswer = 'send_answer',
  SetRemoteDescription = 'set_remote_description',
  SetLocalDescription = 'set_local_description',
  AnsweredElsewhere = 'answered_elsewhere',
  IceFailed = 'ice_failed',
  InviteTimeout = 'invite_timeout',
  Replaced = 'replaced',
  SignallingFailed = 'signalling_timeout',
  UserBusy = 'user_busy',
  Transferred = 'transferred',
  NewSession = 'new_session',
}

export const FALLBACK_ICE_SERVER = 'stun:turn.matrix.org';

export class CallError extends Error {
  readonly code: string;
  constructor(code: CallErrorCode, msg: string, err: Error) {
    super(`${msg}: ${err}`);
    this.code = code;
  }
}

export class MatrixCall {
  constructor() {
    throw unsupported('Calls');
  }
}

export function genCallID(): never {
  throw unsupported('Calls');
}

export function setTracksEnabled(tracks: MediaStreamTrack[], enabled: boolean): void {
  for (const track of tracks) track.enabled = enabled;
}
