/**
 * CSRF protection of the homeserver's own HTML forms (OAuth sign-in / create-account, the SSO identity
 * provider page, the UIA fallback pages). A form is bound to the browser that loaded it: the page sets a
 * browser-session cookie (HttpOnly, SameSite=Strict, so another site's form post never carries it) and embeds
 * that session's CSRF token in a hidden field; a POST must bring both, matching. Without this, another site
 * could post the form with an attacker's credentials and log the visitor's client into the attacker's account
 * (login CSRF), or act in the visitor's name. Browser sessions live in memory: after a restart a form asks again.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Ctx } from './http.ts';
import type { Homeserver } from './homeserver.ts';

/** The hidden field every protected form carries. */
export const CSRF_FIELD = 'csrf_token';
const FORM_SESSION_LIFETIME_MS = 60 * 60_000;

/** Which form: its cookie's name and the path the cookie is scoped to (the form's own URL path). */
export interface FormKind {
  cookie: string;
  path: string;
}

interface FormSession {
  csrf: string;
  /** Set-Cookie header to send when the session is new. */
  setCookie?: string;
}

const formSessions = new WeakMap<Homeserver, Map<string, { csrf: string; expiresAt: number }>>();

function cookie(ctx: Ctx, name: string): string | undefined {
  for (const part of (ctx.header('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function sessionsOf(hs: Homeserver): Map<string, { csrf: string; expiresAt: number }> {
  let map = formSessions.get(hs);
  if (!map) formSessions.set(hs, (map = new Map()));
  const now = Date.now();
  for (const [k, v] of map) if (v.expiresAt <= now) map.delete(k);
  return map;
}

/** The browser's form session: the existing one named by its cookie, or a new one (with its cookie). */
export function formSession(hs: Homeserver, ctx: Ctx, kind: FormKind): FormSession {
  const sessions = sessionsOf(hs);
  const id = cookie(ctx, kind.cookie);
  const known = id ? sessions.get(id) : undefined;
  if (known) return { csrf: known.csrf };
  const newId = randomBytes(24).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  sessions.set(newId, { csrf, expiresAt: Date.now() + FORM_SESSION_LIFETIME_MS });
  return {
    csrf,
    setCookie: `${kind.cookie}=${newId}; Path=${kind.path}; Max-Age=${FORM_SESSION_LIFETIME_MS / 1000}; HttpOnly; SameSite=Strict`,
  };
}

/** Whether a form POST carries the CSRF token of the browser session its cookie names. */
export function csrfValid(hs: Homeserver, ctx: Ctx, form: URLSearchParams, kind: FormKind): boolean {
  const id = cookie(ctx, kind.cookie);
  const known = id ? sessionsOf(hs).get(id) : undefined;
  const sent = form.getAll(CSRF_FIELD);
  if (!known || sent.length !== 1) return false;
  const a = Buffer.from(sent[0]);
  const b = Buffer.from(known.csrf);
  return a.length === b.length && timingSafeEqual(a, b);
}
