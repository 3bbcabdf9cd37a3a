/**
 * Stand-in for the `matrix-events-sdk` package as matrix-js-sdk imports it (`import … from "matrix-events-sdk"`).
 * That package is CommonJS whose index requires every extensible-event class and interpreter (~110 kB before
 * minifying) although the SDK needs only the small `NamespacedValue` helpers, `M_POLL_START` and
 * `ExtensibleEvents.parse`.
 *
 * Safe: `NamespacedValue` / `UnstableValue` behave as the package's own (`lib/NamespacedValue.js`, whose code is
 * copied below as native classes: the package ships it transpiled to ES5 with Babel's class helpers, ~3 kB
 * minified for two small classes), `M_POLL_START` is built exactly as the package builds it
 * (`events/poll_types.js`), so poll detection in the SDK (`Room.processPollEvents`) is unchanged. `ExtensibleEvents.parse()` returns null — "not parseable as an extensible event", a result the
 * SDK already handles — so `MatrixEvent.unstableExtensibleEvent` is undefined; its only reader in the SDK is
 * `Poll.pollEvent`, which the SDK stores but never reads, and matrix-embed reads neither (it renders event
 * content itself: src/render/).
 */

/**
 * A namespaced identifier: the stable name when there is one, else the unstable one (matrix-events-sdk 0.0.1
 * `NamespacedValue`, same behaviour, including `matches()` ignoring an absent name).
 */
export class NamespacedValue<S extends string, U extends string> {
  constructor(
    public readonly stable?: S | null,
    public readonly unstable?: U,
  ) {
    if (!this.unstable && !this.stable) throw new Error('One of stable or unstable values must be supplied');
  }

  get name(): U | S {
    return this.stable ? this.stable : this.unstable!;
  }

  get altName(): U | S | null | undefined {
    return this.stable ? this.unstable : null;
  }

  matches(val: string): boolean {
    return (!!this.name && this.name === val) || (!!this.altName && this.altName === val);
  }

  findIn<T>(obj: unknown): T | undefined {
    const o = obj as Record<string, T> | null | undefined;
    let val: T | undefined;
    if (this.name) val = o?.[this.name];
    if (!val && this.altName) val = o?.[this.altName];
    return val;
  }

  includedIn(arr: string[]): boolean {
    let included = false;
    if (this.name) included = arr.includes(this.name);
    if (!included && this.altName) included = arr.includes(this.altName);
    return included;
  }
}

/** A namespaced identifier that prefers its unstable name (matrix-events-sdk 0.0.1 `UnstableValue`). */
export class UnstableValue<S extends string, U extends string> extends NamespacedValue<S, U> {
  constructor(stable: S | null | undefined, unstable: U) {
    super(stable, unstable);
    if (!this.unstable) throw new Error('Unstable value must be supplied');
  }

  override get name(): U {
    return this.unstable!;
  }

  override get altName(): S | null | undefined {
    return this.stable;
  }
}

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
