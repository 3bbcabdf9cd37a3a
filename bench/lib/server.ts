/**
 * A static file server on 127.0.0.1 for the bench pages and the built bundles. No compression: byte figures are
 * computed from the files themselves. Pages are `no-store`; files carry a CDN's caching headers, which only the
 * repeat-visit rows use (every other run opens a new browser profile with its cache disabled: it starts cold).
 */
import { createServer, type Server } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

export interface StaticServer {
  url: string;
  /** Files under a URL prefix -> their path on disk (for byte accounting of what the page requested). */
  fileFor(urlPath: string): string | undefined;
  /** Serve an HTML page generated in memory. */
  setPage(urlPath: string, html: string): void;
  close(): Promise<void>;
}

/** `mounts`: URL prefix (e.g. `/dist/`) -> directory on disk. */
export async function startStaticServer(mounts: Record<string, string>): Promise<StaticServer> {
  const pages = new Map<string, string>();
  const fileFor = (urlPath: string): string | undefined => {
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (!urlPath.startsWith(prefix)) continue;
      const rel = normalize(decodeURIComponent(urlPath.slice(prefix.length)));
      if (rel.startsWith('..') || rel.includes(`${sep}..`)) return undefined;
      const file = join(dir, rel);
      try {
        if (statSync(file).isFile()) return file;
      } catch {
        // not here; try the next mount
      }
    }
    return undefined;
  };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const headers = { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' };
    const page = pages.get(path);
    if (page !== undefined) {
      res.writeHead(200, { ...headers, 'Content-Type': TYPES['.html'] });
      res.end(page);
      return;
    }
    const file = fileFor(path);
    if (!file) {
      res.writeHead(404, headers);
      res.end('not found');
      return;
    }
    // As a CDN serves them, for the repeat-visit rows (the other rows open each page in a new profile with the
    // browser's cache off, so these headers change nothing there): files with a content hash in their name are
    // kept for a year; the rest (the entry, element modules, the baselines' bundles) are revalidated each visit.
    const st = statSync(file);
    const etag = `"${st.size.toString(36)}-${st.mtimeMs.toString(36)}"`;
    const hashed = /[\\/]chunks[\\/][^\\/]+-[\w-]{8}\.js$/.test(file);
    const caching = { ...headers, 'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache', ETag: etag };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, caching);
      res.end();
      return;
    }
    res.writeHead(200, { ...caching, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    fileFor,
    setPage: (p, html) => void pages.set(p, html),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
