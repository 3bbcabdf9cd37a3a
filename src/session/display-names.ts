/**
 * Display names as the Matrix spec shows them: a member whose name another member also uses (or one that looks
 * alike, or looks like a user ID) is shown with their user ID. Apart from `names.ts` because only the room's
 * timeline needs it: the join button's first paint does not carry it, nor the look-alike tables.
 */
import { asciiSkeleton, hasNonAscii, loadedSkeleton, loadSkeleton } from './confusables.ts';
import { cleanName } from './names.ts';

/** Zero-width joiners are legitimate inside emoji sequences but invisible: ignored only when comparing names. */
const ZERO_WIDTH_ALL = /[\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]/g;

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
