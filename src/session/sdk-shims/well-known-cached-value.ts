/**
 * Stand-in for matrix-js-sdk `lib/wellKnownCachedValue.js`.
 * The real one polls the server's `/.well-known/matrix/client` through `AutoDiscovery` (its module is ~6 kB
 * minified, only reached from here), and only when the client is created with `clientWellKnownPollPeriod`, which
 * matrix-embed never sets (it discovers homeservers itself: `src/session/discovery.ts`). Safe: the value stays
 * empty, as the real one's does without that option, and no request is made.
 */
export { emptyCachedValue as createWellKnownCachedValue } from './empty-cached-value.ts';
