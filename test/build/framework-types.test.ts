/**
 * The generated React 19, Vue 3 and Svelte 5 typings (dev/framework-types.mjs, from custom-elements.json) compile
 * in an app that imports them through the package's exports, and they are strict: each sample has
 * `@ts-expect-error` lines (a wrong size, a number for `room`, a detail field that does not exist) that make the
 * check fail if an attribute or event ever becomes `any`. Regenerates the typings first, so a stale file is never
 * checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

test('the framework typings cover every element, and the React, Vue and Svelte samples type-check', () => {
  execFileSync('npx', ['cem', 'analyze', '--quiet'], { cwd: ROOT, stdio: 'pipe' });
  execFileSync(process.execPath, ['dev/framework-types.mjs'], { cwd: ROOT, stdio: 'pipe' });
  for (const framework of ['react', 'vue', 'svelte']) {
    const text = readFileSync(`${ROOT}dist/types/frameworks/${framework}.d.ts`, 'utf8');
    for (const tag of ['matrix-login', 'matrix-room', 'matrix-join-button', 'matrix-chat-launcher']) {
      assert.ok(text.includes(`"${tag}"`), `${framework}.d.ts has <${tag}>`);
    }
  }
  try {
    execFileSync('npx', ['tsc', '-p', 'test/build/framework-samples/tsconfig.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch (e) {
    const out = e as { stdout?: Buffer; stderr?: Buffer };
    assert.fail(`the framework samples do not type-check:\n${out.stdout?.toString()}${out.stderr?.toString()}`);
  }
});
