/** Small fetch helpers for the requests the session makes without matrix-js-sdk. */
import { msg } from './texts.ts';
import { ME, MatrixApiError, badAnswer } from './errors.ts';
import { errorFromResponse } from './error-response.ts';
import { asObject, readJson } from './answer.ts';

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** Sent only in the Authorization header, and only to `baseUrl`'s origin (checked here). */
  accessToken?: string;
  /** Form-encoded body (OAuth endpoints) instead of JSON. */
  form?: Record<string, string>;
  signal?: AbortSignal;
  fetchFn?: typeof fetch;
  /** When the token may be attached: the homeserver's origin. Required with `accessToken`. */
  tokenOrigin?: string;
}

/**
 * Sends a request and returns the parsed JSON object (`{}` for an empty body); throws `MatrixApiError` for
 * non-2xx, `ME_UNREACHABLE` for network errors and `ME_BAD_ANSWER` for a body that is not a JSON object or
 * is over 1 MB. A request carrying a token does not follow redirects: the token stays on the homeserver.
 */
export async function requestJson<T = Record<string, unknown>>(url: string, opts: RequestOptions = {}): Promise<T> {
  const headers = new Headers();
  let body: BodyInit | undefined;
  if (opts.form) {
    headers.set('Content-Type', 'application/x-www-form-urlencoded');
    body = new URLSearchParams(opts.form).toString();
  } else if (opts.body !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(opts.body);
  }
  if (opts.accessToken) {
    if (!opts.tokenOrigin || new URL(url).origin !== new URL(opts.tokenOrigin).origin) {
      throw new MatrixApiError(ME.badUrl, msg('Refusing to send credentials to another origin.'));
    }
    headers.set('Authorization', `Bearer ${opts.accessToken}`);
  }
  let res: Response;
  try {
    res = await (opts.fetchFn ?? globalThis.fetch)(url, {
      method: opts.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      signal: opts.signal,
      credentials: 'omit',
      redirect: opts.accessToken ? 'manual' : 'follow',
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new MatrixApiError(ME.unreachable, 'unreachable');
  }
  if (res.type === 'opaqueredirect') throw new MatrixApiError(ME.badUrl, msg('The server redirected a signed-in request; it was not followed.'));
  if (!res.ok) throw await errorFromResponse(res);
  if (res.status === 204) return {} as T;
  const read = await readJson(res).catch(() => ({ ok: false, reason: 'not-json' }) as const);
  if (!read.ok) throw badAnswer(read.reason === 'too-large' ? 'answer over 1 MB' : 'answer not JSON');
  if (read.value === undefined) return {} as T;
  const obj = asObject(read.value);
  if (!obj) throw badAnswer('answer not a JSON object');
  return obj as T;
}

/** `encodeURIComponent` for path segments. */
export const seg = encodeURIComponent;
