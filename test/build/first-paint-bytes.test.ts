/**
 * The first-paint byte budgets of issue 14, on the built files (run `npm run build` first): the loader plus the
 * static import graph of the chunk it imports for one element (its table, `"matrix-x":()=>import("./chunks/…")`;
 * dist/elements/<x>.js is a facade for bundlers, which the loader never fetches), each file gzipped on its own at
 * level 9 as the bench does. The bench
 * (`npm run bench -- --only paint`) measures what a real page requested; this catches a regression without it.
 * Dynamic `import()`s are not followed: what they load comes after the paint (the session, the join, the SDK).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

function staticGraph(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(DIST, file), 'utf8');
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["']([^"']+)["']/g)) visit(normalize(relative(DIST, join(DIST, dirname(file), m[1]))));
  };
  visit(entry);
  return [...seen];
}

const gzip = (files: string[]) => files.reduce((n, f) => n + gzipSync(readFileSync(join(DIST, f)), { level: 9 }).length, 0);

// Issue 14's budgets: 25 kB (join button) and 40 kB (sign-in form), held exactly. The join button is at about 24.4 kB (with the loader's signed-in room preloads)
// with its translations, its slot and the token set: its sign-in dialog (markup, styles, <matrix-login>) loads
// with the click that needs it, and its lookup, names and icons carry only what the button shows.
for (const [element, budget] of [['join-button', 25_000], ['login', 40_000]] as const) {
  test(`a page with one <matrix-${element}> needs at most ${budget / 1000} kB gzip of JavaScript before its first paint`, () => {
    assert.ok(existsSync(join(DIST, 'matrix-embed.js')), 'dist/matrix-embed.js is missing: run `npm run build` first');
    const loader = readFileSync(join(DIST, 'matrix-embed.js'), 'utf8');
    const chunk = new RegExp(`"matrix-${element}":\\(\\)=>import\\("\\./([^"]+)"\\)`).exec(loader)?.[1];
    assert.ok(chunk, `the loader's table names a module for <matrix-${element}>`);
    const files = ['matrix-embed.js', ...staticGraph(chunk)];
    const bytes = gzip(files);
    assert.ok(bytes <= budget, `${bytes} bytes > ${budget}: ${files.map((f) => `${f} ${gzip([f])}`).join(', ')}`);
    assert.ok(!files.some((f) => /chunks\/(index|registry|room-model|markdown|data)-/.test(f)), `no SDK, renderer or room-model chunk: ${files.join(', ')}`);
  });
}
