/**
 * Untrusted short text: display names, room names, topics, file names, reaction keys. Strips the characters that
 * let one string rearrange or hide its neighbours. DOM-free: the session names senders with it; `render/names.ts`
 * adds the `<bdi>` rendering; `display-names.ts` tells members with the same name apart.
 */
/**
 * Bidi embeddings/overrides (U+202A–U+202E) and isolates (U+2066–U+2069): these reorder text that follows them,
 * which is how `exe.txt` is shown as `txt.exe` or a name swallows the words after it. We isolate with `<bdi>`
 * instead, so nothing is lost for real RTL text (the marks U+200E/U+200F/U+061C stay: they do not override).
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** C0 controls except tab and newline, DEL and C1 controls: invisible, and some terminals/readers act on them. */
const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Characters with no visible width that make two names look identical; dropped from names. */
const INVISIBLE_IN_NAMES = /[\u00AD\u180E\u200B\u2060-\u2064\uFEFF]/g;

/** The longest display name we show. Servers cap names at 256 bytes; a hostile event may not. */
export const MAX_NAME_LENGTH = 256;
/**
 * Longer `formatted_body` strings are not parsed at all; the caller shows the plain `body`. Kept here (not in
 * sanitize.ts, which re-exports it) so building the timeline does not pull the sanitizer and DOMPurify in.
 */
export const MAX_HTML_LENGTH = 131_072;

/**
 * Remove bidi overrides/isolates and control characters from untrusted text (message bodies included).
 * Non-strings become `''`, so callers can pass raw event fields directly.
 * @param value anything read from an event
 * @param maxLength cut the result to this many UTF-16 units (not splitting a surrogate pair)
 */
export function cleanText(value: unknown, maxLength = Infinity): string {
  if (typeof value !== 'string') return '';
  let text = value.replace(BIDI_CONTROLS, '').replace(CONTROL_CHARS, '');
  if (text.length > maxLength) text = truncate(text, maxLength);
  return text;
}

/**
 * Clean a single-line name: `cleanText`, plus invisible characters removed, whitespace runs (newlines included)
 * collapsed and trimmed, and the length capped at `MAX_NAME_LENGTH`.
 */
export function cleanName(value: unknown, maxLength = MAX_NAME_LENGTH): string {
  const name = cleanText(value).replace(INVISIBLE_IN_NAMES, '').replace(/\s+/g, ' ').trim();
  return truncate(name, maxLength);
}

/** Cut to `max` UTF-16 units without leaving half a surrogate pair at the end. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/** Matrix user ID: `@localpart:server` (historical localparts allowed, so the localpart check is loose). */
const USER_ID = /^@[^\s:]+:[A-Za-z0-9.\-[\]:]+$/;

/** True when `value` is a syntactically plausible Matrix user ID. */
export function isUserId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 255 && USER_ID.test(value);
}

/** One letter (first grapheme, upper-cased) for an avatar placeholder; `?` when there is none. */
export function initialOf(name: string): string {
  const text = name.replace(/^[@#!+]/, '').trim();
  const first = Array.from(text)[0];
  return first ? first.toLocaleUpperCase() : '?';
}
