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
