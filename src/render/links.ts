/**
 * The one link policy, shared by formatted bodies (`sanitize.ts`) and plain bodies (`linkify.ts`): which hrefs
 * may become links, and how a link is rendered.
 */
import { html, nothing, type TemplateResult } from 'lit';

/** Schemes the spec allows in `a href` (client-server API, m.room.message). */
const ALLOWED_SCHEMES = new Set(['https:', 'http:', 'ftp:', 'mailto:', 'magnet:']);
/** Schemes that name a host, for the look-alike check. */
const HOST_SCHEMES = new Set(['https:', 'http:', 'ftp:']);

/**
 * Validate an untrusted href.
 *
 * Absolute URLs only (a relative URL would resolve against the host page), schemes from the spec's list, no
 * control or bidi characters anywhere (the URL parser silently drops tabs and newlines, which is how
 * `java&#9;script:` slipped past string checks in other sanitizers), no `user:password@` part (the
 * `https://bank.example@evil.example` disguise), a host for http(s)/ftp.
 * @returns the normalized href, or `null` when the input must not become a link
 */
export function safeLinkHref(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > 8192) return null;
  const trimmed = raw.trim();
  if (/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/.test(trimmed)) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (!ALLOWED_SCHEMES.has(url.protocol)) return null;
  if (url.username || url.password) return null;
  if (HOST_SCHEMES.has(url.protocol) && !url.hostname) return null;
  return url.href;
}

/** The host a validated href points at (lower-case, `www.` dropped), or `null` for mailto/magnet. */
export function hrefHost(href: string): string | null {
  try {
    const url = new URL(href);
    return HOST_SCHEMES.has(url.protocol) ? url.hostname.toLowerCase().replace(/^www\./, '') : null;
  } catch {
    return null;
  }
}

/**
 * Render a link with the forced attributes: `rel="noopener noreferrer"` (no `window.opener` for the target, no
 * Referer revealing the host page), `target="_blank"` (a user `target` such as `_top` would navigate the host
 * page away), and `title` = the real target so hovering shows where it goes.
 * @param href an href that passed `safeLinkHref`
 * @param content what the link shows
 * @param shownHost when the link text names another host than `href` (a look-alike link), that real host is
 *   shown visibly after the link
 */
export function renderLink(href: string, content: unknown, shownHost?: string | null): TemplateResult {
  return html`<a href=${href} rel="noopener noreferrer" target="_blank" title=${href}>${content}</a>${shownHost
    ? html`<span class="link-target" data-real-host=${shownHost}> (${shownHost})</span>`
    : nothing}`;
}
