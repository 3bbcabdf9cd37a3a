/** Transfer sizes as a visitor pays them: the minified file, gzip -9 and brotli (quality 11), via node:zlib. */
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface Bytes {
  min: number;
  gzip: number;
  brotli: number;
}

export interface FileBytes extends Bytes {
  /** Path relative to what was served (for the report). */
  file: string;
}

export const zero = (): Bytes => ({ min: 0, gzip: 0, brotli: 0 });

export function bytesOf(content: Buffer | string): Bytes {
  const buf = typeof content === 'string' ? Buffer.from(content) : content;
  return {
    min: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }).length,
  };
}

const cache = new Map<string, Bytes>();

/** Bytes of a file on disk (cached by path: the bench never rewrites a file once built). */
export function fileBytes(path: string, label = path): FileBytes {
  let b = cache.get(path);
  if (!b) {
    b = bytesOf(readFileSync(path));
    cache.set(path, b);
  }
  return { file: label, ...b };
}

/** Sum of several files' bytes. Each file compressed on its own, as HTTP serves them. */
export function sum(files: Bytes[]): Bytes {
  return files.reduce((a, f) => ({ min: a.min + f.min, gzip: a.gzip + f.gzip, brotli: a.brotli + f.brotli }), zero());
}

/** Kilobytes as the budgets count them: 1 kB = 1,000 bytes, two decimals. */
export const kB = (n: number): number => Math.round(n / 10) / 100;
