/**
 * Stand-in for matrix-js-sdk `lib/crypto/store/memory-crypto-store.js` (the legacy libolm crypto store).
 * `createClient()` makes one by default; MatrixClient only hands it to `initRustCrypto()` (to migrate libolm
 * data; see `rust-crypto.ts`: never loaded) and empties it in `clearStores()`. Safe: it never holds data in
 * matrix-embed, which does not do end-to-end encryption, so this store is always empty.
 */
export class MemoryCryptoStore {
  async startup(): Promise<this> {
    return this;
  }
  async containsData(): Promise<boolean> {
    return false;
  }
  async deleteAllData(): Promise<void> {}
}
