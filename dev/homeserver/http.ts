/**
 * The HTTP layer of the local homeserver: routing, JSON bodies, CORS and the Matrix error format.
 * Every error leaves as the spec's `{errcode, error}` JSON with the spec's status code; nothing a client
 * sends can crash the process or leave a request hanging.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Matrix error response: `status` + `{errcode, error, ...extra}`. Throw it from any handler. */
export class MatrixError extends Error {
  constructor(
    readonly status: number,
    readonly errcode: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
  body(): Record<string, unknown> {
    return { errcode: this.errcode, error: this.message, ...this.extra };
  }
}

export const errors = {
  forbidden: (msg = 'Forbidden') => new MatrixError(403, 'M_FORBIDDEN', msg),
  notFound: (msg = 'Not found') => new MatrixError(404, 'M_NOT_FOUND', msg),
  badJson: (msg: string) => new MatrixError(400, 'M_BAD_JSON', msg),
  notJson: (msg = 'Content not JSON.') => new MatrixError(400, 'M_NOT_JSON', msg),
  missingParam: (name: string) => new MatrixError(400, 'M_MISSING_PARAM', `Missing parameter: ${name}`),
  invalidParam: (msg: string) => new MatrixError(400, 'M_INVALID_PARAM', msg),
  tooLarge: (msg = 'Request body too large') => new MatrixError(413, 'M_TOO_LARGE', msg),
  unrecognized: (status: 404 | 405 = 404) => new MatrixError(status, 'M_UNRECOGNIZED', 'Unrecognized request'),
  missingToken: () => new MatrixError(401, 'M_MISSING_TOKEN', 'Missing access token'),
  unknownToken: (softLogout: boolean) =>
    new MatrixError(401, 'M_UNKNOWN_TOKEN', softLogout ? 'Access token has expired' : 'Unknown access token', {
      soft_logout: softLogout,
    }),
  guestForbidden: () => new MatrixError(403, 'M_GUEST_ACCESS_FORBIDDEN', 'Guest access not allowed'),
  limitExceeded: (retryAfterMs: number) =>
    new MatrixError(
      429,
      'M_LIMIT_EXCEEDED',
      'Too Many Requests',
      { retry_after_ms: retryAfterMs },
      // Retry-After is whole seconds (spec v1.10+); retry_after_ms stays for older clients.
      { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
    ),
};

/** A non-JSON or non-200 response a handler may return instead of a plain JSON object. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: string | Buffer | Record<string, unknown> | unknown[],
    readonly headers: Record<string, string> = {},
  ) {}
  static json(status: number, body: Record<string, unknown> | unknown[], headers: Record<string, string> = {}) {
    return new Reply(status, body, headers);
  }
  static html(html: string, status = 200, headers: Record<string, string> = {}) {
    return new Reply(status, html, { 'Content-Type': 'text/html; charset=utf-8', ...headers });
  }
  static redirect(location: string) {
    return new Reply(302, '', { Location: location });
  }
}

export type Handler = (ctx: Ctx) => unknown | Promise<unknown>;

export interface RouteOptions {
  /** Largest request body accepted, in bytes (default 1 MiB). */
  maxBody?: number;
}

/** Everything a handler needs about one request. */
export class Ctx {
  readonly url: URL;
  readonly query: URLSearchParams;
  private rawBody: Promise<Buffer> | undefined;

  constructor(
    readonly req: IncomingMessage,
    readonly params: Record<string, string>,
    private readonly maxBody: number,
  ) {
    this.url = new URL(req.url ?? '/', 'http://localhost');
    this.query = this.url.searchParams;
  }

  get method(): string {
    return this.req.method ?? 'GET';
  }

  header(name: string): string | undefined {
    const v = this.req.headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  }

  /** The request body as bytes, refusing anything larger than the route allows with M_TOO_LARGE. */
  body(): Promise<Buffer> {
    this.rawBody ??= new Promise<Buffer>((resolve, reject) => {
      const declared = Number(this.header('content-length') ?? 0);
      if (declared > this.maxBody) {
        reject(errors.tooLarge());
        this.req.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      this.req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > this.maxBody) {
          reject(errors.tooLarge());
          this.req.resume();
          return;
        }
        chunks.push(chunk);
      });
      this.req.on('end', () => resolve(Buffer.concat(chunks)));
      this.req.on('error', reject);
    });
    return this.rawBody;
  }

  /** The body parsed as a JSON object: M_NOT_JSON when it is not JSON, M_BAD_JSON when not an object. */
  async json(): Promise<Record<string, unknown>> {
    const buf = await this.body();
    if (buf.length === 0) return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(buf.toString('utf8'));
    } catch {
      throw errors.notJson();
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw errors.badJson('Content must be a JSON object.');
    }
    return parsed as Record<string, unknown>;
  }

  /** An `application/x-www-form-urlencoded` body (OAuth endpoints). */
  async form(): Promise<URLSearchParams> {
    return new URLSearchParams((await this.body()).toString('utf8'));
  }
}

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
  options: RouteOptions;
}

/**
 * Path patterns use `:name` for one URL-decoded segment, `:name?` for an optional last segment and `*name` for
 * the rest of the path. `client()` registers a Client-Server API path under both `/v3` and the legacy `/r0`.
 */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, path: string, handler: Handler, options: RouteOptions = {}): void {
    this.routes.push({ method, segments: path.split('/').filter(Boolean), handler, options });
  }

  client(method: string, path: string, handler: Handler, options: RouteOptions = {}): void {
    this.add(method, `/_matrix/client/v3${path}`, handler, options);
    this.add(method, `/_matrix/client/r0${path}`, handler, options);
  }

  /** Finds the handler, or the spec's 404/405 M_UNRECOGNIZED when no route (or no method) matches. */
  match(method: string, pathname: string): { route: Route; params: Record<string, string> } {
    const parts = pathname.split('/').filter(Boolean);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      pathMatched = true;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { route, params };
    }
    throw errors.unrecognized(pathMatched ? 405 : 404);
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p.startsWith('*')) {
      params[p.slice(1)] = parts.slice(i).map(safeDecode).join('/');
      return params;
    }
    const part = parts[i];
    if (p.startsWith(':')) {
      const optional = p.endsWith('?');
      const name = optional ? p.slice(1, -1) : p.slice(1);
      if (part === undefined) {
        if (optional && i === pattern.length - 1) {
          params[name] = '';
          return params;
        }
        return undefined;
      }
      const decoded = safeDecode(part);
      if (decoded === undefined) return undefined;
      params[name] = decoded;
    } else if (p !== part) {
      return undefined;
    }
  }
  return parts.length === pattern.length ? params : undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export const corsHeaders: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'X-Requested-With, Content-Type, Authorization, Date',
  'Access-Control-Expose-Headers': 'Retry-After, Content-Disposition',
};

/** Largest request body a route accepts unless it says otherwise (1 MiB). */
const DEFAULT_MAX_BODY = 1024 * 1024;

/**
 * Runs the route that matches a request and writes its result. A MatrixError becomes its spec-shaped answer;
 * anything else is logged and answered 500, so no handler can crash the server or leave a request hanging.
 */
export async function dispatch(router: Router, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const { route, params } = router.match(req.method ?? 'GET', url.pathname);
    const result = await route.handler(new Ctx(req, params, route.options.maxBody ?? DEFAULT_MAX_BODY));
    // Drain what the handler did not read, so keep-alive connections stay usable.
    if (!req.readableEnded) req.resume();
    send(res, result);
  } catch (err) {
    sendError(req, res, err);
  }
}

/** Answers a request that failed with `err`: its own answer for a MatrixError, 500 for anything else. */
export function sendError(req: IncomingMessage, res: ServerResponse, err: unknown): void {
  if (!req.readableEnded) req.resume();
  if (err instanceof MatrixError) {
    send(res, err);
  } else {
    console.error('internal error on', req.method, req.url, err);
    send(res, new MatrixError(500, 'M_UNKNOWN', 'Internal server error'));
  }
}

/** Writes a handler's result (plain JSON object, Reply, or MatrixError) to the response. */
export function send(res: ServerResponse, result: unknown): void {
  if (res.headersSent || res.destroyed) return;
  let status = 200;
  let headers: Record<string, string> = {};
  let body: unknown = result;
  if (result instanceof MatrixError) {
    status = result.status;
    headers = result.headers;
    body = result.body();
  } else if (result instanceof Reply) {
    status = result.status;
    headers = result.headers;
    body = result.body;
  }
  let payload: string | Buffer;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    payload = body;
  } else {
    payload = JSON.stringify(body ?? {});
    headers = { 'Content-Type': 'application/json', ...headers };
  }
  res.writeHead(status, { ...corsHeaders, 'Cache-Control': 'no-store', ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : payload);
}
