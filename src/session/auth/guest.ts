/**
 * Guest accounts (`POST /register?kind=guest`): read world-readable rooms without signing up. Only where
 * the server allows them — OAuth-only servers such as matrix.org have none, and we never pretend otherwise.
 */
import { requestJson } from '../http.ts';
import { loginResultFrom, type LoginResult } from './legacy.ts';

/** Registers a guest. Throws M_GUEST_ACCESS_FORBIDDEN (or M_FORBIDDEN) where guests are refused. */
export async function registerGuest(baseUrl: string, fetchFn?: typeof fetch): Promise<LoginResult> {
  const res = await requestJson(`${baseUrl}/_matrix/client/v3/register?kind=guest`, {
    fetchFn,
    body: { initial_device_display_name: `matrix-embed guest on ${globalThis.location?.host ?? 'a web page'}` },
  });
  return loginResultFrom(res);
}
