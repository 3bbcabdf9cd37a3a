/**
 * Errors of the session layer: the homeserver's own (`errcode` from the spec) and ours (`ME_*`).
 * Messages are written for people and never contain a token.
 */
import { asObject, readJson } from './answer.ts';

/** A failed Matrix request or session operation. `errcode` is the server's or one of ours (`ME_*`). */
export class MatrixApiError extends Error {
  override name = 'MatrixApiError';
  constructor(
    readonly errcode: string,
    message: string,
    readonly httpStatus = 0,
    readonly data: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** Milliseconds the server asked us to wait (M_LIMIT_EXCEEDED: `Retry-After` header or `retry_after_ms`). */
  retryAfterMs?: number;

  /** `M_UNKNOWN_TOKEN` with `soft_logout: true`. */
  get softLogout(): boolean {
    return this.data.soft_logout === true;
  }
}

/** Our own error codes. */
export const ME = {
  unreachable: 'ME_UNREACHABLE',
  notMatrix: 'ME_NOT_MATRIX',
  badUrl: 'ME_BAD_URL',
  noSignUp: 'ME_NO_SIGNUP',
  noSignIn: 'ME_NO_SIGNIN',
  signedOut: 'ME_SIGNED_OUT',
  oauth: 'ME_OAUTH',
  cancelled: 'ME_CANCELLED',
  passwordMismatch: 'ME_PASSWORD_MISMATCH',
  noGuests: 'M_GUEST_ACCESS_FORBIDDEN',
  /** A server answered, but not with the shape the spec gives (wrong types, not JSON, too large). */
  badAnswer: 'ME_BAD_ANSWER',
  /** A full user ID's server could not be discovered, and the configured homeserver refused the user ID too. */
  userServerUnknown: 'ME_USER_SERVER_UNKNOWN',
} as const;

/** What people see for an answer of the wrong shape: never a TypeError dressed up as "Could not reach". */
export const BAD_ANSWER_MESSAGE = "That server's answer was not valid Matrix.";

/** The error for an answer of the wrong shape; `detail` names what was wrong, for developers (`data.detail`). */
export function badAnswer(detail: string): MatrixApiError {
  return new MatrixApiError(ME.badAnswer, BAD_ANSWER_MESSAGE, 0, { detail });
}

/** Longest server `error` text we show: a hostile server must not fill the page (or a log) with its prose. */
export const MAX_SERVER_TEXT = 200;

/** A server-supplied message, cut to MAX_SERVER_TEXT characters (on a code point boundary). */
export function serverText(text: string): string {
  const chars = Array.from(text);
  return chars.length <= MAX_SERVER_TEXT ? text : `${chars.slice(0, MAX_SERVER_TEXT - 1).join('')}…`;
}

/** Reads a Matrix error body from a non-2xx response. Never throws. */
export async function errorFromResponse(res: Response, fallback = 'The server refused the request.'): Promise<MatrixApiError> {
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
