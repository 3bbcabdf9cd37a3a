/**
 * `npx tsx bench/analyze-sdk.ts [--entry FILE]`: what the lazily loaded matrix-js-sdk chunk is made of.
 * Builds FILE (default src/session/sdk.ts) with the project's rollup.config.mjs and prints, per emitted chunk,
 * min / gzip and the largest contributors (rendered bytes before terser, grouped by package or SDK folder).
 * A study tool for the byte budgets (issue 6); `npm run bench` does not run it.
 */
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rollup, type RollupOptions } from 'rollup';
import { ROOT } from './lib/build.ts';
import { bytesOf, kB } from './lib/bytes.ts';

const argv = process.argv.slice(2);
const entry = argv.includes('--entry') ? argv[argv.indexOf('--entry') + 1] : 'src/session/sdk.ts';
const top = Number(argv.includes('--top') ? argv[argv.indexOf('--top') + 1] : 25);

const config = (await import(pathToFileURL(join(ROOT, 'rollup.config.mjs')).href)).default as RollupOptions;
const t0 = performance.now();
const bundle = await rollup({ ...config, input: { entry: join(ROOT, entry) }, onLog: () => {} });
const out = await bundle.generate({ format: 'es', chunkFileNames: '[name]-[hash].js', entryFileNames: '[name].js' });
await bundle.close();
console.log(`built ${entry} in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);

const group = (id: string): string => {
  const rel = relative(ROOT, id.replace(/^\0/, '').replace(/\?.*$/, ''));
  const sdk = /node_modules\/matrix-js-sdk\/lib\/([^/]+)(\/|$)/.exec(rel);
  if (sdk) return `matrix-js-sdk/${sdk[1].endsWith('.js') ? sdk[1] : `${sdk[1]}/`}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(rel);
  if (pkg) return pkg[1];
  return rel.startsWith('src/') ? rel.split('/').slice(0, 2).join('/') + '/' : rel;
};

for (const chunk of out.output) {
  if (chunk.type !== 'chunk') continue;
  const b = bytesOf(chunk.code);
  console.log(`${chunk.fileName}${chunk.isEntry ? ' (entry)' : chunk.isDynamicEntry ? ' (dynamic)' : ''}: ${kB(b.min)} kB min, ${kB(b.gzip)} kB gzip, ${kB(b.brotli)} kB brotli; ${Object.keys(chunk.modules).length} modules`);
  const groups = new Map<string, number>();
  for (const [id, m] of Object.entries(chunk.modules)) groups.set(group(id), (groups.get(group(id)) ?? 0) + m.renderedLength);
  const total = [...groups.values()].reduce((a, n) => a + n, 0);
  for (const [g, n] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${(n / 1000).toFixed(1).padStart(8)} kB  ${((100 * n) / total).toFixed(1).padStart(5)}%  ${g}`);
  }
  console.log();
}
