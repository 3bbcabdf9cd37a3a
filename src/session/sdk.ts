/**
 * The only module that imports matrix-js-sdk. Everything else uses `import type`, so the SDK (hundreds of kB)
 * is fetched the first time a client is really needed — never for a signed-out form or a join button.
 *
 * We import `lib/index.js` rather than the package's browser entry: the browser entry also wires the
 * IndexedDB crypto store (we do not use end-to-end encryption) and pins `globalThis.matrixcs`.
 */
export type Sdk = typeof import('matrix-js-sdk');

let loading: Promise<Sdk> | undefined;

/** Loads matrix-js-sdk once per copy of this library (the session makes sure only one copy ever asks). */
export function loadSdk(): Promise<Sdk> {
  loading ??= import('matrix-js-sdk/lib/index.js').then((m) => m as unknown as Sdk);
  return loading;
}
