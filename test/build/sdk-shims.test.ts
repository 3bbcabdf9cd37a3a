/**
 * Conformance of the matrix-js-sdk stand-ins (src/session/sdk-shims/aliases.mjs, issue 14 item 4). The table
 * replaces SDK modules by path at bundle time, so an SDK upgrade that renames a file would silently ship the
 * real module, and one that adds an export would break a stand-in's importers. Checked against the INSTALLED
 * matrix-js-sdk: every aliased path exists, every stand-in exports every name of the module it replaces, and
 * the build's plugin fails when an entry replaced nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { rollup, type Plugin } from 'rollup';
import esbuildPlugin from 'rollup-plugin-esbuild';
import { SDK_SHIMS, SDK_SHIMS_DIR, rollupSdkShims } from '../../src/session/sdk-shims/aliases.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SDK_LIB = join(ROOT, 'node_modules/matrix-js-sdk/lib/');
const SHIMS = join(ROOT, SDK_SHIMS_DIR);
const fromSdk = createRequire(join(ROOT, 'node_modules/matrix-js-sdk/package.json'));
const isPath = (key: string) => key.endsWith('.js');

/** The names an ES module exports, `export *` followed (esbuild bundles it, leaving packages external). */
async function esmExports(file: string): Promise<string[]> {
  const out = await build({
    entryPoints: [file], bundle: true, format: 'esm', platform: 'browser', packages: 'external',
    write: false, metafile: true, outdir: join(tmpdir(), 'sdk-shims-exports'), logLevel: 'silent',
  });
  return Object.values(out.metafile.outputs)[0].exports.sort();
}

/** The names a CommonJS package gives an ES importer: its keys, or only `default` for a function. */
function cjsExports(pkg: string): string[] {
  const m = fromSdk(pkg) as unknown;
  if (typeof m === 'function') return ['default'];
  return Object.keys(m as object).filter((k) => k !== '__esModule').sort();
}

test('every aliased path exists in the installed matrix-js-sdk, and every stand-in file exists', () => {
  for (const [key, shim] of Object.entries(SDK_SHIMS)) {
    if (isPath(key)) assert.ok(existsSync(join(SDK_LIB, key)), `matrix-js-sdk/lib/${key} does not exist (renamed or removed?)`);
    else assert.doesNotThrow(() => fromSdk.resolve(key), `matrix-js-sdk cannot resolve the package ${key}`);
    assert.ok(existsSync(join(SHIMS, shim)), `stand-in ${SDK_SHIMS_DIR}${shim} does not exist`);
  }
});

test('every stand-in exports every name of the module it replaces', async () => {
  const problems: string[] = [];
  for (const [key, shim] of Object.entries(SDK_SHIMS)) {
    const real = isPath(key) ? await esmExports(join(SDK_LIB, key)) : cjsExports(key);
    assert.ok(real.length > 0, `${key}: no exports found (the check would pass vacuously)`);
    const ours = new Set(await esmExports(join(SHIMS, shim)));
    const missing = real.filter((n) => !ours.has(n));
    if (missing.length) problems.push(`${shim} (for ${key}) lacks: ${missing.join(', ')}`);
  }
  assert.deepEqual(problems, []);
});

/** Bundles one real SDK file with a given stand-in table; everything else stays external. */
async function bundleWith(shims: Record<string, string>): Promise<void> {
  const input = join(SDK_LIB, 'client.js');
  const externalRest: Plugin = {
    name: 'external-rest',
    resolveId: (source, importer) => (importer ? { id: source, external: true } : null),
  };
  const b = await rollup({
    input,
    plugins: [rollupSdkShims({ dir: SHIMS, shims }), externalRest, esbuildPlugin({ target: 'es2022' })],
    onLog: () => {},
  });
  await b.generate({ format: 'es' });
  await b.close();
}

test('the build fails, naming the entry, when a stand-in replaced nothing', async () => {
  // Control: client.js imports ./webrtc/call.js, so an entry for it is used and the build succeeds.
  await bundleWith({ 'webrtc/call.js': 'webrtc-call.ts' });
  await assert.rejects(
    bundleWith({ 'webrtc/call.js': 'webrtc-call.ts', 'webrtc/renamedCall.js': 'webrtc-call.ts' }),
    (e: Error) => {
      assert.match(e.message, /replaced nothing in this build: webrtc\/renamedCall\.js\./);
      assert.doesNotMatch(e.message, /webrtc\/call\.js/);
      return true;
    },
  );
});

test('the stand-in table is what the production build uses', async () => {
  const config = (await import(join(ROOT, 'rollup.config.mjs'))).default as { plugins: Plugin[] };
  assert.ok(config.plugins.some((p) => p?.name === 'matrix-embed-sdk-shims'), 'rollup.config.mjs has the stand-in plugin');
});

