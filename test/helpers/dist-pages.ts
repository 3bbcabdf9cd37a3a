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

/**
 * The files among `files` (paths under the dist base) that a browser would revalidate on a repeat visit: all but
 * the loader itself and the content-hashed chunks (`chunks/<name>-<8-character hash>.js`, cached for a year). The
 * loader imports each element's hashed chunk, not the unhashed `elements/<tag>.js` facade (rollup.config.mjs).
 */
export function unhashedBesideLoader(files: string[]): string[] {
  return files.filter((f) => f !== 'matrix-embed.js' && !/^chunks\/[\w-]+-[\w-]{8}\.js$/.test(f));
}

/** The one file among `files` built from the source module `source` (its source map lists it). */
export async function fileHolding(files: string[], base: string, source: string): Promise<string> {
  const holding: string[] = [];
  for (const f of files) if ((await sourcesOf([f], base)).includes(source)) holding.push(f);
  if (holding.length !== 1) throw new Error(`${source} is in ${holding.length} of the files: ${holding.join(', ')}`);
  return holding[0];
}
