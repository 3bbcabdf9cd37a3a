/**
 * Errors of the session layer: the homeserver's own (`errcode` from the spec) and ours (`ME_*`).
 * Messages are written for people and never contain a token.
 */
import { asObject, readJson } from './answer.ts';
import type { MatrixErrorInfo } from './types.ts';

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

/** Which input an error belongs next to, so an element can show it there. */
export type ErrorField = 'username' | 'password' | 'confirm' | 'homeserver' | 'token' | 'terms' | 'form';

/**
 * Turns anything thrown by a session operation into `{operation, errcode, message}` plus the field it belongs
 * to. `server` names the homeserver in messages.
 */
export function describeError(operation: string, err: unknown, server?: string): MatrixErrorInfo & { field: ErrorField } {
  const where = server ? ` ${server}` : ' the server';
  if (!(err instanceof MatrixApiError)) {
    if (err instanceof DOMException && err.name === 'AbortError') {
      return { operation, errcode: ME.cancelled, message: 'Cancelled.', field: 'form' };
    }
    return { operation, errcode: ME.unreachable, message: `Could not reach${where}. Check your connection and try again.`, field: 'homeserver' };
  }
  const e = err;
  switch (e.errcode) {
    case ME.unreachable:
      return { operation, errcode: e.errcode, message: `Could not reach${where}. Check the address and your connection.`, field: 'homeserver' };
    case ME.notMatrix:
      return { operation, errcode: e.errcode, message: `${server ?? 'That address'} is not a Matrix server.`, field: 'homeserver' };
    case ME.badUrl:
      return { operation, errcode: e.errcode, message: e.message, field: 'homeserver' };
    case ME.badAnswer:
      return { operation, errcode: e.errcode, message: BAD_ANSWER_MESSAGE, field: 'homeserver' };
    case ME.noSignUp:
      return { operation, errcode: e.errcode, message: `${server ?? 'This server'} does not allow sign-up.`, field: 'form' };
    case ME.noSignIn:
      return { operation, errcode: e.errcode, message: e.message, field: 'form' };
    case ME.userServerUnknown:
      return { operation, errcode: e.errcode, message: e.message, field: 'username' };
    case ME.passwordMismatch:
      return { operation, errcode: e.errcode, message: 'The passwords do not match.', field: 'confirm' };
    case 'M_LIMIT_EXCEEDED': {
      const seconds = Math.max(1, Math.ceil((e.retryAfterMs ?? 1000) / 1000));
      return {
        operation,
        errcode: e.errcode,
        message: `Too many attempts. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
        field: 'form',
      };
    }
    case 'M_FORBIDDEN':
      if (operation === 'sign-in') {
        return { operation, errcode: e.errcode, message: 'Wrong username or password.', field: 'password' };
      }
      if (operation === 'sign-in-jwt') {
        return { operation, errcode: e.errcode, message: `${server ?? 'The server'} refused the sign-in token from this site: it is expired, or not signed with the secret the server expects.`, field: 'token' };
      }
      if (operation === 'sign-in-token') {
        return { operation, errcode: e.errcode, message: `${server ?? 'The server'} refused the login token: it was already used, has expired or is unknown.`, field: 'token' };
      }
      return { operation, errcode: e.errcode, message: e.message, field: 'form' };
    case 'M_USER_DEACTIVATED':
      return { operation, errcode: e.errcode, message: 'This account has been deactivated.', field: 'username' };
    case 'M_USER_IN_USE':
      return { operation, errcode: e.errcode, message: 'That username is taken. Choose another.', field: 'username' };
    case 'M_INVALID_USERNAME':
      return {
        operation,
        errcode: e.errcode,
        message: 'Usernames may contain only lower-case letters, digits and . _ = - /',
        field: 'username',
      };
    case 'M_EXCLUSIVE':
      return { operation, errcode: e.errcode, message: 'That username is reserved. Choose another.', field: 'username' };
    case 'M_WEAK_PASSWORD':
    // Synapse's password policy answers with the finer codes of MSC2000 (a too short password is
    // M_PASSWORD_TOO_SHORT); its message says what the server requires ("The password must be at least 8
    // characters long"), so that is what the visitor reads, next to the password.
    case 'M_PASSWORD_TOO_SHORT':
    case 'M_PASSWORD_NO_DIGIT':
    case 'M_PASSWORD_NO_SYMBOL':
    case 'M_PASSWORD_NO_UPPERCASE':
    case 'M_PASSWORD_NO_LOWERCASE':
    case 'M_PASSWORD_IN_DICTIONARY': {
      const text = typeof e.data.error === 'string' ? e.data.error.trim() : '';
      const said = text ? serverText(/[.!?…]$/.test(text) ? text : `${text}.`) : '';
      return { operation, errcode: e.errcode, message: said || 'The server refused this password as too weak. Choose a longer one.', field: 'password' };
    }
    case 'M_GUEST_ACCESS_FORBIDDEN':
      return { operation, errcode: e.errcode, message: `${server ?? 'This server'} does not allow guests.`, field: 'form' };
    case 'M_UNKNOWN_TOKEN':
      return {
        operation,
        errcode: e.errcode,
        message: e.softLogout ? 'Your session has expired. Sign in again to continue.' : 'You were signed out. Sign in again.',
        field: 'form',
      };
    default:
      return { operation, errcode: e.errcode, message: serverText(e.message), field: 'form' };
  }
}
