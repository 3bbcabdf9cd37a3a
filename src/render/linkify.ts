/**
 * Plain `body` → Lit template with links. Text stays text (Lit text bindings never parse markup); only the
 * spans linkify-it recognises become `<a>`, and only when their URL passes the shared link policy.
 */
import { LinkifyIt } from 'linkify-it';
import { html, type TemplateResult } from 'lit';
import { hrefHost, renderLink, safeLinkHref } from './links.ts';
import { cleanText } from './names.ts';

/**
 * One linkify-it instance for the widget. Protocol-relative `//host` links are dropped (they would resolve
 * against the host page's scheme and are never absolute); `magnet:` is added because the spec allows it; bare
 * domains (`matrix.org`) are linked as chat users expect (linkify-it 6 leaves fuzzy links off by default).
 */
export const linkifier: LinkifyIt = new LinkifyIt({ fuzzyLink: true })
  .add('//', null)
  .add('magnet:', {
    validate: (text, pos) => /^\?[^\s<>"]+/.exec(text.slice(pos, pos + 8192))?.[0].length ?? 0,
  });

/** The schemas `linkifier` links (the test beside this file checks them against linkify-it's own list). */
export const LINK_SCHEMAS = ['http:', 'https:', 'ftp:', 'mailto:', 'magnet:'] as const;
const MAY_LINK = new RegExp(`(?:${LINK_SCHEMAS.map((s) => s.slice(0, -1)).join('|')}):|@|\\.\\p{L}`, 'iu');

/**
 * Whether linkify-it could find a link in `text` at all: every link it makes needs a schema's `:` (`https:`,
 * `mailto:`, `magnet:`), an e-mail's `@`, or the `.` before a domain's top-level label, which starts with a letter
 * (`matrix.org`; bare IP addresses are not linked). Most chat lines have none, and for those linkify-it's first
 * call would compile its large Unicode expressions (~12 ms, ~50 ms on a slow phone) for nothing.
 */
export function mayLink(text: string): boolean {
  return MAY_LINK.test(text);
}

let warmScheduled = false;

/**
 * Compiles linkify-it's expressions when the page is next idle, so that the first live message with a link
 * does not pay for them. Scheduled by the first text rendered (after the first tiles, not before them).
 */
function warmWhenIdle(): void {
  if (warmScheduled) return;
  warmScheduled = true;
  const warm = () => linkifier.match('matrix.org a@b.example https://x.example');
  if (typeof requestIdleCallback === 'function') requestIdleCallback(warm, { timeout: 5_000 });
  else setTimeout(warm, 1_000);
}

/** Bodies longer than this are linkified only in their first part: matching megabytes blocks the main thread. */
const MAX_LINKIFY_LENGTH = 32_768;

/**
 * Render untrusted plain text with its URLs, e-mail addresses and magnet links turned into safe links.
 * Bidi overrides and control characters are stripped first (see `cleanText`). Newlines are kept as text; the
 * tile's CSS (`white-space: pre-wrap`) shows them.
 */
export function linkifyText(text: unknown): TemplateResult {
  const clean = cleanText(text);
  const head = clean.length > MAX_LINKIFY_LENGTH ? clean.slice(0, MAX_LINKIFY_LENGTH) : clean;
  warmWhenIdle();
  if (!mayLink(head)) return html`${clean}`;
  const parts: unknown[] = [];
  let last = 0;
  for (const match of linkifier.match(head) ?? []) {
    const href = safeLinkHref(match.url);
    if (!href) continue;
    if (match.index > last) parts.push(head.slice(last, match.index));
    parts.push(renderLink(href, match.text));
    last = match.lastIndex;
  }
  parts.push(clean.slice(last));
  return html`${parts}`;
}

/**
 * For a link whose visible text itself looks like a URL or domain: the real host when it differs from the host
 * the text shows (`<a href="https://evil.example">https://bank.example</a>`), else `null`.
 */
export function lookAlikeHost(linkText: string, href: string): string | null {
  const real = hrefHost(href);
  if (!real) return null;
  const text = cleanText(linkText).trim();
  if (!text || text.length > 2048) return null;
  const matches = linkifier.match(text);
  if (!matches || matches.length === 0) {
    // Text such as "bank.example" with an unknown TLD still reads as a host to a person.
    return /^[a-z0-9-]+(?:\.[a-z0-9-]+)+\/?$/i.test(text) && text.toLowerCase().replace(/^www\./, '').replace(/\/$/, '') !== real
      ? real
      : null;
  }
  for (const match of matches) {
    const shown = hrefHost(safeLinkHref(match.url) ?? '');
    if (shown !== null && shown !== real) return real;
  }
  return null;
}
