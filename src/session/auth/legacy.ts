/**
 * The legacy authentication API: `/login` (password, login token, JWT), `/refresh`, `/logout`, and
 * `/register` with User-Interactive Authentication. Plain fetch, no matrix-js-sdk.
 */
import { msg } from '../texts.ts';
import { ME, MatrixApiError } from '../errors.ts';
import { expiryFrom } from '../token-timing.ts';
import { requestJson, seg } from '../http.ts';
import type { MatrixErrorInfo } from '../types.ts';
import { safeUrl } from '../urls.ts';

/** What a successful `/login` or `/register` returns, normalized. */
export interface LoginResult {
  userId: string;
  deviceId: string;
  accessToken: string;
  refreshToken?: string;
  expiresAt?: number;
}

interface LoginResponse {
  user_id?: unknown;
  device_id?: unknown;
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in_ms?: unknown;
}

export function loginResultFrom(res: LoginResponse): LoginResult {
  if (typeof res.user_id !== 'string' || typeof res.access_token !== 'string' || typeof res.device_id !== 'string') {
    throw new MatrixApiError('M_UNKNOWN', msg('The server sent an incomplete answer.'));
  }
  return {
    userId: res.user_id,
    deviceId: res.device_id,
    accessToken: res.access_token,
    refreshToken: typeof res.refresh_token === 'string' ? res.refresh_token : undefined,
    expiresAt: expiryFrom(res.expires_in_ms),
  };
}

const deviceName = () => `matrix-embed on ${globalThis.location?.host ?? 'a web page'}`;

/**
 * `POST /login` with one login type's fields: the one place that asks for a refresh token, names a new device
 * (or keeps `deviceId`, re-authenticating after a soft logout) and reads the answer.
 */
async function login(baseUrl: string, fields: Record<string, unknown>, deviceId?: string, fetchFn?: typeof fetch): Promise<LoginResult> {
  const res = await requestJson<LoginResponse>(`${baseUrl}/_matrix/client/v3/login`, {
    fetchFn,
    body: {
      ...fields,
      ...(deviceId ? { device_id: deviceId } : { initial_device_display_name: deviceName() }),
      refresh_token: true,
    },
  });
  return loginResultFrom(res);
}

/** `m.login.password` with an `m.id.user` identifier (a localpart or a full user ID). */
export function passwordLogin(
  baseUrl: string,
  opts: { user: string; password: string; deviceId?: string; fetchFn?: typeof fetch },
): Promise<LoginResult> {
  const fields = { type: 'm.login.password', identifier: { type: 'm.id.user', user: opts.user }, password: opts.password };
  return login(baseUrl, fields, opts.deviceId, opts.fetchFn);
}

/** `m.login.token`: the `loginToken` an SSO redirect brings back, or one the host page got from `login/get_token`. */
export function tokenLogin(baseUrl: string, loginToken: string, deviceId?: string, fetchFn?: typeof fetch): Promise<LoginResult> {
  return login(baseUrl, { type: 'm.login.token', token: loginToken }, deviceId, fetchFn);
}

/** `org.matrix.login.jwt`: a JSON Web Token the host site minted for its visitor (Synapse's `jwt_config`). */
export function jwtLogin(baseUrl: string, jwt: string, deviceId?: string, fetchFn?: typeof fetch): Promise<LoginResult> {
  return login(baseUrl, { type: 'org.matrix.login.jwt', token: jwt }, deviceId, fetchFn);
}

/** Where to send the browser for SSO (optionally straight to one identity provider). */
export function ssoRedirectUrl(baseUrl: string, redirectUrl: string, idpId?: string): string {
  const path = idpId ? `/_matrix/client/v3/login/sso/redirect/${seg(idpId)}` : '/_matrix/client/v3/login/sso/redirect';
  return `${baseUrl}${path}?redirectUrl=${encodeURIComponent(redirectUrl)}`;
}

/** `POST /refresh`. Throws M_UNKNOWN_TOKEN when the refresh token is no longer valid. */
export async function refreshLegacy(baseUrl: string, refreshToken: string, fetchFn?: typeof fetch): Promise<Omit<LoginResult, 'userId' | 'deviceId'>> {
  const res = await requestJson<LoginResponse>(`${baseUrl}/_matrix/client/v3/refresh`, { fetchFn, body: { refresh_token: refreshToken } });
  if (typeof res.access_token !== 'string') throw new MatrixApiError('M_UNKNOWN', msg('The server sent no access token.'));
  return {
    accessToken: res.access_token,
    refreshToken: typeof res.refresh_token === 'string' ? res.refresh_token : refreshToken,
    expiresAt: expiryFrom(res.expires_in_ms),
  };
}

/** `POST /logout`: ends the device's session on the server. */
export async function logoutLegacy(baseUrl: string, accessToken: string, fetchFn?: typeof fetch): Promise<void> {
  await requestJson(`${baseUrl}/_matrix/client/v3/logout`, { fetchFn, body: {}, accessToken, tokenOrigin: baseUrl });
}

/** `GET /register/available`: true if free; throws M_USER_IN_USE / M_INVALID_USERNAME / M_EXCLUSIVE otherwise. */
export async function usernameAvailable(baseUrl: string, username: string, signal?: AbortSignal, fetchFn?: typeof fetch): Promise<boolean> {
  const res = await requestJson<{ available?: unknown }>(
    `${baseUrl}/_matrix/client/v3/register/available?username=${encodeURIComponent(username)}`,
    { signal, fetchFn },
  );
  return res.available === true;
}

// --- Registration with User-Interactive Authentication ---

/** One policy a user must accept (`m.login.terms`). */
export interface Policy {
  id: string;
  name: string;
  url: string;
  version?: string;
}

/** A stage that needs the person. `error` is set when the previous answer to this stage was refused. */
export type UiaStep =
  | { type: 'm.login.terms'; policies: Policy[]; error?: MatrixErrorInfo }
  /** `skippable`: another flow needs no token (e.g. a captcha instead); answer `{type: 'skip'}` to take it. */
  | { type: 'm.login.registration_token'; error?: MatrixErrorInfo; skippable?: boolean }
  /** Any other stage (reCAPTCHA, email, ...): open `url` (the spec's fallback page) and answer when it is done. */
  | { type: 'fallback'; stage: string; url: string; error?: MatrixErrorInfo };

export type UiaAnswer =
  | { type: 'm.login.terms'; accepted: true }
  | { type: 'm.login.registration_token'; token: string }
  | { type: 'fallback'; done: true }
  /** "I cannot do this step": continue with a flow that does not need it. */
  | { type: 'skip' };

/** Asked for each interactive stage; reject (e.g. with an AbortError) to stop registering. */
export type UiaHandler = (step: UiaStep) => Promise<UiaAnswer>;

interface UiaResponse {
  flows?: Array<{ stages?: unknown }>;
  params?: Record<string, unknown>;
  session?: string;
  completed?: string[];
  errcode?: string;
  error?: string;
}

const NATIVE = new Set(['m.login.dummy', 'm.login.terms', 'm.login.registration_token']);

/**
 * The flow we will follow: none with a stage the person could not do (`avoid`), then the fewest fallback-only
 * stages left, then the fewest stages left. Servers accept stages in any order and finish when some flow's
 * stages are all completed (Synapse), so a flow need not start with what is already completed.
 */
export function chooseFlow(flows: string[][], completed: string[], avoid: ReadonlySet<string> = new Set()): string[] | undefined {
  const left = (f: string[]) => f.filter((s) => !completed.includes(s));
  const fits = flows.filter((f) => f.length > 0 && !f.some((s) => avoid.has(s) && !completed.includes(s)));
  return [...fits].sort(
    (a, b) =>
      left(a).filter((s) => !NATIVE.has(s)).length - left(b).filter((s) => !NATIVE.has(s)).length ||
      left(a).length - left(b).length,
  )[0];
}

/** Reads the `m.login.terms` policies (`{policies: {id: {version, en: {name, url}}}}`). */
export function policiesOf(params: Record<string, unknown> | undefined): Policy[] {
  const terms = params?.['m.login.terms'] as { policies?: Record<string, unknown> } | undefined;
  const out: Policy[] = [];
  for (const [id, raw] of Object.entries(terms?.policies ?? {})) {
    if (!raw || typeof raw !== 'object') continue;
    const p = raw as Record<string, unknown>;
    const langs = Object.keys(p).filter((k) => k !== 'version' && p[k] && typeof p[k] === 'object');
    const lang = langs.find((l) => l === navigator.language) ?? langs.find((l) => l === 'en') ?? langs[0];
    const entry = lang ? (p[lang] as { name?: unknown; url?: unknown }) : undefined;
    const url = safeUrl(entry?.url);
    if (!url) continue; // a policy we cannot link to safely is not shown as a link to click
    out.push({ id, name: typeof entry?.name === 'string' ? entry.name : id, url: url.href, version: typeof p.version === 'string' ? p.version : undefined });
  }
  return out;
}

/** The spec's fallback page for a stage. */
export function fallbackUrl(baseUrl: string, stage: string, session: string): string {
  return `${baseUrl}/_matrix/client/v3/auth/${seg(stage)}/fallback/web?session=${encodeURIComponent(session)}`;
}

/**
 * `POST /register` through every UIA stage. `m.login.dummy` is answered here; terms, registration tokens
 * and any other stage go to `ask`. With `guestAccessToken`, the guest account is upgraded (spec: "Guest
 * access") and keeps its rooms.
 */
export async function registerAccount(
  baseUrl: string,
  opts: {
    username: string;
    password: string;
    ask: UiaHandler;
    guestAccessToken?: string;
    signal?: AbortSignal;
    fetchFn?: typeof fetch;
  },
): Promise<LoginResult> {
  const url = `${baseUrl}/_matrix/client/v3/register?kind=user`;
  const base: Record<string, unknown> = {
    username: opts.username,
    password: opts.password,
    initial_device_display_name: deviceName(),
    refresh_token: true,
    ...(opts.guestAccessToken ? { guest_access_token: opts.guestAccessToken } : {}),
  };
  let auth: Record<string, unknown> | undefined;
  let lastError: MatrixErrorInfo | undefined;
  let lastStage: string | undefined;
  const avoid = new Set<string>();
  for (let round = 0; round < 50; round++) {
    opts.signal?.throwIfAborted();
    let uia: UiaResponse;
    try {
      return loginResultFrom(await requestJson<LoginResponse>(url, { fetchFn: opts.fetchFn, signal: opts.signal, body: auth ? { ...base, auth } : base }));
    } catch (e) {
      if (!(e instanceof MatrixApiError) || e.httpStatus !== 401 || !Array.isArray(e.data.flows)) {
        if (e instanceof MatrixApiError && e.httpStatus === 403 && !auth && e.errcode === 'M_FORBIDDEN') {
          throw new MatrixApiError(ME.noSignUp, msg('Registration is disabled on this server.'), 403, e.data);
        }
        throw e;
      }
      uia = e.data as UiaResponse;
    }
    const session = uia.session;
    const completed = Array.isArray(uia.completed) ? uia.completed.filter((s): s is string => typeof s === 'string') : [];
    const flows = (uia.flows ?? []).map((f) => (Array.isArray(f.stages) ? f.stages.filter((s): s is string => typeof s === 'string') : []));
    const flow = chooseFlow(flows, completed, avoid);
    if (!flow || !session) throw new MatrixApiError(ME.noSignUp, msg('This server offers no way to sign up that we can follow.'));
    const stage = flow.find((s) => !completed.includes(s));
    if (!stage) throw new MatrixApiError('M_UNKNOWN', msg('The server asked for no further step but did not finish signing up.'));
    // A 401 that carries an errcode is the server refusing our last answer to this stage.
    lastError =
      uia.errcode && stage === lastStage
        ? { operation: 'register', errcode: uia.errcode, message: uia.error ?? msg('That was not accepted.') }
        : undefined;
    lastStage = stage;
    if (stage === 'm.login.dummy') {
      if (lastError) throw new MatrixApiError(uia.errcode ?? 'M_UNKNOWN', lastError.message, 401, uia as Record<string, unknown>);
      auth = { type: stage, session };
    } else if (stage === 'm.login.terms') {
      await opts.ask({ type: stage, policies: policiesOf(uia.params), error: lastError });
      auth = { type: stage, session };
    } else if (stage === 'm.login.registration_token') {
      const skippable = !!chooseFlow(flows, completed, new Set([...avoid, stage]));
      const answer = await opts.ask({ type: stage, error: lastError, skippable });
      if (answer.type === 'skip' && skippable) {
        avoid.add(stage);
        auth = { session }; // asks the server where the session stands; the next round picks another flow
        lastStage = undefined;
        continue;
      }
      if (answer.type !== stage) throw new MatrixApiError(ME.cancelled, 'Cancelled.');
      auth = { type: stage, token: answer.token, session };
    } else {
      await opts.ask({ type: 'fallback', stage, url: fallbackUrl(baseUrl, stage, session), error: lastError });
      // After the fallback page, the stage is completed server-side: continue with the session alone.
      auth = { session };
    }
  }
  throw new MatrixApiError('M_UNKNOWN', msg('Signing up took too many steps.'));
}
