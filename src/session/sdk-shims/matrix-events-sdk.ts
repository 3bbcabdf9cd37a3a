import { UnstableValue } from 'matrix-events-sdk/lib/NamespacedValue.js';

/**
 * Stand-in for the `matrix-events-sdk` package as matrix-js-sdk imports it (`import … from "matrix-events-sdk"`).
 * That package is CommonJS whose index requires every extensible-event class and interpreter (~110 kB before
 * minifying) although the SDK needs only the small `NamespacedValue` helpers, `M_POLL_START` and
 * `ExtensibleEvents.parse`.
 *
 * Safe: `NamespacedValue` / `UnstableValue` are the package's own (re-exported), `M_POLL_START` is built exactly
 * as the package builds it (`events/poll_types.js`), so poll detection in the SDK (`Room.processPollEvents`) is
 * unchanged. `ExtensibleEvents.parse()` returns null — "not parseable as an extensible event", a result the
 * SDK already handles — so `MatrixEvent.unstableExtensibleEvent` is undefined; its only reader in the SDK is
 * `Poll.pollEvent`, which the SDK stores but never reads, and matrix-embed reads neither (it renders event
 * content itself: src/render/).
 */
export { NamespacedValue, UnstableValue } from 'matrix-events-sdk/lib/NamespacedValue.js';

export const M_POLL_START = new UnstableValue('m.poll.start', 'org.matrix.msc3381.poll.start');

export class ExtensibleEvents {
  static parse(): null {
    return null;
  }
}

// The rest of the package's exports, each from its own small module (so this is a drop-in for any importer,
// test/build/sdk-shims.test.ts). None is imported by matrix-js-sdk today, so the build drops them all (rollup.config.mjs
// treats the package as side-effect free); a future import would get the package's real code.
export { InvalidEventError } from 'matrix-events-sdk/lib/InvalidEventError.js';
export { NamespacedMap } from 'matrix-events-sdk/lib/NamespacedMap.js';
export { isOptionalAString, isProvided } from 'matrix-events-sdk/lib/types.js';
export { LegacyMsgType, isEventLike } from 'matrix-events-sdk/lib/utility/MessageMatchers.js';
export { isEventTypeSame } from 'matrix-events-sdk/lib/utility/events.js';
export { LEGACY_M_ROOM_MESSAGE, parseMRoomMessage } from 'matrix-events-sdk/lib/interpreters/legacy/MRoomMessage.js';
export { parseMMessage } from 'matrix-events-sdk/lib/interpreters/modern/MMessage.js';
export { parseMPoll } from 'matrix-events-sdk/lib/interpreters/modern/MPoll.js';
export { REFERENCE_RELATION } from 'matrix-events-sdk/lib/events/relationship_types.js';
export { ExtensibleEvent } from 'matrix-events-sdk/lib/events/ExtensibleEvent.js';
export { M_EMOTE, M_HTML, M_MESSAGE, M_NOTICE, M_TEXT } from 'matrix-events-sdk/lib/events/message_types.js';
export { MessageEvent } from 'matrix-events-sdk/lib/events/MessageEvent.js';
export { EmoteEvent } from 'matrix-events-sdk/lib/events/EmoteEvent.js';
export { NoticeEvent } from 'matrix-events-sdk/lib/events/NoticeEvent.js';
export { M_POLL_END, M_POLL_KIND_DISCLOSED, M_POLL_KIND_UNDISCLOSED, M_POLL_RESPONSE } from 'matrix-events-sdk/lib/events/poll_types.js';
export { PollAnswerSubevent, PollStartEvent } from 'matrix-events-sdk/lib/events/PollStartEvent.js';
export { PollResponseEvent } from 'matrix-events-sdk/lib/events/PollResponseEvent.js';
export { PollEndEvent } from 'matrix-events-sdk/lib/events/PollEndEvent.js';
