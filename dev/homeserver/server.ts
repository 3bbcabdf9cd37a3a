/**
 * Creates and starts the local homeserver: test and demo infrastructure that answers the part of the
 * Matrix Client-Server API the widget uses, exactly as the spec says (and as Synapse does where they differ).
 * Never a production homeserver: it keeps everything in memory, binds 127.0.0.1 only, and has no federation.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MatrixError, Router, corsHeaders, dispatch, sendError } from './http.ts';
import { Homeserver } from './homeserver.ts';
import { listenLocal } from './listener.ts';
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

export async function startHomeserver(partial: Partial<HomeserverOptions> = {}): Promise<RunningHomeserver> {
  const options: HomeserverOptions = { ...defaultOptions, ...partial };
  const router = new Router();
  // The server name may depend on the port ("auto"), so the store is created once the port is known.
  let hs: Homeserver | undefined;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    try {
      if (!hs) throw new MatrixError(503, 'M_UNKNOWN', 'Starting');
      for (const intercept of hs.interceptors) {
        if (await intercept(req, res)) return;
      }
    } catch (err) {
      sendError(req, res, err);
      return;
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, corsHeaders);
      res.end();
      return;
    }
    await dispatch(router, req, res);
  }

  const listener = await listenLocal(options.port, handle);
  const port = listener.port;
  const serverName = options.serverName === 'auto' ? `127.0.0.1:${port}` : options.serverName;
  const store = new Store(serverName, options.data);
  hs = new Homeserver(store, options, router);
  hs.baseUrl = `http://127.0.0.1:${port}`;
  for (const register of routeModules) register(hs);
  if (options.seed && !store.loaded) seed(hs);

  const close = async () => {
    store.save();
    await listener.close();
  };
  const restart = async (downMs = 200) => {
    store.save();
    await listener.restart(downMs);
  };
  hs.restart = restart;
  return { url: hs.baseUrl, serverName, hs, close, restart };
}
