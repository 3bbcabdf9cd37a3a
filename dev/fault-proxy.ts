/**
 * A fault proxy for homeservers we did not write (Synapse in the end-to-end suite): a small reverse proxy on
 * 127.0.0.1 that forwards every request to an upstream homeserver as it is — bodies streamed both ways, a
 * long-polling `/sync` held open as long as the upstream holds it, the upstream's status and headers (CORS
 * included) untouched — and answers the same `/_dev/*` fault controls as the local homeserver, with the same
 * `Faults` and the same control routes (`registerFaultControls` in homeserver/routes/dev.ts, where every
 * route is documented): faults list/reset/delete, delay, fail, rate-limit, drop (timed: the network is down),
 * drop-answer (the upstream applies the request, the client never gets the answer) and restart (the proxy
 * refuses connections for `downMs`: to the browser, a restarting server). Token and event-injection controls
 * need the server's own data, so they stay homeserver-only.
 *
 *   npm run fault-proxy -- --upstream http://127.0.0.1:8008 [--port N] [--json]
 *   const proxy = await startFaultProxy({ upstream: 'http://127.0.0.1:8008' }); ... await proxy.close();
 *
 * The upstream must be a loopback origin (tests send traffic only to 127.0.0.1). URLs inside upstream answers
 * (`.well-known`, OAuth metadata, redirects) still name the upstream: point its public base URL at the proxy
 * when a client must follow them through the proxy.
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { Faults } from './homeserver/faults.ts';
import { MatrixError, Router, corsHeaders, dispatch, send } from './homeserver/http.ts';
import { listenLocal } from './homeserver/listener.ts';
import { registerFaultControls } from './homeserver/routes/dev.ts';

export interface FaultProxy {
  /** The proxy's base URL, e.g. http://127.0.0.1:40123: use it as the homeserver URL. */
  url: string;
  /** The rules in force, for tests that run the proxy in-process (the same as the /_dev routes). */
  faults: Faults;
  /** Stops listening and closes every connection (upstream connections too). */
  close(): Promise<void>;
}

/** Headers that describe one connection, not the message: never forwarded (RFC 9110 section 7.6.1). */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade'];

export async function startFaultProxy(opts: { upstream: string; port?: number }): Promise<FaultProxy> {
  const upstream = upstreamOrigin(opts.upstream);
  const faults = new Faults();
  const router = new Router();
  // Keep-alive to the upstream: the proxy's own connections are not what a test is about.
  const agent = new Agent({ keepAlive: true });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (await faults.intercept(req, res)) return;
    const pathname = (req.url ?? '/').split('?', 1)[0];
    if (pathname === '/_dev' || pathname.startsWith('/_dev/')) {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, corsHeaders);
        res.end();
      } else {
        await dispatch(router, req, res);
      }
      return;
    }
    forward(req, res, upstream, agent);
  };

  const listener = await listenLocal(opts.port ?? 0, handle);
  registerFaultControls(router, faults, (downMs) => listener.restart(downMs));
  return {
    url: `http://127.0.0.1:${listener.port}`,
    faults,
    close: async () => {
      await listener.close();
      agent.destroy();
    },
  };
}

/** Sends one request on to the upstream and streams its answer back; 502 when the upstream cannot be reached. */
function forward(req: IncomingMessage, res: ServerResponse, upstream: URL, agent: Agent): void {
  const headers = withoutHopByHop(req.headers);
  // As nginx's proxy_pass does by default: the upstream sees its own host.
  headers.host = upstream.host;
  const out = httpRequest(
    { protocol: upstream.protocol, hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, withoutHopByHop(answer.headers));
      answer.pipe(res);
      // The upstream cut its answer short: cut ours the same way (the client sees a network error).
      answer.once('close', () => {
        if (!answer.complete) res.destroy();
      });
    },
  );
  out.once('error', (err) => {
    if (res.headersSent) res.destroy();
    else send(res, new MatrixError(502, 'M_UNKNOWN', `The fault proxy cannot reach the upstream: ${err.message}`));
  });
  // The client went away (or a fault cut it): stop the upstream request too, a long-polling /sync included.
  res.once('close', () => {
    if (!res.writableFinished) out.destroy();
  });
  req.pipe(out);
}

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const named = String(headers.connection ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.includes(name) && !named.includes(name)) out[name] = value;
  }
  return out;
}

/** The upstream as an `http:` loopback origin, or a clear error. */
function upstreamOrigin(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`fault proxy: --upstream must be a URL such as http://127.0.0.1:8008, not "${raw}"`);
  }
  if (url.protocol !== 'http:') throw new Error(`fault proxy: the upstream must be http: (a local server), not ${url.protocol}`);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(`fault proxy: the upstream must be on this machine (127.0.0.1 or localhost), not ${url.hostname}`);
  }
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new Error(`fault proxy: the upstream must be an origin without a path, query or credentials: ${raw}`);
  }
  return url;
}

const usage = `Usage: npm run fault-proxy -- --upstream URL [options]
  --upstream URL   the homeserver to forward to, on this machine (e.g. http://127.0.0.1:8008)
  --port N         port on 127.0.0.1 (default 0 = any free port)
  --json           print {"url","upstream"} as JSON once listening
Fault controls (see dev/homeserver/routes/dev.ts): GET /_dev/faults, POST /_dev/faults/reset,
DELETE /_dev/faults/{id}, POST /_dev/delay | fail | rate-limit | drop | drop-answer | restart`;

async function main(argv: string[]): Promise<void> {
  let upstream: string | undefined;
  let port = 0;
  let json = false;
  const fail = (message: string): never => {
    console.error(`fault proxy: ${message}\n\n${usage}`);
    process.exit(2);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? fail(`${arg} needs a value`);
    switch (arg) {
      case '--upstream': upstream = value(); break;
      case '--port': port = Number(value()); break;
      case '--json': json = true; break;
      case '--help': case '-h': console.log(usage); process.exit(0); break;
      default: fail(`unknown option ${arg}`);
    }
  }
  if (!upstream) fail('--upstream is required');
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be a port number');
  let proxy: FaultProxy;
  try {
    proxy = await startFaultProxy({ upstream: upstream!, port });
  } catch (err) {
    return fail(err instanceof Error ? err.message.replace(/^fault proxy: /, '') : String(err));
  }
  if (json) console.log(JSON.stringify({ url: proxy.url, upstream }));
  else console.log(`Fault proxy listening on ${proxy.url}, forwarding to ${upstream}`);
  const stop = async () => {
    await proxy.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));
