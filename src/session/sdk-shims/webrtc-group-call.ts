import { unsupported } from './unsupported.ts';

/**
 * Stand-in for matrix-js-sdk `lib/webrtc/groupCall.js` (legacy group calls, ~54 kB minified plus stats code).
 * Safe: only `MatrixClient.createGroupCall()` constructs a GroupCall, and matrix-embed never calls it; doing so
 * throws "not supported". The enums are kept (same values) because `lib/matrix.js` re-exports them.
 */
export class GroupCall {
  constructor() {
    throw unsupported('Group calls');
  }
}

export enum GroupCallIntent {
  Ring = 'm.ring',
  Prompt = 'm.prompt',
  Room = 'm.room',
}

export enum GroupCallType {
  Video = 'm.video',
  Voice = 'm.voice',
}

export enum GroupCallState {
  LocalCallFeedUninitialized = 'local_call_feed_uninitialized',
  InitializingLocalCallFeed = 'initializing_local_call_feed',
  LocalCallFeedInitialized = 'local_call_feed_initialized',
  Entered = 'entered',
  Ended = 'ended',
}

export enum GroupCallEvent {
  GroupCallStateChanged = 'group_call_state_changed',
  ActiveSpeakerChanged = 'active_speaker_changed',
  CallsChanged = 'calls_changed',
  UserMediaFeedsChanged = 'user_media_feeds_changed',
  ScreenshareFeedsChanged = 'screenshare_feeds_changed',
  LocalScreenshareStateChanged = 'local_screenshare_state_changed',
  LocalMuteStateChanged = 'local_mute_state_changed',
  ParticipantsChanged = 'participants_changed',
  Error = 'group_call_error',
}

export enum GroupCallStatsReportEvent {
  ConnectionStats = 'GroupCall.connection_stats',
  ByteSentStats = 'GroupCall.byte_sent_stats',
  SummaryStats = 'GroupCall.summary_stats',
  CallFeedStats = 'GroupCall.call_feed_stats',
}

// The rest of lib/webrtc/groupCall.js's exports (a drop-in for any importer), as the SDK defines them.
export enum GroupCallErrorCode {
  NoUserMedia = 'no_user_media',
  UnknownDevice = 'unknown_device',
  PlaceCallFailed = 'place_call_failed',
}

export enum GroupCallTerminationReason {
  CallEnded = 'call_ended',
}

export class GroupCallError extends Error {
  code: string;
  constructor(code: GroupCallErrorCode, msg: string, err?: Error) {
    super(err ? `${msg}: ${err}` : msg);
    this.code = code;
  }
}

export class GroupCallUnknownDeviceError extends GroupCallError {
  constructor(readonly userId: string) {
    super(GroupCallErrorCode.UnknownDevice, `No device found for ${userId}`);
  }
}

export class OtherUserSpeakingError extends Error {
  constructor() {
    super('Cannot unmute: another user is speaking');
  }
}
