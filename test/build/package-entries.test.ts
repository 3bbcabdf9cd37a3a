/**
 * The public entry points stay in step: every src/elements/<name>.ts is in the loader's tag table (src/index.ts),
 * in package.json `exports` (with types), and a rollup entry (rollup.config.mjs reads the folder itself).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const elements = readdirSync(`${ROOT}src/elements`).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => f.slice(0, -3)).sort();
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
  exports: Record<string, { types: string; default: string } | string>; customElements: string; files: string[];
};

test('src/elements has one module per element, each defining its own tag', () => {
  assert.deepEqual(elements, ['chat-launcher', 'join-button', 'login', 'room']);
  for (const name of elements) {
    const src = readFileSync(`${ROOT}src/elements/${name}.ts`, 'utf8');
    assert.match(src, new RegExp(`defineElement\\('matrix-${name}', `), `${name}.ts defines <matrix-${name}>`);
    assert.equal(src.match(/defineElement\(/g)?.length, 1, `${name}.ts defines one tag`);
  }
});

test('the loader maps each tag to its element module, and nothing else', () => {
  const loader = readFileSync(`${ROOT}src/index.ts`, 'utf8');
  const table = [...loader.matchAll(/'(matrix-[a-z-]+)': \(\) => import\('\.\/elements\/([a-z-]+)\.ts'\)/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(table.map(([tag]) => tag).sort(), elements.map((e) => `matrix-${e}`));
  for (const [tag, file] of table) assert.equal(tag, `matrix-${file}`);
});

test('package.json exports the loader, all.js, classes.js and every element, each with its types, the framework typings and the manifest', () => {
  const frameworks = ['react', 'vue', 'svelte'];
  const expected = ['.', './all.js', './classes.js', './custom-elements.json', ...elements.map((e) => `./elements/${e}.js`), ...frameworks.map((f) => `./${f}`)];
  assert.deepEqual(Object.keys(pkg.exports).sort(), expected.sort());
  for (const e of elements) {
    assert.deepEqual(pkg.exports[`./elements/${e}.js`], { types: `./dist/types/elements/${e}.d.ts`, default: `./dist/elements/${e}.js` });
  }
  assert.deepEqual(pkg.exports['.'], { types: './dist/types/index.d.ts', default: './dist/matrix-embed.js' });
  assert.equal(pkg.exports['./custom-elements.json'], './custom-elements.json');
  // Types only: a framework's typings have no JavaScript (test/build/framework-types.test.ts checks them).
  for (const f of frameworks) assert.deepEqual(pkg.exports[`./${f}`], { types: `./dist/types/frameworks/${f}.d.ts` });
  assert.equal(pkg.customElements, 'custom-elements.json');
  assert.ok(pkg.files.includes('custom-elements.json'), 'the manifest is in the package');
});

test('the loader reads the stored session under the session store\'s own key', () => {
  const loader = readFileSync(`${ROOT}src/index.ts`, 'utf8');
  const keys = readFileSync(`${ROOT}src/session/storage-keys.ts`, 'utf8');
  const inLoader = /const STORED_SESSION_KEY = '([^']+)'/.exec(loader)?.[1];
  const inStore = /\bsession: '([^']+)'/.exec(keys)?.[1];
  assert.ok(inLoader && inStore, 'both keys found');
  assert.equal(inLoader, inStore);
});
