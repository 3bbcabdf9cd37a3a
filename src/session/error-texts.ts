/**
 * The words people read for a failed session operation (sign-in, sign-up, guest, sign-out, ...). Apart from
 * `errors.ts` so that code which only throws and passes on errors (discovery, the room summary of a join button's
 * first paint) does not carry every message of the sign-in form.
 */
import { ME, MatrixApiError, badAnswerText } from './errors.ts';
import { serverText } from './error-response.ts';
import type { MatrixErrorInfo } from './types.ts';
import { msg, plural, str } from './texts.ts';

/** Which input an error belongs next to, so an element can show it there. */
export type ErrorField = 'username' | 'password' | 'confirm' | 'homeserver' | 'token' | 'terms' | 'form';

/**
 * Turns anything thrown by a session operation into `{operation, errcode, message}` plus the field it belongs
 * to. `server` names the homeserver in messages.
 */
export function describeError(operation: string, err: unknown, server?: string): MatrixErrorInfo & { field: ErrorField } {
  if (!(err instanceof MatrixApiError)) {
    if (err instanceof DOMException && err.name === 'AbortError') {
      return { operation, errcode: ME.cancelled, message: msg('Cancelled.'), field: 'form' };
    }
    return { operation, errcode: ME.unreachable, message: server ? msg(str`Could not reach ${server}. Check your connection and try again.`) : msg('Could not reach the server. Check your connection and try again.'), field: 'homeserver' };
  }
  const e = err;
  switch (e.errcode) {
    case ME.unreachable:
      return { operation, errcode: e.errcode, message: server ? msg(str`Could not reach ${server}. Check the address and your connection.`) : msg('Could not reach the server. Check the address and your connection.'), field: 'homeserver' };
    case ME.notMatrix:
      return { operation, errcode: e.errcode, message: server ? msg(str`${server} is not a Matrix server.`) : msg('That address is not a Matrix server.'), field: 'homeserver' };
    case ME.badUrl:
      return { operation, errcode: e.errcode, message: e.message, field: 'homeserver' };
    case ME.badAnswer:
      return { operation, errcode: e.errcode, message: badAnswerText(), field: 'homeserver' };
    case ME.noSignUp:
      return { operation, errcode: e.errcode, message: server ? msg(str`${server} does not allow sign-up.`) : msg('This server does not allow sign-up.'), field: 'form' };
    case ME.noSignIn:
      return { operation, errcode: e.errcode, message: e.message, field: 'form' };
    case ME.userServerUnknown:
      return { operation, errcode: e.errcode, message: e.message, field: 'username' };
    case ME.passwordMismatch:
      return { operation, errcode: e.errcode, message: msg('The passwords do not match.'), field: 'confirm' };
    case 'M_LIMIT_EXCEEDED': {
      const seconds = Math.max(1, Math.ceil((e.retryAfterMs ?? 1000) / 1000));
      return {
        operation,
        errcode: e.errcode,
        message: plural(seconds, msg(str`Too many attempts. Try again in ${seconds} second.`), msg(str`Too many attempts. Try again in ${seconds} seconds.`)),
        field: 'form',
      };
    }
    case 'M_FORBIDDEN':
      if (operation === 'sign-in') {
        return { operation, errcode: e.errcode, message: msg('Wrong username or password.'), field: 'password' };
      }
      if (operation === 'sign-in-jwt') {
        return { operation, errcode: e.errcode, message: server ? msg(str`${server} refused the sign-in token from this site: it is expired, or not signed with the secret the server expects.`) : msg('The server refused the sign-in token from this site: it is expired, or not signed with the secret the server expects.'), field: 'token' };
      }
      if (operation === 'sign-in-token') {
        return { operation, errcode: e.errcode, message: server ? msg(str`${server} refused the login token: it was already used, has expired or is unknown.`) : msg('The server refused the login token: it was already used, has expired or is unknown.'), field: 'token' };
      }
      return { operation, errcode: e.errcode, message: e.message, field: 'form' };
    case 'M_USER_DEACTIVATED':
      return { operation, errcode: e.errcode, message: msg('This account has been deactivated.'), field: 'username' };
    case 'M_USER_IN_USE':
      return { operation, errcode: e.errcode, message: msg('That username is taken. Choose another.'), field: 'username' };
    case 'M_INVALID_USERNAME':
      return {
        operation,
        errcode: e.errcode,
        message: msg('Usernames may contain only lower-case letters, digits and . _ = - /'),
        field: 'username',
      };
    case 'M_EXCLUSIVE':
      return { operation, errcode: e.errcode, message: msg('That username is reserved. Choose another.'), field: 'username' };
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
      return { operation, errcode: e.errcode, message: said || msg('The server refused this password as too weak. Choose a longer one.'), field: 'password' };
    }
    case 'M_GUEST_ACCESS_FORBIDDEN':
      return { operation, errcode: e.errcode, message: server ? msg(str`${server} does not allow guests.`) : msg('This server does not allow guests.'), field: 'form' };
    case 'M_UNKNOWN_TOKEN':
      return {
        operation,
        errcode: e.errcode,
        message: e.softLogout ? msg('Your session has expired. Sign in again to continue.') : msg('You were signed out. Sign in again.'),
        field: 'form',
      };
    default:
      return { operation, errcode: e.errcode, message: serverText(e.message), field: 'form' };
  }
}
