/**
 * `/_dev/*`: test controls, registered only when the server runs with `--faults` (otherwise every `/_dev`
 * path is an unknown route: 404 M_UNRECOGNIZED). They are never subject to the faults they configure.
 * All take and return JSON and carry CORS headers like every route, so browser tests can call them with fetch.
 *
 * Fault controls, answered by the homeserver and by the fault proxy (`dev/fault-proxy.ts`, always on there)
 * alike (`registerFaultControls`):
 *   GET  /_dev/faults                      -> {rules: [...]}   the active rules (with `remaining` counts)
 *   POST /_dev/faults/reset                -> {}               remove every rule
 *   DELETE /_dev/faults/{id}               -> {}               remove one rule
 *   POST /_dev/delay      {ms, paths?, method?, count?}                            -> {id}  wait `ms` first
 *   POST /_dev/fail       {status, errcode?, error?, count?, ms?, fraction?, seed?, paths?, method?}  -> {id}
 *   POST /_dev/rate-limit {retryAfterMs?=1000, count?, ms?, fraction?, seed?, paths?, method?}      -> {id}
 *                         429 M_LIMIT_EXCEEDED with `retry_after_ms` and `Retry-After` (seconds, rounded up)
 *   POST /_dev/drop       {count? | ms?, paths?, method?}  -> {id}  close the connection without an answer;
 *                         with `ms` the network is down: preflights fail too and requests waiting are cut
 *   POST /_dev/drop-answer {count?=1, paths?, method?}     -> {id}  the request is applied in full (the event
 *                         is stored, the join happens), then the connection closes before a byte of the answer
 *   POST /_dev/answer     {status?=200, body? | text?, headers?, count?=1, paths?, method?} -> {id}
 *                         answers as a hostile server would: any JSON `body` (or raw `text`) with any status
 *                         and headers (a 307 with `Location`, a wrong-typed `/login`, `javascript:` endpoints)
 *   POST /_dev/restart    {downMs?=200}    -> {}  answers, then closes every connection and stops listening for
 *                         `downMs` (connections are refused), then listens again on the same port, same data
 *
 * Homeserver only (`register`):
 *   POST /_dev/expire-tokens {userId, deviceId?} | {accessToken}  -> {tokens: n}  soft logout: those access
 *                                          tokens answer M_UNKNOWN_TOKEN soft_logout: true; the devices, their
 *                                          data and refresh tokens stay, so signing in again with the same
 *                                          device_id (or refreshing) continues the same device
 *   POST /_dev/delete-tokens {userId, deviceId?} | {accessToken}  -> {tokens: n}  hard logout: tokens and
 *                                          devices are gone (M_UNKNOWN_TOKEN soft_logout: false)
 *   POST /_dev/delete-oauth-client {clientId}  -> {}   as an admin deleting a registered OAuth client (or a
 *                                          server that lost its registrations): the authorization endpoint
 *                                          shows its "Unknown client_id" page, the token endpoint answers
 *                                          invalid_client. Tokens already issued live until they expire.
 *   POST /_dev/rooms/{roomIdOrAlias}/inject  <any JSON object>  -> {event_id}
 *
 * `paths` is a regular expression tested against the request's path and query string (`"/sync"`,
 * `"/rooms/[^/]+/send/"`); `method` limits a rule to one HTTP method. `count` (default 1 for fail,
 * rate-limit, drop and drop-answer; unlimited for delay) is how many requests the rule affects; `ms` how long
 * it lasts (then `count` defaults to unlimited; fail and rate-limit take both, the first to run out ends the
 * rule). `fraction` (0..1) affects only that share of matching requests, drawn by a PRNG seeded with the
 * integer `seed` when given, so "70 % of sends answered 429 for 10 s" hits the same requests every run.
 * See faults.ts for how rules combine.
 */
import { errors, type Ctx, type Router } from '../http.ts';
import type { Homeserver } from '../homeserver.ts';
import { installFaults, type Faults, type FaultRule } from '../faults.ts';
import type { ClientEvent } from '../store.ts';

/** Injected events may be large (a 1 MB body is one of the hostile cases). */
const INJECT_MAX_BODY = 8 * 1024 * 1024;

/**
 * The fault controls both servers answer. `restart(downMs)` closes every connection, stops listening for
 * `downMs` and listens again keeping all data; it runs once the answer to /_dev/restart has been sent.
 */
export function registerFaultControls(router: Router, faults: Faults, restart: (downMs: number) => Promise<void>): void {
  router.add('GET', '/_dev/faults', () => ({ rules: faults.list() }));
  router.add('POST', '/_dev/faults/reset', () => {
    faults.reset();
    return {};
  });
  router.add('DELETE', '/_dev/faults/:id', (ctx) => {
    if (!faults.remove(Number(ctx.params.id))) throw errors.notFound('No such fault rule');
    return {};
  });

  router.add('POST', '/_dev/delay', async (ctx) => {
    const body = await ctx.json();
    const ms = int(body, 'ms', { min: 0, max: 600_000 });
    if (ms === undefined) throw errors.missingParam('ms');
    return { id: faults.add({ kind: 'delay', delayMs: ms, ...common(body), ...count(body) }).id };
  });

  router.add('POST', '/_dev/fail', async (ctx) => {
    const body = await ctx.json();
    const status = int(body, 'status', { min: 400, max: 599 });
    if (status === undefined) throw errors.missingParam('status');
    const errcode = str(body, 'errcode') ?? defaultErrcode(status);
    const error = str(body, 'error') ?? 'Injected fault';
    return { id: faults.add({ kind: 'fail', status, errcode, error, ...common(body), ...storm(body) }).id };
  });

  router.add('POST', '/_dev/rate-limit', async (ctx) => {
    const body = await ctx.json();
    const retryAfterMs = int(body, 'retryAfterMs', { min: 0, max: 3_600_000 }) ?? 1000;
    return { id: faults.add({ kind: 'rate-limit', retryAfterMs, ...common(body), ...storm(body) }).id };
  });

  router.add('POST', '/_dev/drop', async (ctx) => {
    const body = await ctx.json();
    const ms = int(body, 'ms', { min: 1, max: 600_000 });
    if (ms !== undefined && body.count !== undefined) throw errors.invalidParam('Give count or ms, not both');
    return { id: faults.add({ kind: 'drop', ...common(body), ...(ms === undefined ? count(body, 1) : lasting(ms)) }).id };
  });

  router.add('POST', '/_dev/drop-answer', async (ctx) => {
    const body = await ctx.json();
    return { id: faults.add({ kind: 'drop-answer', ...common(body), ...count(body, 1) }).id };
  });

  router.add(
    'POST',
    '/_dev/answer',
    async (ctx) => {
      const body = await ctx.json();
      const status = int(body, 'status', { min: 200, max: 599 }) ?? 200;
      const text = str(body, 'text');
      const raw = Object.hasOwn(body, 'headers') ? body.headers : undefined;
      const headers: Record<string, string> = {};
      if (raw !== undefined) {
        if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw errors.badJson('headers must be an object');
        for (const [k, v] of Object.entries(raw)) {
          if (typeof v !== 'string') throw errors.badJson(`header ${k} must be a string`);
          headers[k] = v;
        }
      }
      return { id: faults.add({ kind: 'answer', status, body: body.body, text, headers, ...common(body), ...count(body, 1) }).id };
    },
    { maxBody: INJECT_MAX_BODY },
  );

  router.add('POST', '/_dev/restart', async (ctx) => {
    const body = await ctx.json();
    const downMs = int(body, 'downMs', { min: 0, max: 600_000 }) ?? 200;
    const run = () => {
      restart(downMs).catch((err: unknown) => console.error('restart failed', err));
    };
    // Answer first: the restart closes every socket, this one included.
    const res = faults.responseOf(ctx.req);
    if (res) res.once('finish', run);
    else setTimeout(run, 50);
    return {};
  });
}

export function register(hs: Homeserver): void {
  if (!hs.options.faults) return;
  const { router, store } = hs;
  registerFaultControls(router, installFaults(hs), (downMs) => hs.restart(downMs));

  /**
   * The tokens a body names: all of `userId`'s, those of one of their devices (`userId` + `deviceId`), or the
   * one `accessToken`. 404 when there are none.
   */
  const tokensOf = async (ctx: Ctx) => {
    const body = await ctx.json();
    const userId = str(body, 'userId');
    const deviceId = str(body, 'deviceId');
    const accessToken = str(body, 'accessToken');
    if (!userId && !accessToken) throw errors.missingParam('userId');
    if (deviceId !== undefined && !userId) throw errors.missingParam('userId');
    const tokens = Object.values(store.data.tokens).filter(
      (t) =>
        (userId === undefined || t.userId === userId) &&
        (deviceId === undefined || t.deviceId === deviceId) &&
        (accessToken === undefined || t.accessToken === accessToken),
    );
    if (tokens.length === 0) throw errors.notFound('No such token');
    return tokens;
  };

  router.add('POST', '/_dev/expire-tokens', async (ctx) => {
    const tokens = await tokensOf(ctx);
    // Expired, not deleted: the device survives and a refresh token (if any) still works, as after a real
    // access-token lifetime ends. requireAuth answers M_UNKNOWN_TOKEN with soft_logout: true.
    for (const t of tokens) t.expiresAt = Date.now() - 1;
    store.changed();
    return { tokens: tokens.length };
  });

  router.add('POST', '/_dev/delete-tokens', async (ctx) => {
    const tokens = await tokensOf(ctx);
    // As if an admin logged the device out: token and device are gone (soft_logout: false).
    for (const t of tokens) store.revokeDevice(t.userId, t.deviceId);
    return { tokens: tokens.length };
  });

  router.add('POST', '/_dev/delete-oauth-client', async (ctx) => {
    const clientId = str(await ctx.json(), 'clientId');
    if (!clientId) throw errors.missingParam('clientId');
    if (!Object.hasOwn(store.data.oauthClients, clientId)) throw errors.notFound('No such OAuth client');
    delete store.data.oauthClients[clientId];
    store.changed();
    return {};
  });

  router.add(
    'POST',
    '/_dev/rooms/:roomId/inject',
    async (ctx) => {
      const idOrAlias = ctx.params.roomId;
      const roomId = idOrAlias.startsWith('#') ? store.resolveAlias(idOrAlias) : idOrAlias;
      const room = roomId === undefined ? undefined : store.room(roomId);
      if (!room) throw errors.notFound(`Unknown room ${idOrAlias}`);
      // Any JSON object goes in exactly as given (a malicious federated server could send it): no required
      // field, any type, any content. Only event_id (when not a string), room_id and origin_server_ts (when
      // absent) are the server's. JSON.parse makes `__proto__` an own property, never a prototype.
      const raw = await ctx.json();
      const stored = store.appendEvent(room, raw as unknown as ClientEvent, { keepRaw: true });
      return { event_id: stored.event.event_id };
    },
    { maxBody: INJECT_MAX_BODY },
  );
}

/** The fields every rule takes: `paths` (a valid regex) and `method`. */
function common(body: Record<string, unknown>): Pick<FaultRule, 'paths' | 'method'> {
  const paths = str(body, 'paths');
  if (paths !== undefined) {
    try {
      new RegExp(paths);
    } catch {
      throw errors.invalidParam(`paths is not a valid regular expression: ${paths}`);
    }
  }
  return { paths, method: str(body, 'method')?.toUpperCase() };
}

/** `count`: how many requests the rule affects (`defaultCount` when absent; unlimited when that is too). */
function count(body: Record<string, unknown>, defaultCount?: number): Pick<FaultRule, 'remaining'> {
  return { remaining: int(body, 'count', { min: 1, max: 1_000_000 }) ?? defaultCount };
}

/** A rule that lasts `ms` from now. */
function lasting(ms: number): Pick<FaultRule, 'until'> {
  return { until: Date.now() + ms };
}

/**
 * fail and rate-limit: `count` and/or `ms` (count 1 when neither), and `fraction` of the matching requests,
 * drawn from a PRNG seeded with `seed` when given.
 */
function storm(body: Record<string, unknown>): Pick<FaultRule, 'remaining' | 'until' | 'fraction' | 'seed'> {
  const ms = int(body, 'ms', { min: 1, max: 600_000 });
  const fraction = num(body, 'fraction', { min: 0, max: 1 });
  const seed = int(body, 'seed', { min: 0, max: 0xffff_ffff });
  if (seed !== undefined && fraction === undefined) throw errors.invalidParam('seed needs a fraction');
  return { ...count(body, ms === undefined ? 1 : undefined), ...(ms === undefined ? {} : lasting(ms)), fraction, seed };
}

function str(body: Record<string, unknown>, key: string): string | undefined {
  const v = Object.hasOwn(body, key) ? body[key] : undefined;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw errors.badJson(`${key} must be a string`);
  return v;
}

function int(body: Record<string, unknown>, key: string, range: { min: number; max: number }): number | undefined {
  const v = Object.hasOwn(body, key) ? body[key] : undefined;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < range.min || v > range.max) {
    throw errors.invalidParam(`${key} must be an integer from ${range.min} to ${range.max}`);
  }
  return v;
}

function num(body: Record<string, unknown>, key: string, range: { min: number; max: number }): number | undefined {
  const v = Object.hasOwn(body, key) ? body[key] : undefined;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < range.min || v > range.max) {
    throw errors.invalidParam(`${key} must be a number from ${range.min} to ${range.max}`);
  }
  return v;
}

/** The errcode a real server pairs with a status, when the test does not name one. */
function defaultErrcode(status: number): string {
  switch (status) {
    case 401: return 'M_UNKNOWN_TOKEN';
    case 403: return 'M_FORBIDDEN';
    case 404: return 'M_NOT_FOUND';
    case 413: return 'M_TOO_LARGE';
    case 429: return 'M_LIMIT_EXCEEDED';
    default: return 'M_UNKNOWN';
  }
}
