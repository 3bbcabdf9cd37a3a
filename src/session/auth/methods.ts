/**
 * Which ways in a homeserver offers: the OAuth 2.0 API (`/auth_metadata`, spec v1.15) and/or the legacy
 * `/login` flows (password, SSO with identity providers, login token). Read without any credential.
 */
import { msg } from '../texts.ts';
import { requestJson } from '../http.ts';
import { likelyFirst, noteAnswer } from '../endpoint-memory.ts';
import { MatrixApiError, badAnswer } from '../errors.ts';
import { asObject, asStrings } from '../answer.ts';
import { requireSafeUrl } from '../urls.ts';
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

/** What each endpoint is, in the words of the error that names it (functions: looked up in the locale of the moment). */
const URL_FIELDS = {
  authorization_endpoint: () => msg('its sign-in page', { desc: 'Completes: The server gave an unsafe address for …' }),
  token_endpoint: () => msg('its token endpoint', { desc: 'Completes: The server gave an unsafe address for …' }),
  registration_endpoint: () => msg('its app registration', { desc: 'Completes: The server gave an unsafe address for …' }),
  revocation_endpoint: () => msg('its sign-out endpoint', { desc: 'Completes: The server gave an unsafe address for …' }),
  account_management_uri: () => msg('its account page', { desc: 'Completes: The server gave an unsafe address for …' }),
} as const;
const REQUIRED_URLS = new Set(['authorization_endpoint', 'token_endpoint']);
const LIST_FIELDS = ['response_modes_supported', 'prompt_values_supported', 'code_challenge_methods_supported', 'grant_types_supported'] as const;

/**
 * Checks auth metadata before anything in it is used: every endpoint a safe URL (see urls.ts; a `javascript:`
 * authorization endpoint would run in the host page once navigated to), the issuer an https URL without query
 * or fragment (RFC 8414), lists made of strings. Throws ME_BAD_URL or ME_BAD_ANSWER.
 */
export function oauthMetadataFrom(raw: unknown): OAuthMetadata {
  const o = asObject(raw);
  if (!o) throw badAnswer('auth_metadata is not an object');
  const issuer = requireSafeUrl(o.issuer, msg('its issuer', { desc: 'Completes: The server gave an unsafe address for …' }));
  if (issuer.search || issuer.hash) throw badAnswer('issuer has a query or fragment');
  const m: Record<string, unknown> = { issuer: o.issuer };
  for (const [field, what] of Object.entries(URL_FIELDS)) {
    if (o[field] === undefined && !REQUIRED_URLS.has(field)) continue;
    m[field] = requireSafeUrl(o[field], what()).href;
  }
  for (const field of LIST_FIELDS) {
    if (o[field] === undefined) continue;
    const list = asStrings(o[field]);
    if (!list) throw badAnswer(`${field} is not a list of strings`);
    m[field] = list;
  }
  const iss = o.authorization_response_iss_parameter_supported;
  if (iss !== undefined && typeof iss !== 'boolean') throw badAnswer('authorization_response_iss_parameter_supported is not a boolean');
  if (iss) m.authorization_response_iss_parameter_supported = true;
  return m as unknown as OAuthMetadata;
}

/** The `/login` flows (spec: GET /login), checked: a list of objects with a string `type`. */
function flowsFrom(raw: Record<string, unknown>): Array<Record<string, unknown>> {
  const flows = raw.flows;
  if (!Array.isArray(flows) || !flows.every((f) => typeof asObject(f)?.type === 'string')) throw badAnswer('/login flows');
  return flows as Array<Record<string, unknown>>;
}

/** Identity providers of an `m.login.sso` flow: objects with string `id` and `name`; icon and brand optional strings. */
function providersFrom(raw: unknown): IdentityProvider[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw badAnswer('identity_providers is not a list');
  return raw.map((p: unknown) => {
    const o = asObject(p);
    const opt = (v: unknown) => (v === undefined || typeof v === 'string' ? v : null);
    if (!o || typeof o.id !== 'string' || typeof o.name !== 'string' || opt(o.icon) === null || opt(o.brand) === null) {
      throw badAnswer('identity provider');
    }
    return { id: o.id, name: o.name, icon: o.icon as string | undefined, brand: o.brand as string | undefined };
  });
}

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
async function loadOAuthMetadata(baseUrl: string, fetchFn?: typeof fetch): Promise<unknown> {
  let trouble: unknown;
  for (const { key, path } of likelyFirst(baseUrl, METADATA_PATHS)) {
    try {
      const found = await requestJson<unknown>(`${baseUrl}${path}`, { fetchFn });
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
  const [rawOauth, flows] = await Promise.all([
    loadOAuthMetadata(baseUrl, fetchFn),
    requestJson(`${baseUrl}/_matrix/client/v3/login`, { fetchFn }).catch((e: unknown) => {
      if (e instanceof MatrixApiError && e.httpStatus >= 400 && e.httpStatus < 500) return undefined;
      throw e;
    }),
  ]);
  const oauth = rawOauth === undefined ? undefined : oauthMetadataFrom(rawOauth);
  const list = flows === undefined ? [] : flowsFrom(flows);
  const password = list.some((f) => f.type === 'm.login.password');
  const ssoFlow = list.find((f) => f.type === 'm.login.sso');
  // With the OAuth API present, an SSO flow is the server's compatibility layer for OAuth: use OAuth instead.
  const sso = ssoFlow && !oauth ? providersFrom(ssoFlow.identity_providers) : undefined;
  return {
    baseUrl,
    oauth,
    password,
    sso,
    legacyApi: flows !== undefined && list.length > 0,
    oauthSignUp: !!oauth?.prompt_values_supported?.includes('create'),
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
