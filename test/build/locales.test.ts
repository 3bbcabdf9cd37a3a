/**
 * The shipped languages are complete and current: `lit-localize extract` (run here into a scratch copy, so the
 * committed files are not touched) finds no message in the source that `xliff/de.xlf` or `xliff/fr.xlf` lacks a
 * translation for, and `lit-localize build` writes exactly the committed `src/locales/*.ts`. Adding an English
 * string without its German and French fails here; so does editing an XLIFF file without rebuilding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const config = JSON.parse(readFileSync(join(ROOT, 'lit-localize.json'), 'utf8')) as { targetLocales: string[] };
const scratch = mkdtempSync(join(tmpdir(), 'matrix-embed-locales-'));
cpSync(join(ROOT, 'xliff'), join(scratch, 'xliff'), { recursive: true });
const scratchConfig = join(ROOT, `.lit-localize.scratch-${process.pid}.json`);
writeFileSync(scratchConfig, JSON.stringify({
  ...config,
  output: { mode: 'runtime', outputDir: join(scratch, 'locales'), localeCodesModule: join(scratch, 'locales/locale-codes.ts'), language: 'ts' },
  interchange: { format: 'xliff', xliffDir: join(scratch, 'xliff') },
}));
const cli = (command: string) => execFileSync('npx', ['lit-localize', command, '--config', scratchConfig], { cwd: ROOT, stdio: 'pipe' }).toString();
try {
  cli('extract');
  cli('build');
} finally {
  rmSync(scratchConfig);
}

interface Unit { id: string; source: string; target?: string }
function units(xlf: string): Unit[] {
  return [...xlf.matchAll(/<trans-unit id="([^"]+)">([\s\S]*?)<\/trans-unit>/g)].map(([, id, body]) => ({
    id,
    source: body.match(/<source>([\s\S]*?)<\/source>/)![1],
    target: body.match(/<target>([\s\S]*?)<\/target>/)?.[1],
  }));
}
const placeholders = (s: string) => [...s.matchAll(/<x id="(\d+)"/g)].map((m) => m[1]).sort();

test('German and French are shipped', () => {
  assert.deepEqual([...config.targetLocales].sort(), ['de', 'fr']);
});

for (const locale of config.targetLocales) {
  test(`${locale}: every message of the source has a translation, with the same placeholders`, () => {
    const all = units(readFileSync(join(scratch, 'xliff', `${locale}.xlf`), 'utf8'));
    assert.ok(all.length > 300, `found the messages (${all.length})`);
    const missing = all.filter((u) => !u.target?.trim()).map((u) => u.source);
    assert.deepEqual(missing, [], `untranslated in ${locale}.xlf (run \`npm run localize\`, then translate)`);
    for (const u of all) assert.deepEqual(placeholders(u.target!), placeholders(u.source), `${locale} ${u.id}: ${u.target}`);
  });

  test(`${locale}: the committed XLIFF and src/locales/${locale}.ts are what lit-localize writes`, () => {
    assert.equal(readFileSync(join(ROOT, 'xliff', `${locale}.xlf`), 'utf8'), readFileSync(join(scratch, 'xliff', `${locale}.xlf`), 'utf8'),
      'xliff is stale: run `npm run localize`');
    assert.equal(readFileSync(join(ROOT, 'src/locales', `${locale}.ts`), 'utf8'), readFileSync(join(scratch, 'locales', `${locale}.ts`), 'utf8'),
      'src/locales is stale: run `npm run localize`');
  });
}

test('the scratch copy held the same files as the repo', () => {
  assert.deepEqual(readdirSync(join(scratch, 'xliff')).sort(), readdirSync(join(ROOT, 'xliff')).sort());
  rmSync(scratch, { recursive: true, force: true });
});
