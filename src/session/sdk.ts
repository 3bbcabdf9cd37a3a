/**
 * The only module that imports matrix-js-sdk. Everything else uses `import type`, so the SDK (hundreds of kB)
 * is fetched the first time a client is really needed — never for a signed-out form or a join button.
 *
 * We import `lib/index.js` rather than the package's browser entry: the browser entry also wires the
 * IndexedDB crypto store (we do not use end-to-end encryption) and pins `globalThis.matrixcs`.
 *
 * Only the exports listed in `Sdk` are loaded: the dynamic import is destructured, which lets rollup drop
 * every other export of lib/index.js from the lazy chunk (importing the whole namespace would keep all of
 * them — VoIP calls, MatrixRTC, the crypto API, …). To use another export, add its name to both lists.
 */
import type * as MatrixSdk from 'matrix-js-sdk';

/** The parts of matrix-js-sdk matrix-embed uses. */
export type Sdk = Pick<
  typeof MatrixSdk,
  | 'createClient'
  | 'ClientEvent'
  | 'EventStatus'
  | 'EventTimeline'
  | 'Method'
  | 'NotificationCountType'
  | 'RoomEvent'
  | 'RoomMemberEvent'
  | 'RoomStateEvent'
  | 'TimelineWindow'
>;

let loading: Promise<Sdk> | undefined;

/** Loads matrix-js-sdk once per copy of this library (the session makes sure only one copy ever asks). */
export function loadSdk(): Promise<Sdk> {
  loading ??= import('matrix-js-sdk/lib/index.js').then(
    ({ createClient, ClientEvent, EventStatus, EventTimeline, Method, NotificationCountType, RoomEvent, RoomMemberEvent, RoomStateEvent, TimelineWindow }) => ({
      createClient,
      ClientEvent,
      EventStatus,
      EventTimeline,
      Method,
      NotificationCountType,
      RoomEvent,
      RoomMemberEvent,
      RoomStateEvent,
      TimelineWindow,
    }),
  );
  return loading;
}
