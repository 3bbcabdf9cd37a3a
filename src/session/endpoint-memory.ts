/**
 * Which of several alternative endpoints a homeserver has, remembered per server for the page's lifetime.
 *
 * Some answers come from a stable path on new servers and an unstable (MSC) path on older ones: the room summary
 * (`/v1/room_summary` since v1.15, MSC3266 before) and the OAuth metadata (`/v1/auth_metadata` since v1.15,
 * MSC2965 before). Asking the wrong one first costs a round trip of 400 / 404 on every first paint (Synapse 1.67
 * answers `400 M_UNRECOGNIZED` to the stable summary path and to both metadata paths). So callers try paths in
 * {@link likelyFirst} order and report what each one said with {@link noteAnswer}:
 *
 * - a path that answered on this server is tried first;
 * - a path this server does not have is not tried again;
 * - among the untried ones, a stable path comes first when the server advertises the spec version that made it
 *   stable (its `/versions`, noted by discovery with {@link noteVersions}), else after the unstable ones.
 *
 * Memory only (no storage): a page opened after a server upgrade starts fresh.
 */

/** One alternative: a key naming the endpoint (not the full URL: that varies with the room), and since when it is stable. */
export interface Alternative {
  key: string;
  /** The spec version that made this path stable (`v1.15`); absent for unstable paths. */
  stableIn?: string;
}

interface ServerMemory {
  versions?: string[];
  /** key -> true (it answered) / false (this server does not have it). */
  seen: Map<string, boolean>;
}

const servers = new Map<string, ServerMemory>();

const norm = (baseUrl: string) => baseUrl.replace(/\/+$/, '');

function memoryOf(baseUrl: string): ServerMemory {
  const key = norm(baseUrl);
  let m = servers.get(key);
  if (!m) {
    m = { seen: new Map() };
    servers.set(key, m);
  }
  return m;
}

/** `v1.15` -> [1, 15]; legacy `r0.x` versions count as below every `v` version. */
function parseVersion(v: string): [number, number] | undefined {
  const m = /^v(\d+)\.(\d+)$/.exec(v);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function advertises(versions: string[], wanted: string): boolean {
  const w = parseVersion(wanted);
  if (!w) return versions.includes(wanted);
  return versions.some((v) => {
    const p = parseVersion(v);
    return !!p && (p[0] > w[0] || (p[0] === w[0] && p[1] >= w[1]));
  });
}

/** Records the spec versions a server advertises (from `/versions`). */
export function noteVersions(baseUrl: string, versions: string[]): void {
  memoryOf(baseUrl).versions = versions;
}

/** Records that `key` answered on this server (`true`), or that the server does not have it (`false`). */
export function noteAnswer(baseUrl: string, key: string, answered: boolean): void {
  memoryOf(baseUrl).seen.set(key, answered);
}

/**
 * The alternatives worth trying on this server, most likely first (see the module comment). Known-missing ones
 * are left out; the order of `alternatives` breaks ties.
 */
export function likelyFirst<T extends Alternative>(baseUrl: string, alternatives: readonly T[]): T[] {
  const m = servers.get(norm(baseUrl));
  const rank = (a: T): number => {
    const seen = m?.seen.get(a.key);
    if (seen === true) return 0;
    if (!a.stableIn || !m?.versions) return 1; // unknown server: the given order (stable first)
    return advertises(m.versions, a.stableIn) ? 1 : 2;
  };
  return alternatives
    .map((a, i) => ({ a, i, r: rank(a) }))
    .filter(({ a }) => m?.seen.get(a.key) !== false)
    .sort((x, y) => x.r - y.r || x.i - y.i)
    .map(({ a }) => a);
}

/** Forgets everything (tests that change a server's behaviour between cases). */
export function forgetEndpoints(): void {
  servers.clear();
}
