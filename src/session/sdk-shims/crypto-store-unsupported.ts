import { unsupported } from './unsupported.ts';

/**
 * Stand-in for matrix-js-sdk `lib/crypto/store/indexeddb-crypto-store.js` and
 * `lib/crypto/store/localStorage-crypto-store.js` (legacy libolm crypto stores).
 * Safe: only re-exported by `lib/matrix.js` for apps that migrate libolm data; matrix-embed does not do
 * end-to-end encryption and never constructs one (doing so throws "not supported").
 */
export class IndexedDBCryptoStore {
  constructor() {
    throw unsupported('End-to-end encryption');
  }
}

export class LocalStorageCryptoStore {
  constructor() {
    throw unsupported('End-to-end encryption');
  }
}
