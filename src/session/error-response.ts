/**
 * Reading a homeserver's error answer (`errcode`, `error`, `Retry-After`) into a `MatrixApiError`. Apart from
 * `errors.ts` so that code which only makes its own errors (discovery, the room summary of a first paint) does
 * not carry it.
 */
import { msg } from './texts.ts';
import { asObject, readJson } from './answer.ts';
import { MatrixApiError } from './errors.ts';

/** Longest server `error` text we show: a hostile server must not fill the page (or a log) with its prose. */
export const MAX_SERVER_TEXT = 200;

/** A server-supplied message, cut to MAX_SERVER_TEXT characters (on a code point boundary). */
export function serverText(text: string): string {
  const chars = Array.from(text);
  return chars.length <= MAX_SERVER_TEXT ? text : `${chars.slice(0, MAX_SERVER_TEXT - 1).join('')}…`;
}

/** Reads a Matrix error body from a non-2xx response. Never throws. */
export async function errorFromResponse(res: Response, fallback = msg('The server refused the request.')): Promise<MatrixApiError> {
  // Not JSON, or too large: keep the status only.
  const read = await readJson(res).catch(() => undefined);
  const body: Record<string, unknown> = (read?.ok && asObject(read.value)) || {};
  const errcode = typeof body.errcode === 'string' ? body.errcode : res.status === 404 ? 'M_UNRECOGNIZED' : `HTTP_${res.status}`;
  const message = typeof body.error === 'string' && body.error ? serverText(body.error) : fallback;
  const err = new MatrixApiError(errcode, message, res.status, body);
  err.retryAfterMs = retryAfterMs(res, body);
  return err;
}

/** `Retry-After` (seconds or an HTTP date) wins over the deprecated `retry_after_ms` body field, as the spec says. */
export function retryAfterMs(res: Response, body: Record<string, unknown> = {}): number | undefined {
  const header = res.headers.get('retry-after');
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  return typeof body.retry_after_ms === 'number' ? body.retry_after_ms : undefined;
}
