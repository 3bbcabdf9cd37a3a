/**
 * For tests of the BUILT bundle as a page loads it (test/browser/loader/dist-*.test.ts): what the page fetched
 * before something was first painted, and which source modules those files hold (read from their source maps,
 * which the build writes beside every file). Network facts, not timings: a file counts as "before the paint"
 * when its request started before the animation frame in which the paint was first seen.
 */

/** Resolves with `performance.now()` of the first animation frame in which `painted()` holds. */
export function firstFrameWhere(painted: () => boolean, what: string, timeout = 15_000): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const frame = (now: number) => {
      let done = false;
      try {
        done = painted();
      } catch {
        done = false;
      }
      if (done) resolve(now);
      else if (performance.now() - start > timeout) reject(new Error(`timed out waiting for ${what}`));
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

/** The JavaScript files under `base` whose requests started before `t` (resource timing), as paths under `base`. */
export function scriptsRequestedBefore(t: number, base: string): string[] {
  return (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
    .filter((e) => e.startTime <= t)
    .map((e) => new URL(e.name).pathname)
    .filter((p) => p.startsWith(base) && p.endsWith('.js'))
    .map((p) => p.slice(base.length))
    .sort();
}

/** The source modules (`src/...`, `node_modules/...`) built into the given files under `base`. */
export async function sourcesOf(files: string[], base: string): Promise<string[]> {
  const all = new Set<string>();
  for (const f of files) {
    const res = await fetch(`${base}${f}.map`);
    if (!res.ok) throw new Error(`no source map for ${f}`);
    const map = (await res.json()) as { sources: string[] };
    for (const s of map.sources) all.add(s.replace(/^(\.\.\/)+/, ''));
  }
  return [...all].sort();
}
