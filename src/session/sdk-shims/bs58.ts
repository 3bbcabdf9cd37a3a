/**
 * Stand-in for the `bs58` package as matrix-js-sdk imports it (`lib/crypto-api/recovery-key.js`: the Base58
 * form of end-to-end encryption recovery keys). The real one builds its codec (`base-x`) when the module loads,
 * so the bundle kept it although nothing calls it.
 *
 * Safe: matrix-embed does no end-to-end encryption (see `rust-crypto.ts`); recovery keys are never encoded or
 * decoded. Both functions throw, so a use would be loud rather than wrong.
 */
const unsupported = (): never => {
  throw new Error('matrix-embed: recovery keys (end-to-end encryption) are not supported');
};

export default { encode: unsupported as (source: Uint8Array) => string, decode: unsupported as (source: string) => Uint8Array, decodeUnsafe: unsupported as (source: string) => Uint8Array | undefined };
