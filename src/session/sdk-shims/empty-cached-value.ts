/**
 * What the SDK's cached server values (`rtcTransportsCachedValue`, `wellKnownCachedValue`) look like when
 * nothing is ever fetched: empty, and every method a no-op. Shared by the two stand-ins.
 */
export function emptyCachedValue() {
  return {
    get: (): undefined => undefined,
    wait: async (): Promise<undefined> => undefined,
    refresh: async (): Promise<undefined> => undefined,
    start: (): void => {},
    stop: (): void => {},
  };
}
