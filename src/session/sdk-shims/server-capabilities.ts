import { Method } from 'matrix-js-sdk/lib/http-api/index.js';
import type { MatrixHttpApi, IHttpOpts } from 'matrix-js-sdk/lib/http-api/index.js';
import type { Capabilities } from 'matrix-js-sdk/lib/serverCapabilities.js';

/**
 * Stand-in for matrix-js-sdk `lib/serverCapabilities.js` (and its `capabilityPoller.js`).
 * The real one fetches `GET /capabilities` when the client starts and every 6 hours. matrix-embed reads no
 * capability at start-up, so this one fetches only when asked: `MatrixClient.getCapabilities()` (used e.g. by
 * `Room.getRecommendedVersion()`) still works, through `fetch()`, exactly as before.
 * `RoomVersionStability` is kept (same values): `lib/models/room.js` imports it.
 */
export enum RoomVersionStability {
  Stable = 'stable',
  Unstable = 'unstable',
}

export class ServerCapabilities {
  private cached: Capabilities | undefined;

  /** Same parameters as the SDK's class (logger, http); the logger is not needed. */
  constructor(
    _logger: unknown,
    private readonly http: MatrixHttpApi<IHttpOpts & { onlyData: true }>,
  ) {}

  /** No polling: capabilities are fetched on first use. */
  start(): void {}
  stop(): void {}

  getCached(): Capabilities | undefined {
    return this.cached;
  }

  readonly fetch = async (): Promise<Capabilities> => {
    const resp = await this.http.authedRequest<{ capabilities: Capabilities }>(Method.Get, '/capabilities');
    this.cached = resp['capabilities'];
    return this.cached;
  };

  on(): this {
    return this;
  }
  off(): this {
    return this;
  }
}
