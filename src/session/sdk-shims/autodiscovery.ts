/**
 * Stand-in for matrix-js-sdk `lib/autodiscovery.js` (`.well-known` discovery of homeservers and identity
 * servers). The SDK reaches it only from the client's `.well-known` poller (replaced: `well-known-cached-value.ts`)
 * and re-exports it from its index; its static fields are set when the module loads, so the bundle kept the whole
 * module (~6 kB minified) although nothing calls it.
 *
 * Safe: matrix-embed discovers homeservers itself (`src/session/discovery.ts`: `.well-known`, then `/versions`,
 * with its own URL rules) and never calls `AutoDiscovery`. The enums keep their values; every method rejects.
 */
export const AutoDiscoveryAction = {
  SUCCESS: 'SUCCESS',
  IGNORE: 'IGNORE',
  PROMPT: 'PROMPT',
  FAIL_PROMPT: 'FAIL_PROMPT',
  FAIL_ERROR: 'FAIL_ERROR',
} as const;

export const AutoDiscoveryError = {
  Invalid: 'Invalid homeserver discovery response',
  GenericFailure: 'Failed to get autodiscovery configuration from server',
  InvalidHsBaseUrl: 'Invalid base_url for m.homeserver',
  InvalidHomeserver: 'Homeserver URL does not appear to be a valid Matrix homeserver',
  InvalidIsBaseUrl: 'Invalid base_url for m.identity_server',
  InvalidIdentityServer: 'Identity server URL does not appear to be a valid identity server',
  InvalidIs: 'Invalid identity server discovery response',
  MissingWellknown: 'No .well-known JSON file found',
  InvalidJson: 'Invalid JSON',
  UnsupportedHomeserverSpecVersion: 'The homeserver does not meet the version requirements',
} as const;

const unsupported = (): Promise<never> => Promise.reject(new Error('matrix-embed: AutoDiscovery is not included (see src/session/discovery.ts)'));

export class AutoDiscovery {
  static fromDiscoveryConfig = unsupported;
  static findClientConfig = unsupported;
  static getRawClientConfig = unsupported;
  static fetchWellKnownObject = unsupported;
  static sanitizeWellKnownUrl(): false {
    return false;
  }
  static fetch(): Promise<never> {
    return unsupported();
  }
  static setFetchFn(): void {}
}
