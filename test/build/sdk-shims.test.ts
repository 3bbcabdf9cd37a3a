/**
 * Conformance of the matrix-js-sdk stand-ins (src/session/sdk-shims/aliases.mjs, issue 14 item 4). The table
 * replaces SDK modules by path at bundle time, so an SDK upgrade that renames a file would silently ship the
 * real module, and one that adds an export would break a stand-in's importers. Checked against the INSTALLED
 * matrix-js-sdk: every aliased path exists, every stand-in exports every name of the module it replaces, and
 * the build's plugin fails when an entry replaced nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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


/**
 * Stand-ins that replace a class whose instances the SDK (or an application holding the client) calls: each must have every
 * public method, accessor and static member the real class declares (read from the installed SDK's .d.ts, so a
 * member added by an SDK upgrade fails here instead of as "x is not a function" at run time).
 * Key: the SDK's .d.ts under node_modules/; value: the stand-in file and the classes to compare.
 */
const FULL_CLASSES: Record<string, { shim: string; classes: string[] }> = {
  'matrix-js-sdk/lib/pushprocessor.d.ts': { shim: 'pushprocessor.ts', classes: ['PushProcessor'] },
  'matrix-js-sdk/lib/ToDeviceMessageQueue.d.ts': { shim: 'to-device-message-queue.ts', classes: ['ToDeviceMessageQueue'] },
  'matrix-js-sdk/lib/models/invites-ignorer.d.ts': { shim: 'invites-ignorer.ts', classes: ['IgnoredInvites'] },
  'matrix-events-sdk/lib/NamespacedValue.d.ts': { shim: 'matrix-events-sdk.ts', classes: ['NamespacedValue', 'UnstableValue'] },
};

/**
 * Public members of each class declared in a .d.ts: `static` ones and instance methods/accessors. Reads the
 * declaration files as tsc emits them (one member per line, indented 4 spaces inside `export declare class`);
 * the project's TypeScript (7, native) has no JavaScript compiler API to parse them with.
 */
function declaredMembers(dts: string): Map<string, { statics: string[]; methods: string[] }> {
  const out = new Map<string, { statics: string[]; methods: string[] }>();
  let current: { statics: string[]; methods: string[] } | undefined;
  for (const line of readFileSync(dts, 'utf8').split('\n')) {
    const open = /^export declare (?:abstract )?class (\w+)/.exec(line);
    if (open) {
      current = { statics: [], methods: [] };
      out.set(open[1], current);
      continue;
    }
    if (line.startsWith('}')) current = undefined;
    if (!current) continue;
    const m = /^ {4}(?!private |protected )(static )?(?:readonly )?(get |set )?(\w+)\??(\(|<|: \(|:|;)/.exec(line);
    if (!m || m[3] === 'constructor') continue;
    if (m[1]) current.statics.push(m[3]);
    // Methods, accessors, and properties holding a function (`sendQueue: () => Promise<void>`).
    else if (m[2] || m[4] !== ':' && m[4] !== ';') current.methods.push(m[3]);
  }
  return out;
}

test('stand-ins of classes the SDK calls have every public member of the real class', async () => {
  const problems: string[] = [];
  for (const [dts, { shim, classes }] of Object.entries(FULL_CLASSES)) {
    const declared = declaredMembers(join(ROOT, 'node_modules', dts));
    const mod = (await import(pathToFileURL(join(SHIMS, shim)).href)) as Record<string, unknown>;
    for (const name of classes) {
      const real = declared.get(name);
      assert.ok(real && real.methods.length > 0, `${dts} declares no class ${name} with methods (the check would pass vacuously)`);
      const ours = mod[name] as (abstract new (...a: never[]) => unknown) | undefined;
      if (typeof ours !== 'function') {
        problems.push(`${shim}: no class ${name}`);
        continue;
      }
      const missing = [
        ...real.statics.filter((k) => !(k in ours)).map((k) => `static ${k}`),
        ...real.methods.filter((k) => !(k in ours.prototype)),
      ];
      if (missing.length) problems.push(`${shim} ${name} (for ${dts}) lacks: ${missing.join(', ')}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the stand-ins behave as the real code where they copy it (NamespacedValue, PushProcessor helpers)', async () => {
  type NV = { name: unknown; altName: unknown; matches(v: unknown): boolean; findIn(o: unknown): unknown; includedIn(a: unknown[]): boolean };
  type NVClass = new (s: unknown, u?: unknown) => NV;
  const realNv = fromSdk('matrix-events-sdk/lib/NamespacedValue.js') as Record<'NamespacedValue' | 'UnstableValue', NVClass>;
  const ourNv = (await import(pathToFileURL(join(SHIMS, 'matrix-events-sdk.ts')).href)) as Record<'NamespacedValue' | 'UnstableValue', NVClass>;
  const probes = ['m.a', 'org.x.a', '', null, undefined];
  const objects = [{ 'm.a': 1 }, { 'org.x.a': 2 }, { 'm.a': 0, 'org.x.a': 3 }, {}, null, undefined];
  for (const cls of ['NamespacedValue', 'UnstableValue'] as const) {
    for (const [s, u] of [['m.a', 'org.x.a'], ['m.a', undefined], [null, 'org.x.a'], [undefined, undefined], ['m.a', '']]) {
      const run = (C: NVClass) => {
        let v: NV;
        try {
          v = new C(s, u);
        } catch (e) {
          return `throws ${(e as Error).message}`;
        }
        return JSON.stringify([v.name, v.altName, probes.map((p) => v.matches(p)), objects.map((o) => v.findIn(o) ?? null), v.includedIn(['org.x.a']), v.includedIn(['m.a'])]);
      };
      assert.equal(run(ourNv[cls]), run(realNv[cls]), `${cls}(${s}, ${u})`);
    }
  }

  const { PushProcessor: Real } = await import(pathToFileURL(join(SDK_LIB, 'pushprocessor.js')).href);
  const { PushProcessor: Ours } = await import(pathToFileURL(join(SHIMS, 'pushprocessor.ts')).href);
  for (const key of ['content.body', 'content.m\\.relates_to', 'a\\\\b.c', 'x\\', 'a\\qb', '']) {
    assert.deepEqual(Ours.partsForDottedKey(key), Real.partsForDottedKey(key), key);
  }
  const actions = () => ['notify', { set_tweak: 'sound', value: 'default' }, { set_tweak: 'highlight' }, 'dont_notify'];
  assert.deepEqual(Ours.actionListToActionsObject(actions()), Real.actionListToActionsObject(actions()));
  for (const [glob, word] of [['*alice?', false], ['al.ce', true]] as const) {
    assert.equal(String(Ours.getPushRuleGlobRegex(glob, word)), String(Real.getPushRuleGlobRegex(glob, word)));
  }
  const rules = { global: { override: [{ rule_id: 'o', actions: [] }], room: [{ rule_id: 'r', actions: [] }], underride: [{ rule_id: 'u', actions: [] }] } };
  const client = { pushRules: rules, getSafeUserId: () => '@me:x', supportsIntentionalMentions: () => false };
  for (const id of ['o', 'r', 'u', 'none']) {
    assert.deepEqual(new Ours(client).getPushRuleAndKindById(id), new Real(client).getPushRuleAndKindById(id), id);
  }
});
