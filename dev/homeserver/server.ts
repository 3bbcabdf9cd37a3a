/**
 * Creates and starts the local homeserver: test and demo infrastructure that answers the part of the
 * Matrix Client-Server API the widget uses, exactly as the spec says (and as Synapse does where they differ).
 * Never a production homeserver: it keeps everything in memory, binds 127.0.0.1 only, and has no federation.
 */
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { Ctx, MatrixError, Router, corsHeaders, send } from './http.ts';
import { Homeserver } from './homeserver.ts';
import { defaultOptions, type HomeserverOptions } from './options.ts';
import { Store } from './store.ts';
import { routeModules } from './routes/index.ts';
import { seed } from './seed.ts';

export interface RunningHomeserver {
  url: string;
  serverName: string;
  hs: Homeserver;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
  /** Closes every connection and listens again on the same port with the same data (a server restart). */
  restart(downMs?: number): Promise<void>;
}

const DEFAULT_MAX_BODY = 1024 * 1024;

export async function startHomeserver(partial: Partial<HomeserverOptions> = {}): Promise<RunningHomeserver> {
  const options: HomeserverOptions = { ...defaultOptions, ...partial };
  const router = new Router();
  // The server name may depend on the port ("auto"), so the store is created once the port is known.
  let hs: Homeserver | undefined;
  const sockets = new Set<Socket>();

  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // A client that sends garbage gets 400 and the socket closed, never a crash.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  async function handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) {
    try {
      if (!hs) throw new MatrixError(503, 'M_UNKNOWN', 'Starting');
      for (const intercept of hs.interceptors) {
        if (await intercept(req, res)) return;
      }
      if (req.method === 'OPTIONS') {
        res.writeHead(204, corsHeaders);
        res.end();
        return;
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      const { route, params } = router.match(req.method ?? 'GET', url.pathname);
      const ctx = new Ctx(req, params, route.options.maxBody ?? DEFAULT_MAX_BODY);
      const result = await route.handler(ctx);
      // Drain what the handler did not read, so keep-alive connections stay usable.
      if (!req.readableEnded) req.resume();
      send(res, result);
    } catch (err) {
      if (!req.readableEnded) req.resume();
      if (err instanceof MatrixError) {
        send(res, err);
      } else {
        console.error('homeserver: internal error on', req.method, req.url, err);
        send(res, new MatrixError(500, 'M_UNKNOWN', 'Internal server error'));
      }
    }
  }

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });

  const port = await listen(options.port);
  const serverName = options.serverName === 'auto' ? `127.0.0.1:${port}` : options.serverName;
  const store = new Store(serverName, options.data);
  hs = new Homeserver(store, options, router);
  hs.baseUrl = `http://127.0.0.1:${port}`;
  for (const register of routeModules) register(hs);
  if (options.seed && !store.loaded) seed(hs);

  const closeSockets = () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  };
  const close = () =>
    new Promise<void>((resolve) => {
      store.save();
      server.close(() => resolve());
      closeSockets();
    });

  const restart = async (downMs = 200) => {
    await close();
    await new Promise((r) => setTimeout(r, downMs));
    await listen(port);
  };
  hs.restart = restart;
  return { url: hs.baseUrl, serverName, hs, close, restart };
}
