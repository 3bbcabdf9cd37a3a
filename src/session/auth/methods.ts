/**
 * Which ways in a homeserver offers: the OAuth 2.0 API (`/auth_metadata`, spec v1.15) and/or the legacy
 * `/login` flows (password, SSO with identity providers, login token). Read without any credential.
 */
import { requestJson } from '../http.ts';
import { likelyFirst, noteAnswer } from '../endpoint-memory.ts';
import { MatrixApiError } from '../errors.ts';
import type { OAuthMetadata } from './oauth.ts';

export interface IdentityProvider {
  id: string;
  name: string;
  /** An mxc:// icon; shown only through authenticated media, if at all. */
  icon?: string;
  brand?: string;
}

export interface AuthMethods {
  baseUrl: string;
  /** OAuth 2.0 API metadata, when the server has it. */
  oauth?: OAuthMetadata;
  /** `m.login.password` is offered. */
  password: boolean;
  /** `m.login.sso` is offered; its identity providers (possibly none: then one generic button). */
  sso?: IdentityProvider[];
  /** Legacy `/register` exists at all (a server without `/login` flows has none). */
  legacyApi: boolean;
  /** OAuth servers that advertise `prompt=create` let people sign up on their page. */
  oauthSignUp: boolean;
}

const cache = new Map<string, Promise<AuthMethods>>();

/** Where the OAuth 2.0 metadata may be: stable since v1.15, on the MSC2965 unstable path before. */
const METADATA_PATHS = [
  { key: 'auth_metadata', stableIn: 'v1.15', path: '/_matrix/client/v1/auth_metadata' },
  { key: 'msc2965-auth_metadata', path: '/_matrix/client/unstable/org.matrix.msc2965/auth_metadata' },
];

/**
 * The OAuth metadata, or undefined when the server has none. Paths are tried most likely first and what each
 * said is remembered for the page (`endpoint-memory.ts`): Synapse without MAS answers neither, and a server
 * asked once is not asked again. Trouble that is not "unknown path" (5xx, network) is thrown when no other path
 * answered, so a server having a bad moment is asked again next time.
 */
async function loadOAuthMetadata(baseUrl: string, fetchFn?: typeof fetch): Promise<OAuthMetadata | undefined> {
  let trouble: unknown;
  for (const { key, path } of likelyFirst(baseUrl, METADATA_PATHS)) {
    try {
      const found = await requestJson<OAuthMetadata>(`${baseUrl}${path}`, { fetchFn });
      noteAnswer(baseUrl, key, true);
      return found;
    } catch (e) {
      // "No such path": Synapse 1.67 says 400 M_UNRECOGNIZED, others 404 or 405.
      if (e instanceof MatrixApiError && e.httpStatus >= 400 && e.httpStatus < 500) noteAnswer(baseUrl, key, false);
      else trouble ??= e;
    }
  }
  if (trouble) throw trouble;
  return undefined;
}

async function loadAuthMethods(baseUrl: string, fetchFn?: typeof fetch): Promise<AuthMethods> {
  const [oauth, flows] = await Promise.all([
    loadOAuthMetadata(baseUrl, fetchFn),
    requestJson<{ flows?: Array<{ type?: unknown; identity_providers?: unknown; oauth_aware_preferred?: unknown }> }>(
      `${baseUrl}/_matrix/client/v3/login`,
      { fetchFn },
    ).catch((e: unknown) => {
      if (e instanceof MatrixApiError && e.httpStatus >= 400 && e.httpStatus < 500) return undefined;
      throw e;
    }),
  ]);
  const list = Array.isArray(flows?.flows) ? flows.flows : [];
  const password = list.some((f) => f.type === 'm.login.password');
  const ssoFlow = list.find((f) => f.type === 'm.login.sso');
  let sso: IdentityProvider[] | undefined;
  // With the OAuth API present, an SSO flow is the server's compatibility layer for OAuth: use OAuth instead.
  if (ssoFlow && !oauth) {
    sso = (Array.isArray(ssoFlow.identity_providers) ? ssoFlow.identity_providers : [])
      .filter((p): p is { id: string; name: string; icon?: unknown; brand?: unknown } => !!p && typeof p.id === 'string' && typeof p.name === 'string')
      .map((p) => ({ id: p.id, name: p.name, icon: typeof p.icon === 'string' ? p.icon : undefined, brand: typeof p.brand === 'string' ? p.brand : undefined }));
  }
  const validOauth = oauth && typeof oauth.authorization_endpoint === 'string' && typeof oauth.token_endpoint === 'string' ? oauth : undefined;
  return {
    baseUrl,
    oauth: validOauth,
    password,
    sso,
    legacyApi: flows !== undefined && list.length > 0,
    oauthSignUp: !!validOauth?.prompt_values_supported?.includes('create'),
  };
}

/** The server's auth methods, cached per page (failures are not cached). */
export function getAuthMethods(baseUrl: string, fetchFn?: typeof fetch): Promise<AuthMethods> {
  let found = cache.get(baseUrl);
  if (!found) {
    found = loadAuthMethods(baseUrl, fetchFn);
    cache.set(baseUrl, found);
    found.catch(() => cache.delete(baseUrl));
  }
  return found;
}
