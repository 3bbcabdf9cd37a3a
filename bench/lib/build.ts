/**
 * Builds, in the same run as the measurements:
 *  - the library, with the project's own rollup.config.mjs, into bench/out/dist (a clean directory, so no
 *    stale chunk of an earlier `npm run build` is ever counted);
 *  - the baseline pages with the same plugins (node-resolve for browsers, commonjs, json, esbuild, terser) and
 *    rollup's default tree-shaking — how a site would bundle matrix-js-sdk or hydrogen-view-sdk itself.
 */
import { rmSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rollup, type OutputOptions, type RollupOptions, type Plugin, type RollupLog } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import json from '@rollup/plugin-json';
import esbuild from 'rollup-plugin-esbuild';
import terser from '@rollup/plugin-terser';

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
export const OUT = join(ROOT, 'bench/out');

export interface BuildResult {
  name: string;
  dir: string;
  /** Entry file name(s), relative to dir. */
  entries: string[];
  /** Every emitted .js / .wasm / .css file, relative to dir. */
  files: string[];
  ms: number;
}

const quiet = (log: RollupLog, handler: (l: RollupLog) => void) => {
  // matrix-js-sdk has ~50 circular imports and `this` rewrites in CommonJS deps: known and harmless.
  if (log.code === 'CIRCULAR_DEPENDENCY' || log.code === 'THIS_IS_UNDEFINED' || log.code === 'EVAL') return;
  handler(log);
};

async function bundle(name: string, options: RollupOptions, output: OutputOptions): Promise<BuildResult> {
  const dir = output.dir!;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const b = await rollup({ ...options, onwarn: undefined, onLog: (level, log, handler) => (level === 'warn' ? quiet(log, (l) => handler('warn', l)) : handler(level, log)) });
  const out = await b.write({ ...output, sourcemap: false });
  await b.close();
  const entries = out.output.filter((o) => o.type === 'chunk' && o.isEntry).map((o) => o.fileName);
  return { name, dir, entries, files: listFiles(dir), ms: Math.round(performance.now() - t0) };
}

function listFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(js|wasm|css)$/.test(f)) files.push(relative(dir, p));
    }
  };
  walk(dir);
  return files.sort();
}

/** The library, built with the project's rollup.config.mjs (output directory replaced). */
export async function buildLibrary(): Promise<BuildResult> {
  const config = (await import(pathToFileURL(join(ROOT, 'rollup.config.mjs')).href)).default as RollupOptions;
  const output = (Array.isArray(config.output) ? config.output[0] : config.output) ?? {};
  return bundle('matrix-embed', { ...config, input: config.input ?? join(ROOT, 'src/index.ts') }, { ...output, dir: join(OUT, 'dist') });
}

/** The plugins a site would use to bundle a library for browsers: the same set as the project's config. */
function plainPlugins(): Plugin[] {
  return [
    nodeResolve({ browser: true, preferBuiltins: false, exportConditions: ['browser', 'import', 'default'] }),
    commonjs(),
    json({ preferConst: true }),
    esbuild({ target: 'es2022', tsconfig: join(ROOT, 'tsconfig.json') }),
    terser({ format: { comments: false }, ecma: 2022, module: true }),
  ];
}

/** Plain matrix-js-sdk page: createClient + startClient + the last 20 bodies in a <ul>. */
export function buildPlainSdk(): Promise<BuildResult> {
  return bundle(
    'plain-sdk',
    { input: { 'plain-sdk': join(ROOT, 'bench/pages/plain-sdk.ts') }, plugins: plainPlugins() },
    { dir: join(OUT, 'plain-sdk'), format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
  );
}

/**
 * Node built-ins that olm.js (emscripten) requires only when it runs under Node: empty in browsers, as
 * Vite (the bundler hydrogen-view-sdk documents) makes them.
 */
function emptyNodeBuiltins(names: string[]): Plugin {
  return {
    name: 'empty-node-builtins',
    resolveId: (id) => (names.includes(id) ? `\0empty:${id}` : null),
    load: (id) => (id.startsWith('\0empty:') ? 'export default {};' : null),
  };
}

/** `process.env.NODE_ENV` -> "production", as Vite (and every browser bundler preset) replaces it. */
function nodeEnvProduction(): Plugin {
  return {
    name: 'node-env-production',
    transform: (code) => (code.includes('process.env.NODE_ENV') ? { code: code.replaceAll('process.env.NODE_ENV', '"production"'), map: null } : null),
  };
}

/** hydrogen-view-sdk's minimal embed (its README's example: Client, RoomViewModel, TimelineView). */
export function buildHydrogen(): Promise<BuildResult> {
  return bundle(
    'hydrogen',
    { input: { hydrogen: join(ROOT, 'bench/pages/hydrogen.ts') }, plugins: [emptyNodeBuiltins(['crypto', 'fs', 'path']), nodeEnvProduction(), ...plainPlugins()] },
    { dir: join(OUT, 'hydrogen'), format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
  );
}

export const BUILDS = { library: buildLibrary, 'plain-sdk': buildPlainSdk, hydrogen: buildHydrogen } as const;
export type BuildName = keyof typeof BUILDS;

/**
 * Runs the builds in parallel child processes (rollup and terser are single-threaded; the machine has
 * several cores). Each child prints its BuildResult as JSON on its last line.
 */
export async function buildAll(names: BuildName[]): Promise<Record<string, BuildResult>> {
  const { spawn } = await import('node:child_process');
  const one = (name: BuildName) =>
    new Promise<BuildResult>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/lib/build-worker.ts'), name], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      child.on('exit', (code) => {
        const last = out.trim().split('\n').pop() ?? '';
        if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as BuildResult);
        else reject(new Error(`build ${name} failed (exit ${code}):\n${err || out}`));
      });
    });
  const results = await Promise.all(names.map(one));
  return Object.fromEntries(results.map((r, i) => [names[i], r]));
}
