import { unsupported } from './unsupported.ts';

/**
 * Stand-in for matrix-js-sdk `lib/sliding-sync-sdk.js` (MSC4186 sliding sync, ~34 kB before minifying).
 * Safe: MatrixClient uses it only when `startClient({ slidingSync })` is given, and matrix-embed uses the
 * ordinary `/sync` (src/session/session.ts). Asking for it throws "not supported".
 */
export class SlidingSyncSdk {
  constructor() {
    throw unsupported('Sliding sync');
  }
}
