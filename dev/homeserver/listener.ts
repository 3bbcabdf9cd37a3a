/**
 * An HTTP server listening on 127.0.0.1 that can go away and come back: `restart(downMs)` closes every
 * connection (a long-polling request included), stops listening so new connections are refused, and listens
 * again on the same port after `downMs` — what a client sees when a real server restarts. Shared by the
 * local homeserver and the fault proxy.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface Listener {
  port: number;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
  /** close(), wait `downMs`, listen again on the same port. */
  restart(downMs: number): Promise<void>;
}

export async function listenLocal(
  port: number,
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): Promise<Listener> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('unhandled error on', req.method, req.url, err);
      res.destroy();
    });
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

  const listen = (p: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, '127.0.0.1', () => {
        server.off('error', reject);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : p);
      });
    });

  const bound = await listen(port);
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
      sockets.clear();
    });
  const restart = async (downMs: number) => {
    await close();
    await new Promise((r) => setTimeout(r, downMs));
    try {
      await listen(bound);
    } catch (err) {
      // The port is free while down, so another process may have taken it: say so instead of a bare EADDRINUSE.
      throw new Error(`could not listen on 127.0.0.1:${bound} again after the restart: ${String(err)}`);
    }
  };
  return { port: bound, close, restart };
}
