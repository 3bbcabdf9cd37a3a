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
 *
 * Modules of the SDK that matrix-embed never uses (VoIP, MatrixRTC, the SDK's OAuth client, the encryption
 * module, sliding sync, the confusables table, …) are replaced at build time by the stand-ins in `sdk-shims/`
 * (list and reasons: `sdk-shims/aliases.mjs`), in the production build and in the test/demo server alike.
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
      createClient: (opts) => withoutUnusedStartupRequests(createClient({ disableVoip: true, ...opts })),
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

type Client = ReturnType<Sdk['createClient']>;

/**
 * Skips the requests `startClient()` makes before the first `/sync` that matrix-embed has no use for. (The
 * stand-ins already remove `GET /voip/turnServer`, `GET /rtc/transports` and the start-up `GET /capabilities`.)
 *
 * - `GET /pushrules/`: push rules only feed the SDK's client-side highlight and notification computations
 *   (`getPushActionsForEvent`), which matrix-embed never reads — unread counts come from the server's own
 *   `unread_notifications`, which the server computes with the real rules. The client starts with an empty
 *   rule set instead (no rule matches: no client-side highlights); the client-side evaluator itself is a stand-in
 *   that matches no rule (`sdk-shims/pushprocessor.ts`), also for rules arriving later as `m.push_rules` account data.
 * - `POST /user/{id}/filter` (and, on later visits, `GET` of the stored filter to validate it): the sync filter
 *   is sent inline with every `/sync` instead (`filter={...}`, which the spec allows and the SDK already does
 *   for the first `/sync`). This also stops the SDK writing `mxjssdk_memory_filter_*` keys into the host
 *   page's localStorage.
 */
function withoutUnusedStartupRequests(client: Client): Client {
  client.getPushRules = async () => ({ global: {} });
  client.getOrCreateFilter = async (_name, filter) => JSON.stringify(filter.getDefinition());
  return client;
}
