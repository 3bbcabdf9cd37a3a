/**
 * What a test page fetched, from the browser's resource timing (the network as the page saw it, not a mock).
 * Resource timing keeps 250 entries by default and these pages load more modules than that, so the buffer is
 * enlarged and an observer records every entry whatever the buffer holds. Call it at the top of a test file:
 * each test file is its own page, so the list starts empty.
 */
export function watchResources(): () => string[] {
  performance.setResourceTimingBufferSize(100_000);
  const seen: string[] = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) seen.push(e.name);
  }).observe({ type: 'resource' });
  return () => [...new Set([...seen, ...performance.getEntriesByType('resource').map((e) => e.name)])];
}

/** The paths (`/src/...`) of the project's own modules among `urls`: what the dev server compiled for the page. */
export function srcModules(urls: string[]): string[] {
  return urls.map((u) => new URL(u, location.href)).filter((u) => u.origin === location.origin && u.pathname.startsWith('/src/')).map((u) => u.pathname);
}

/** The element folders (`src/components/<tag>/`, `src/elements/<tag>.ts`) whose code is among `urls`. */
export function elementCodeLoaded(urls: string[]): string[] {
  const tags = new Set<string>();
  for (const p of srcModules(urls)) {
    const m = /^\/src\/(?:components\/([^/]+)\/|elements\/([^/]+)\.ts$)/.exec(p);
    if (m) tags.add(m[1] ?? m[2]);
  }
  return [...tags].sort();
}
