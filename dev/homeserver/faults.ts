/**
 * Fault injection for tests (the homeserver with `--faults`, and `dev/fault-proxy.ts` in front of any server):
 * an interceptor that runs before routing and, for requests whose path matches a rule, delays them, answers
 * with a spec-shaped error or a 429 rate limit, drops the connection without answering (so `fetch` rejects as
 * on a network failure), answers whatever a hostile server might send (`answer`: any status, headers
 * and body), or lets the request be applied and then drops the connection instead of its answer.
 * `/_dev/*` is never affected. The control routes live in `routes/dev.ts`.
 *
 * Rules are checked in the order they were added. Delays add up; the first failing rule (fail, rate-limit,
 * answer, drop, drop-answer) that matches answers the request. A rule with `count` is used up after that many
 * requests it affected; one with `until` is gone at that time; one with neither is active until reset. A rule
 * with `fraction` affects each matching request with that probability, drawn from its own PRNG (seeded when
 * the test gives a `seed`, so a storm hits the same requests every run).
 *
 * CORS preflights (`OPTIONS`) are left alone by every rule except a timed drop (the network is down, so the
 * preflight fails too): otherwise "fail the next request" would be spent on the browser's preflight and the
 * page would see a CORS error instead of the error under test.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { MatrixError, Reply, errors, send } from './http.ts';
import type { Homeserver } from './homeserver.ts';
import { mulberry32 } from './prng.ts';

export type FaultKind = 'delay' | 'fail' | 'rate-limit' | 'drop' | 'drop-answer' | 'answer';

export interface FaultRule {
  id: number;
  kind: FaultKind;
  /** Regular expression (source) tested against the request path and query, e.g. `/sync` or `/send/`. */
  paths?: string;
  /** Only requests with this method (upper case); any method when absent. */
  method?: string;
  /** Matching requests still to affect; unlimited when absent. */
  remaining?: number;
  /** Epoch ms after which the rule is gone (timed drops, storms). */
  until?: number;
  /** fail, rate-limit: the share (0..1) of matching requests affected; all when absent. */
  fraction?: number;
  /** The seed of the PRNG that draws `fraction` (reproducible storms); Math.random when absent. */
  seed?: number;
  /** delay: milliseconds added before the request is handled. */
  delayMs?: number;
  /** fail: the status, errcode and message of the error. */
  status?: number;
  errcode?: string;
  error?: string;
  /** rate-limit: what `Retry-After` and `retry_after_ms` announce. */
  retryAfterMs?: number;
  /** answer: the body sent verbatim (JSON-encoded unless `text`), and extra headers (e.g. a redirect's Location). */
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

interface Tracked {
  res: ServerResponse;
  path: string;
}

export class Faults {
  private rules: FaultRule[] = [];
  private nextId = 1;
  /** Requests being handled now (so a "network down" can cut them, and /_dev/restart can answer first). */
  private readonly inFlight = new Map<IncomingMessage, Tracked>();
  /** Sockets that carried a request -> requests in flight on them (0 = idle keep-alive connection). */
  private readonly sockets = new Map<Socket, number>();
  /** Requests each connection has carried (more than one: a reused keep-alive connection). */
  private readonly served = new WeakMap<Socket, number>();
  /** The draw of each rule with a `fraction`. */
  private readonly draws = new Map<number, () => number>();

  list(): FaultRule[] {
    this.expire();
    return this.rules.map((r) => ({ ...r }));
  }

  reset(): void {
    this.rules = [];
    this.draws.clear();
  }

  remove(id: number): boolean {
    this.draws.delete(id);
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  add(rule: Omit<FaultRule, 'id'>): FaultRule {
    const full: FaultRule = { ...rule, id: this.nextId++ };
    this.rules.push(full);
    if (full.fraction !== undefined) {
      this.draws.set(full.id, full.seed === undefined ? Math.random : mulberry32(full.seed));
    }
    if (cutsConnection(full)) {
      // Browsers silently resend a request whose *reused* keep-alive connection closed without an answer
      // (Chromium's ShouldResendRequest), which would hide a dropped request. So while a drop is armed, every
      // request gets a fresh connection: idle ones are closed now, busy ones once their response is sent.
      for (const [socket, busy] of this.sockets) if (busy === 0) socket.destroy();
      // A timed drop is the network going down: requests already waiting (a long-polling /sync) fail too.
      if (full.kind === 'drop' && full.until !== undefined) {
        for (const [req, { path }] of this.inFlight) {
          if (!path.startsWith('/_dev/') && this.matches(full, req.method ?? 'GET', path)) req.socket.destroy();
        }
      }
    }
    return { ...full };
  }

  /** The response object of a request being handled (for routes that must act after answering). */
  responseOf(req: IncomingMessage): ServerResponse | undefined {
    return this.inFlight.get(req)?.res;
  }

  /** The interceptor: pushed onto `hs.interceptors` by the homeserver, called first by the fault proxy. */
  readonly intercept = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = req.url ?? '/';
    const pathname = url.split('?', 1)[0];
    this.track(req, res, url);
    if (pathname === '/_dev' || pathname.startsWith('/_dev/')) return false;

    this.expire();
    const method = (req.method ?? 'GET').toUpperCase();
    const preflight = method === 'OPTIONS';
    let delay = 0;
    let hit: FaultRule | undefined;
    let cut = false;
    for (const rule of [...this.rules]) {
      if (!this.matches(rule, method, url)) continue;
      if (preflight && !(rule.kind === 'drop' && rule.until !== undefined)) continue;
      if (cutsConnection(rule) && (this.served.get(req.socket) ?? 0) > 1) {
        // A request on a reused keep-alive connection (e.g. right after its CORS preflight, before the close
        // reached the browser): cutting it makes the browser resend it on a new connection, so cut it without
        // using up (or, for drop-answer, applying) the rule — the resent request is the one the rule affects.
        cut = true;
        break;
      }
      const draw = this.draws.get(rule.id);
      if (draw && draw() >= (rule.fraction ?? 1)) continue;
      this.consume(rule);
      if (rule.kind === 'delay') {
        delay += rule.delayMs ?? 0;
        continue;
      }
      hit = rule;
      break;
    }
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (cut || hit?.kind === 'drop') {
      // No status line, no bytes: the client sees the connection close (fetch: TypeError "fetch failed").
      req.socket.destroy();
      return true;
    }
    if (!hit) return false;
    if (hit.kind === 'drop-answer') {
      swallowAnswer(res);
      return false;
    }
    req.resume();
    if (hit.kind === 'answer') {
      send(res, new Reply(hit.status ?? 200, hit.text ?? (JSON.stringify(hit.body ?? null) as string), { 'Content-Type': 'application/json', ...hit.headers }));
      return true;
    }
    const error =
      hit.kind === 'rate-limit'
        ? errors.limitExceeded(hit.retryAfterMs ?? 1000)
        : new MatrixError(hit.status ?? 500, hit.errcode ?? 'M_UNKNOWN', hit.error ?? 'Injected fault');
    send(res, error);
    return true;
  };

  private matches(rule: FaultRule, method: string, url: string): boolean {
    if (rule.method && rule.method !== method) return false;
    if (rule.paths !== undefined && !new RegExp(rule.paths).test(url)) return false;
    return true;
  }

  private consume(rule: FaultRule): void {
    if (rule.remaining === undefined) return;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.remove(rule.id);
  }

  private expire(): void {
    const now = Date.now();
    for (const r of this.rules) if (r.until !== undefined && r.until <= now) this.remove(r.id);
  }

  private dropArmed(): boolean {
    this.expire();
    return this.rules.some(cutsConnection);
  }

  private track(req: IncomingMessage, res: ServerResponse, url: string): void {
    const socket = req.socket;
    this.served.set(socket, (this.served.get(socket) ?? 0) + 1);
    if (!this.sockets.has(socket)) socket.once('close', () => this.sockets.delete(socket));
    this.sockets.set(socket, (this.sockets.get(socket) ?? 0) + 1);
    this.inFlight.set(req, { res, path: url });
    res.once('close', () => {
      this.inFlight.delete(req);
      const busy = (this.sockets.get(socket) ?? 1) - 1;
      if (this.sockets.has(socket)) this.sockets.set(socket, busy);
      // See add(): no connection is reused while a drop is armed.
      if (busy === 0 && this.dropArmed() && !socket.destroyed) socket.end();
    });
  }
}

/** Rules that end in a closed connection, so the browser must not be able to resend on a reused one. */
function cutsConnection(rule: FaultRule): boolean {
  return rule.kind === 'drop' || rule.kind === 'drop-answer';
}

/**
 * Lets the route (or the upstream, behind the fault proxy) run to completion, then closes the connection
 * instead of sending a byte of its answer: the server applied the request, the client sees a network error.
 */
function swallowAnswer(res: ServerResponse): void {
  const socket = res.req.socket;
  Object.assign(res, {
    writeHead: () => res,
    flushHeaders: () => {},
    write: () => true,
    end: () => {
      socket.destroy();
      return res;
    },
  });
}


const installed = new WeakMap<Homeserver, Faults>();

/** Creates the fault injector of a homeserver and pushes its interceptor (once). */
export function installFaults(hs: Homeserver): Faults {
  let faults = installed.get(hs);
  if (!faults) {
    faults = new Faults();
    installed.set(hs, faults);
    hs.interceptors.push(faults.intercept);
  }
  return faults;
}
