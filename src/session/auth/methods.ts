/**
 * Which ways in a homeserver offers: the OAuth 2.0 API (`/auth_metadata`, spec v1.15) and/or the legacy
 * `/login` flows (password, SSO with identity providers, login token). Read without any credential.
 */
import { requestJson } from '../http.ts';
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

async function loadAuthMethods(baseUrl: string, fetchFn?: typeof fetch): Promise<AuthMethods> {
  const [oauth, flows] = await Promise.all([
    requestJson<OAuthMetadata>(`${baseUrl}/_matrix/client/v1/auth_metadata`, { fetchFn }).catch(async (e: unknown) => {
      // Servers from before v1.15 serve it on the MSC2965 unstable path.
      if (e instanceof MatrixApiError && (e.httpStatus === 404 || e.httpStatus === 405 || e.errcode === 'M_UNRECOGNIZED')) {
        return requestJson<OAuthMetadata>(`${baseUrl}/_matrix/client/unstable/org.matrix.msc2965/auth_metadata`, { fetchFn }).catch(
          () => undefined,
        );
      }
      throw e;
    }),
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
