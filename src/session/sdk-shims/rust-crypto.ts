import { unsupported } from './unsupported.ts';

/**
 * Stand-in for matrix-js-sdk `lib/rust-crypto/index.js`, which MatrixClient loads with `import()` from
 * `initRustCrypto()` and which brings the Rust crypto WebAssembly glue (a 44 kB gzip chunk, plus a 2 MB .wasm).
 * Safe: matrix-embed does not do end-to-end encryption and never calls `initRustCrypto()`; if anything did, it
 * rejects instead of loading the encryption module. Encrypted events are shown as "unable to decrypt" by our
 * tiles, as before. Replacing the module (rather than leaving the dynamic import unused) keeps the encryption
 * code out of every chunk of the build.
 */
export async function initRustCrypto(): Promise<never> {
  throw unsupported('End-to-end encryption');
}
