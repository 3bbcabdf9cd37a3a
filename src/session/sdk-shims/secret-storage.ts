import { unsupported } from './unsupported.ts';

/**
 * Stand-in for matrix-js-sdk `lib/secret-storage.js` (SSSS: secrets encrypted in account data, for
 * cross-signing and key backup).
 * Safe: MatrixClient creates one per client but only the crypto code and `client.secretStorage` callers use
 * it; matrix-embed does not do end-to-end encryption. Reads say "no key" (`null` / `false`, as with an account
 * that never set up secret storage); writes and reads of secrets throw "not supported".
 */
export class ServerSideSecretStorageImpl {
  async getDefaultKeyId(): Promise<string | null> {
    return null;
  }
  async hasKey(): Promise<boolean> {
    return false;
  }
  async getKey(): Promise<null> {
    return null;
  }
  async isStored(): Promise<null> {
    return null;
  }
  async setDefaultKeyId(): Promise<never> {
    throw unsupported('Secret storage');
  }
  async addKey(): Promise<never> {
    throw unsupported('Secret storage');
  }
  async checkKey(): Promise<never> {
    throw unsupported('Secret storage');
  }
  async store(): Promise<never> {
    throw unsupported('Secret storage');
  }
  async get(): Promise<never> {
    throw unsupported('Secret storage');
  }
}

// The rest of lib/secret-storage.js's exports (a drop-in for any importer).
export const SECRET_STORAGE_ALGORITHM_V1_AES = 'm.secret_storage.v1.aes-hmac-sha2';

export function calculateKeyCheck(): Promise<never> {
  return Promise.reject(unsupported('Secret storage'));
}

/** Removes trailing `=` padding, as the SDK's does. */
export function trimTrailingEquals(input: string): string {
  let i = input.length;
  while (i >= 1 && input.charCodeAt(i - 1) === 0x3d) i--;
  return i < input.length ? input.substring(0, i) : input;
}
