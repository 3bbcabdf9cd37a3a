/**
 * `org.matrix.login.jwt` as Synapse's `jwt_config` implements it: an HS256 JSON Web Token signed with a shared
 * secret; its `sub` is the localpart; an unknown user is created on first use
 * (also where registration is off, as Synapse does). Refused (403 M_FORBIDDEN, as
 * Synapse answers): a bad signature, an `alg` other than HS256, an expired `exp` or a `nbf` in the future, a
 * token without `sub`. HMAC from Node's crypto, compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { MatrixError } from './http.ts';
import type { Homeserver } from './homeserver.ts';
import type { User } from './store.ts';
import { checkLocalpart, createUser, findUser } from './auth-state.ts';

function decodePart(part: string): Record<string, unknown> {
  const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
  return value as Record<string, unknown>;
}

/** Verifies the token and returns its (existing or new) user. */
export function jwtLogin(hs: Homeserver, body: Record<string, unknown>): User {
  if (typeof body.token !== 'string') throw new MatrixError(403, 'M_FORBIDDEN', 'Token field for JWT is missing');
  const invalid = (why: string) => new MatrixError(403, 'M_FORBIDDEN', `JWT validation failed: ${why}`);
  const parts = body.token.split('.');
  if (parts.length !== 3) throw invalid('not a JWT');
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = decodePart(parts[0]);
    claims = decodePart(parts[1]);
  } catch {
    throw invalid('malformed');
  }
  if (header.alg !== 'HS256') throw invalid('unsupported algorithm');
  const expected = createHmac('sha256', hs.options.jwtSecret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid('bad signature');
  const now = Date.now() / 1000;
  if (claims.exp !== undefined && (typeof claims.exp !== 'number' || claims.exp <= now)) throw invalid('expired');
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > now)) throw invalid('not yet valid');
  if (typeof claims.sub !== 'string' || !claims.sub) throw new MatrixError(403, 'M_FORBIDDEN', 'Invalid JWT');
  const localpart = claims.sub.toLowerCase();
  const existing = findUser(hs.store, hs.store.userId(localpart));
  if (existing) return existing;
  checkLocalpart(hs.store, localpart);
  return createUser(hs.store, localpart);
}
