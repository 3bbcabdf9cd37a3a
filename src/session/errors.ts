/**
 * Errors of the session layer: the homeserver's own (`errcode` from the spec) and ours (`ME_*`).
 * Messages are written for people and never contain a token.
 */
import { msg } from './texts.ts';

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
export const badAnswerText = (): string => msg("That server's answer was not valid Matrix.");

/** The error for an answer of the wrong shape; `detail` names what was wrong, for developers (`data.detail`). */
export function badAnswer(detail: string): MatrixApiError {
  return new MatrixApiError(ME.badAnswer, badAnswerText(), 0, { detail });
}
