/**
 * Untrusted short text: display names, room names, topics, file names, reaction keys. Strips the characters that
 * let one string rearrange or hide its neighbours, disambiguates display names per the Matrix spec. DOM-free: the
 * session names senders with it; `render/names.ts` adds the `<bdi>` rendering.
 */
import { asciiSkeleton, hasNonAscii, loadedSkeleton, loadSkeleton } from './confusables.ts';

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

/** Zero-width joiners are legitimate inside emoji sequences but invisible: ignored only when comparing names. */
const ZERO_WIDTH_ALL = /[\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]/g;

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

/**
 * Whether a display name could be mistaken for a user ID (spec: such names must be disambiguated). Matches an
 * `@x:y` anywhere, so `Admin @admin:matrix.org` is caught too.
 */
export function looksLikeUserId(name: string): boolean {
  return /@[^\s@:]+:[A-Za-z0-9[]/.test(name.replace(ZERO_WIDTH_ALL, ''));
}

/** The key two names are compared by: invisible characters removed, compatibility-normalized, case-folded. */
function nameKey(name: string): string {
  return name.replace(ZERO_WIDTH_ALL, '').normalize('NFKC').toLowerCase();
}

/**
 * The key two names are compared by for look-alikes: their skeleton (UTS #39 style: decomposed, then every
 * confusable character replaced by its prototype, e.g. Cyrillic `А` → `A`, `I` → `l`), taken twice around
 * lower-casing so that a look-alike of either case matches (`АLICE` ~ `alice`, `M` ~ `m` ~ `rn`).
 */
function skeletonKey(name: string, skeleton: (text: string) => string): string {
  const once = skeleton(name.replace(ZERO_WIDTH_ALL, '').normalize('NFKC').normalize('NFD'));
  return skeleton(once.toLowerCase().normalize('NFD'));
}

/** A member as the disambiguation needs it. */
export interface MemberName {
  userId: string;
  /** Raw `displayname` from the member event (untrusted, may be missing or not a string). */
  displayName?: unknown;
}

/**
 * Compute what to show for every member of a room, per the spec's display-name algorithm: the cleaned
 * display name, or the user ID when there is none, or `name (@id:server)` when another member's name looks the
 * same or when the name looks like a user ID. Two names look the same when they are equal without invisible
 * characters, after NFKC and case-insensitively, or when their confusable skeletons are equal (Cyrillic `Аlice`
 * and Latin `Alice`, `BiII` and `Bill`).
 *
 * ASCII-only names are compared with the table's ASCII entries, inline. The first time a name has any other
 * character, the full confusables table is loaded (a lazy chunk); until it has arrived, every non-ASCII name is
 * shown disambiguated (fail closed), and `onConfusablesLoaded` is called once it is in, so the caller can
 * compute the names again.
 * @returns userId → name to show
 */
export function disambiguateDisplayNames(
  members: Iterable<MemberName>,
  onConfusablesLoaded?: () => void,
): Map<string, string> {
  const cleaned = new Map<string, string>();
  let nonAscii = false;
  for (const member of members) {
    if (typeof member?.userId !== 'string') continue;
    const name = cleanName(member.displayName);
    cleaned.set(member.userId, name);
    if (!nonAscii && hasNonAscii(name)) nonAscii = true;
  }
  const full = nonAscii ? loadedSkeleton() : asciiSkeleton;
  if (!full) {
    const load = loadSkeleton();
    if (onConfusablesLoaded) load.then(onConfusablesLoaded, () => undefined);
  }
  // Until the table is in, ASCII names are still compared by their (exact) ASCII skeletons.
  const skeleton = full ?? asciiSkeleton;
  // Each name has two keys; a name is ambiguous when another member's name shares either of them.
  const keysOf = (name: string): string[] => [`n:${nameKey(name)}`, `s:${skeletonKey(name, skeleton)}`];
  const counts = new Map<string, number>();
  for (const name of cleaned.values()) {
    if (!name) continue;
    for (const key of keysOf(name)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const result = new Map<string, string>();
  for (const [userId, name] of cleaned) {
    const pending = !full && hasNonAscii(name);
    const shared = !!name && (pending || keysOf(name).some((key) => (counts.get(key) ?? 0) > 1));
    result.set(userId, displayNameFor(userId, name, shared ? 2 : 1));
  }
  return result;
}

/**
 * The name to show for one user, given how many members use (a look-alike of) that name.
 * @param userId the user's ID (shown when there is no usable name)
 * @param rawName the untrusted `displayname`
 * @param sameNameCount how many room members, this one included, have a name with the same comparison key
 */
export function displayNameFor(userId: string, rawName: unknown, sameNameCount = 1): string {
  const id = cleanName(userId, 255);
  const name = cleanName(rawName);
  if (!name) return id;
  if (sameNameCount > 1 || looksLikeUserId(name)) return `${name} (${id})`;
  return name;
}

/** One letter (first grapheme, upper-cased) for an avatar placeholder; `?` when there is none. */
export function initialOf(name: string): string {
  const text = name.replace(/^[@#!+]/, '').trim();
  const first = Array.from(text)[0];
  return first ? first.toLocaleUpperCase() : '?';
}
