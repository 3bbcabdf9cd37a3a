// The one-way dependencies of ARCHITECTURE.md, checked over the import graph: `session/` (the shared state) is
// DOM-free and Lit-free, so it imports nothing from `render/` or `components/`, and no Lit package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs)$/.test(e.name) && !/\.test\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports: static `import … from`, `export … from`, and `import()`. */
function specifiers(code: string): string[] {
  const out: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /^\s*import\s*['"]([^'"]+)['"]/gm];
  for (const re of patterns) for (const m of code.matchAll(re)) out.push(m[1]);
  return out;
}

test('src/session imports nothing from render/, components/ or Lit', () => {
  const violations: string[] = [];
  const files = sourceFiles(join(src, 'session'));
  assert.ok(files.length > 10, 'found the session modules');
  for (const file of files) {
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      const lit = spec === 'lit' || spec.startsWith('lit/') || spec.startsWith('@lit/') || spec.startsWith('lit-');
      const target = spec.startsWith('.') ? relative(src, resolve(dirname(file), spec)) : '';
      if (lit || /^(render|components|context)[\\/]/.test(target)) violations.push(`${relative(root, file)} imports ${spec}`);
    }
  }
  assert.deepEqual(violations, []);
});

test('the import scan sees static, re-exported and dynamic imports', () => {
  const code = `import { a } from '../render/x.ts';\nexport * from "lit";\nconst m = () => import('../components/y.ts');\nimport './side.ts';`;
  assert.deepEqual(specifiers(code).sort(), ['../components/y.ts', '../render/x.ts', './side.ts', 'lit'].sort());
});

test('<matrix-room> renders and forwards: its element file stays small, the lifecycle lives in session/room-view.ts', () => {
  const lines = readFileSync(join(src, 'components/room/room.ts'), 'utf8').split('\n').length;
  assert.ok(lines < 450, `room.ts has ${lines} lines`);
});

test('one join implementation: only session/join.ts calls the SDK to join a room', () => {
  const callers = [...sourceFiles(src)].filter((f) => /\.joinRoom\(/.test(readFileSync(f, 'utf8'))).map((f) => relative(src, f));
  assert.deepEqual(callers, [join('session', 'join.ts')]);
});

test('components never talk to matrix-js-sdk: none imports it or the SDK loader (session/ does)', () => {
  const offenders = sourceFiles(join(src, 'components')).filter((f) =>
    specifiers(readFileSync(f, 'utf8')).some((s) => s === 'matrix-js-sdk' || s.startsWith('matrix-js-sdk/') || /session\/sdk\.ts$/.test(s)),
  ).map((f) => relative(src, f));
  assert.deepEqual(offenders, []);
});

test('every element renders in its own language: each extends LocalizedElement, none LitElement directly', () => {
  const elements = sourceFiles(join(src, 'components')).filter((f) => /export class Matrix\w+ extends /.test(readFileSync(f, 'utf8')));
  assert.equal(elements.length, 4, 'found the four elements');
  for (const f of elements) assert.match(readFileSync(f, 'utf8'), /export class Matrix\w+ extends LocalizedElement \{/, relative(src, f));
});

test('one way to write a sentence: no component, tile or session module imports @lit/localize itself', () => {
  // The lookup is installed into session/texts.ts by internal/localize-runtime.ts; everything else uses msg() from there.
  const offenders = sourceFiles(src).filter((f) => !/internal[\\/]localize-runtime\.ts$|[\\/]locales[\\/]/.test(f))
    .filter((f) => specifiers(readFileSync(f, 'utf8')).some((s) => s.startsWith('@lit/localize')))
    .map((f) => relative(src, f));
  assert.deepEqual(offenders, []);
});

test("no Lit decorators in src/: reactive properties are declared with static properties (see internal/localized-element.ts)", () => {
  // esbuild lowers decorated accessors to private fields, WeakMaps and a copy of its decorator helpers per chunk:
  // about 1.5 kB gzip of an element's first paint, and the join button's first paint is held to 25 kB.
  const violations = sourceFiles(src).filter((file) => {
    const code = readFileSync(file, 'utf8');
    return specifiers(code).some((s) => s.startsWith('lit/decorators') || s.startsWith('@lit/reactive-element/decorators')) || /^\s*@(property|state|query\w*|customElement)\(/m.test(code);
  });
  assert.deepEqual(violations.map((f) => relative(root, f)), []);
});
