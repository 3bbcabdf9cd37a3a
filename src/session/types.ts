/**
 * SDK-free public data types shared by the session, the renderers and the elements. Everything here is plain
 * data (strings, numbers, arrays): it is what events carry in `detail` and what renderers consume.
 */

/** What went wrong, in a form a page author can show or log. Never contains a token. */
export interface MatrixErrorInfo {
  /** What the widget was doing: `discover`, `sign-in`, `register`, `join`, `send`, `load-room`, ... */
  operation: string;
  /** The Matrix errcode (`M_FORBIDDEN`, ...) or one of ours (`ME_UNREACHABLE`, `ME_NOT_MATRIX`, `ME_BAD_ATTRIBUTE`). */
  errcode: string;
  /** A sentence for a person. */
  message: string;
}

/**
 * What a page can know about a room before (or without) joining it: from `room_summary` (MSC3266 / spec
 * v1.15), `/publicRooms` or, at least, the alias directory. Names, topics and avatars are untrusted text.
 */
export interface RoomSummary {
  roomId: string;
  /** The canonical alias (or the alias the page asked for), if any. */
  alias?: string;
  name?: string;
  topic?: string;
  /** `mxc://` URI of the room avatar (not yet validated: build URLs through the render layer's media helpers). */
  avatarUrl?: string;
  /** Joined members, when the server said. */
  memberCount?: number;
  worldReadable: boolean;
  guestCanJoin: boolean;
  /** `public`, `invite`, `knock`, `restricted`, ... (`public` when only the directory listed it). */
  joinRule?: string;
  /** The viewer's membership (`join`, `invite`, `leave`, ...) when the request was authenticated. */
  membership?: string;
  /** Where the data came from: a full summary, the public room directory, or only the alias resolving. */
  source: 'room_summary' | 'public_rooms' | 'directory';
}

// --- Session (owned by the session module; keep edits here small) ---

/**
 * Where the page's one session stands. `restoring`: reading storage or finishing a sign-in redirect;
 * `soft-logout`: the server ended the access token but kept the device — sign in again to continue.
 */
export type SessionStatus = 'restoring' | 'signed-out' | 'signed-in' | 'guest' | 'soft-logout';

// ---------------------------------------------------------------------------------------------------------------
// Timeline
//
// One displayable timeline entry as plain, already-validated data. `render/tiles/` turns it into a tile;
// `session/timeline.ts` (`toTimelineItem`, `buildTimeline`) fills it from raw event JSON, and
// `session/room-model.ts` may fill it from matrix-js-sdk events the same way (`event.getEffectiveEvent()`).
// Every string here is untrusted text (except ids that were checked): renderers still escape and isolate it.
// ---------------------------------------------------------------------------------------------------------------

/** Delivery state of an event: local echo (`pending`), on the server (`sent`), or rejected (`failed`). */
export type TimelineItemStatus = 'pending' | 'sent' | 'failed';

/** Which family of tile renders an item. */
export type TimelineItemKind = 'message' | 'membership' | 'state' | 'redacted' | 'encrypted' | 'unknown';

/** Who sent an event. */
export interface TimelineSender {
  /** Matrix user ID (`@name:server`). */
  userId: string;
  /** Display name, already cleaned of controls and disambiguated (`name (@id:server)`) by the caller. */
  displayName: string;
  /** Avatar as a validated `mxc://` URI, if any. */
  avatarUrl?: string;
}

/** An attached file (`m.image`, `m.file`, `m.video`, `m.audio`). URIs are validated `mxc://` or absent. */
export interface TimelineMedia {
  /** Content URI of the file (`url`); absent when missing, encrypted-only or not a valid mxc URI. */
  mxc?: string;
  /** Content URI of a thumbnail (`info.thumbnail_url`), validated. */
  thumbnailMxc?: string;
  /** File name shown to the user (`filename`, else `body`), cleaned. */
  filename: string;
  /** `info.mimetype` when it is a plausible `type/subtype`. */
  mimetype?: string;
  /** `info.size` in bytes when a finite non-negative number. */
  size?: number;
  /** `info.w` / `info.h` in pixels when positive integers. */
  width?: number;
  height?: number;
  /** `info.duration` in milliseconds for audio and video. */
  durationMs?: number;
}

/** One aggregated reaction chip. */
export interface TimelineReaction {
  /** The reaction key (usually an emoji), cleaned. */
  key: string;
  count: number;
  /** Whether the signed-in user is one of the reactors. */
  mine: boolean;
  /** The signed-in user's reaction event, so it can be redacted to remove it. */
  myEventId?: string;
}

/** Membership change carried by an `m.room.member` event. */
export interface TimelineMembership {
  /** `join`, `leave`, `invite`, `ban`, `knock` (anything else becomes `unknown`). */
  membership: string;
  /** The previous membership from `unsigned.prev_content`, when known. */
  prevMembership?: string;
  /** Whose membership changed (the state key). */
  targetUserId: string;
  /** The target's display name, cleaned. */
  targetDisplayName: string;
  /** Previous display name, when the event is a name change. */
  prevDisplayName?: string;
  /** Whether the avatar changed (and nothing else). */
  avatarChanged?: boolean;
  /** `reason`, cleaned and shortened. */
  reason?: string;
}

/** Room state change, for a one-line summary. */
export interface TimelineStateChange {
  stateKey: string;
  /** New room name (`m.room.name`), topic (`m.room.topic`), or canonical alias, cleaned. */
  name?: string;
  topic?: string;
  alias?: string;
  /** `m.room.join_rules` / `m.room.history_visibility` values. */
  joinRule?: string;
  historyVisibility?: string;
}

/** The event this one replies to. The room model resolves it to show a quote; it may be missing. */
export interface TimelineReplyRef {
  eventId: string;
}

/** One displayable timeline entry. Everything a tile needs; nothing from the SDK. */
export interface TimelineItem {
  /** Event ID (`$...`), or the transaction ID of a local echo until the server assigns one. */
  eventId: string;
  /** Transaction ID of our own local echo, if any. */
  txnId?: string;
  /** Event type (`m.room.message`, `m.room.member`, ...), cleaned. */
  type: string;
  /** Which tile family renders this item. */
  kind: TimelineItemKind;
  /** `content.msgtype` for messages (`m.text`, `m.image`, ... or an unknown string). */
  msgtype?: string;
  sender: TimelineSender;
  /** Origin server timestamp in ms since the epoch, clamped to `[0, now + 1 day]`; 0 when unknown. */
  ts: number;
  /** Plain body (reply fallback stripped, at most `MAX_BODY_LENGTH` characters). */
  body: string;
  /** Whether `body` was cut to `MAX_BODY_LENGTH`. */
  bodyTruncated?: boolean;
  /** `formatted_body` when `format` is `org.matrix.custom.html` (unsanitized: the renderer sanitizes it). */
  formattedBody?: string;
  /** File / image / video / audio details. */
  media?: TimelineMedia;
  membership?: TimelineMembership;
  state?: TimelineStateChange;
  /** Redacted: content is gone; renders "Message deleted". */
  redacted: boolean;
  /** A valid `m.replace` edit was applied. */
  edited: boolean;
  replyTo?: TimelineReplyRef;
  reactions: TimelineReaction[];
  status: TimelineItemStatus;
  /** Whether the signed-in user sent it (own messages may be edited and deleted). */
  mine: boolean;
}
