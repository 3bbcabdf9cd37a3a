// The one list of matrix-js-sdk modules that matrix-embed replaces with small stand-ins (issue 6: bytes and
// start-up requests). Used by BOTH the production build (rollup.config.mjs, a `resolveId` plugin) and the
// dev/test server (dev/cjs-to-esm.mjs `sdkShims()`, registered in web-test-runner.config.mjs and dev/start.ts),
// so the browser tests exercise exactly what ships.
//
// Only imports made BY matrix-js-sdk's own files (node_modules/matrix-js-sdk/lib/) are redirected; our own
// code (src/session/confusables.ts loads `unhomoglyph/data.json`) gets the real package. Each stand-in keeps the
// exports its importers use (checked against matrix-js-sdk 43.0.0 `lib/`) and says why replacing it is safe.
// When matrix-js-sdk is upgraded: re-check every entry (the browser suite covers client start, sync, send,
// pagination and relations through the stand-ins).

/** Where the stand-ins live, relative to the repository root. */
export const SDK_SHIMS_DIR = 'src/session/sdk-shims/';

/** SDK module (path under `matrix-js-sdk/lib/`, or a bare package the SDK imports) → stand-in under src/session/sdk-shims/. */
export const SDK_SHIMS = {
  // VoIP (1:1 and legacy group calls): matrix-embed has no calls. supportsMatrixCall() → false.
  'webrtc/call.js': 'webrtc-call.ts',
  'webrtc/callEventHandler.js': 'webrtc-call-event-handler.ts',
  'webrtc/groupCallEventHandler.js': 'webrtc-group-call-event-handler.ts',
  'webrtc/groupCall.js': 'webrtc-group-call.ts',
  'webrtc/mediaHandler.js': 'webrtc-media-handler.ts',
  // MatrixRTC (Element Call sessions): a manager that tracks no sessions.
  'matrixrtc/MatrixRTCSessionManager.js': 'matrixrtc-session-manager.ts',
  // GET /rtc/transports at start-up, only for MatrixRTC.
  'rtcTransportsCachedValue.js': 'rtc-transports-cached-value.ts',
  // The client's .well-known poller (off unless `clientWellKnownPollPeriod` is set, which we never do) and with it
  // AutoDiscovery: we discover homeservers ourselves (src/session/discovery.ts).
  'wellKnownCachedValue.js': 'well-known-cached-value.ts',
  'autodiscovery.js': 'autodiscovery.ts',
  // GET /capabilities at start-up: fetched on demand instead of polled.
  'serverCapabilities.js': 'server-capabilities.ts',
  // Sliding sync (MSC4186): we never pass `slidingSync`.
  'sliding-sync-sdk.js': 'sliding-sync-sdk.ts',
  // The SDK's OAuth 2.0 client: matrix-embed runs its own (src/session/auth/oauth.ts) and refreshes tokens itself.
  'oauth/index.js': 'oauth.ts',
  'oauth/tokenRefresher.js': 'oauth-token-refresher.ts',
  // End-to-end encryption: matrix-embed does not do E2EE. The encryption module must never be built or loaded.
  'rust-crypto/index.js': 'rust-crypto.ts',
  'crypto/store/memory-crypto-store.js': 'memory-crypto-store.ts',
  'crypto/store/indexeddb-crypto-store.js': 'crypto-store-unsupported.ts',
  'crypto/store/localStorage-crypto-store.js': 'crypto-store-unsupported.ts',
  'secret-storage.js': 'secret-storage.ts',
  // The client-side push-rule evaluator: it only feeds highlight counts and the notification timeline set, which
  // matrix-embed never reads (its unread badge uses the server's total count). Matches no rule.
  'pushprocessor.js': 'pushprocessor.ts',
  // The persisted queue of outgoing to-device messages: only E2EE and MatrixRTC queue any.
  'ToDeviceMessageQueue.js': 'to-device-message-queue.ts',
  // MSC3847 invite policies (`client.ignoredInvites`): API for applications; the SDK itself never calls it.
  'models/invites-ignorer.js': 'invites-ignorer.ts',
  // MSC3089 file trees (unstable, Element's file-sharing experiment).
  'models/MSC3089TreeSpace.js': 'msc3089-tree-space.ts',
  // Bare packages the SDK imports.
  'matrix-events-sdk': 'matrix-events-sdk.ts',
  unhomoglyph: 'unhomoglyph.ts',
  // Its debug lines went to the host page's console; only warnings and errors do now (as our own logger's).
  loglevel: 'loglevel.ts',
  // The SDK reads only the media type of an error answer (JSON or text), not the parameters it validates.
  'content-type': 'content-type.ts',
  // Base58 for E2EE recovery keys: its codec was built at import time, so it shipped although never called.
  bs58: 'bs58.ts',
};

const SDK_LIB = /[\\/]node_modules[\\/]matrix-js-sdk[\\/]lib[\\/]/;

/**
 * Which entry of a stand-in table an import hits, or undefined to resolve it normally.
 * @param {string} source the import specifier as written (`./webrtc/call.js`, `unhomoglyph`)
 * @param {string | undefined} importer the importing file's path or URL path (must be inside matrix-js-sdk/lib/)
 * @param {Record<string, string>} [shims] the table (default: SDK_SHIMS)
 * @returns {string | undefined} the table key: a path under matrix-js-sdk/lib/, or a bare package name
 */
export function sdkShimKey(source, importer, shims = SDK_SHIMS) {
  if (!importer) return undefined;
  const m = SDK_LIB.exec(importer);
  if (!m) return undefined;
  if (!source.startsWith('.')) return Object.hasOwn(shims, source) ? source : undefined;
  // Resolve the relative specifier against the importer's directory inside lib/.
  const importerInLib = importer.slice(m.index + m[0].length).replace(/\\/g, '/').replace(/[?#].*$/, '');
  const parts = importerInLib.split('/').slice(0, -1);
  for (const seg of source.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  const target = parts.join('/');
  return target.endsWith('.js') && Object.hasOwn(shims, target) ? target : undefined;
}

/**
 * The stand-in for an import, or undefined to resolve it normally.
 * @param {string} source the import specifier as written (`./webrtc/call.js`, `unhomoglyph`)
 * @param {string | undefined} importer the importing file's path or URL path (must be inside matrix-js-sdk/lib/)
 * @returns {string | undefined} the stand-in's file name under src/session/sdk-shims/
 */
export function sdkShimFor(source, importer) {
  const key = sdkShimKey(source, importer);
  return key === undefined ? undefined : SDK_SHIMS[key];
}

/**
 * The rollup plugin of the production build (rollup.config.mjs, the bench): resolves the SDK's imports of the
 * replaced modules to the stand-ins, and FAILS the build when an entry of the table was never imported. That
 * happens when matrix-js-sdk renames or drops a file: the table would then silently replace nothing while the
 * real module (VoIP, the encryption module, ...) ships under its new name.
 * @param {{ dir: string, shims?: Record<string, string> }} options `dir`: absolute path of the stand-ins' folder
 * @returns {import('rollup').Plugin}
 */
export function rollupSdkShims({ dir, shims = SDK_SHIMS }) {
  const used = new Set();
  return {
    name: 'matrix-embed-sdk-shims',
    buildStart() {
      used.clear();
    },
    resolveId(source, importer) {
      const key = sdkShimKey(source, importer, shims);
      if (key === undefined) return null;
      used.add(key);
      return dir + shims[key];
    },
    buildEnd(error) {
      if (error) return;
      const unused = Object.keys(shims).filter((k) => !used.has(k));
      if (unused.length) {
        this.error(
          `src/session/sdk-shims/aliases.mjs: ${unused.length} stand-in(s) replaced nothing in this build: ` +
            `${unused.join(', ')}. matrix-js-sdk no longer imports these paths (renamed or removed?): ` +
            'find the module under its new path and update the table, or drop the entry.',
        );
      }
    },
  };
}
