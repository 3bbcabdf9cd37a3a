/**
 * Look-alike ("confusable") characters, for telling apart display names that look the same (SECURITY.md:
 * display names must be disambiguated). The table is the `unhomoglyph` package's (Unicode's confusables.txt,
 * 6,311 entries, ~75 kB minified), loaded with `import()` only the first time a name is not plain ASCII.
 * Plain-ASCII text needs only the table's ASCII entries, kept inline below.
 *
 * We import the package's `data.json` and map it ourselves, one code point at a time, rather than importing its
 * CommonJS `index.js`: the result is the same for every code point (its keys are all single code points; a test
 * checks against the package), and the lazy chunk is then plain data that shares no CommonJS helper chunk with
 * the matrix-js-sdk chunk (an extra request on the way to a live room).
 */

/**
 * Every entry of unhomoglyph 1.0.6's `data.json` whose key is ASCII — all 8 of them (checked by a test in
 * names.test.ts against the installed table: for any ASCII string, `asciiSkeleton(s) === unhomoglyph(s)`).
 * Every key is one character, so a string with only ASCII characters is mapped by these entries alone.
 * (src/session/sdk-shims/unhomoglyph.ts keeps its own copy, so the matrix-js-sdk chunk imports nothing from the
 * entry module; the same test checks it.)
 */
export const ASCII_CONFUSABLES: Readonly<Record<string, string>> = {
  '"': "''",
  '%': 'º/₀',
  '0': 'O',
  '1': 'l',
  I: 'l',
  '`': "'",
  m: 'rn',
  '|': 'l',
};
const ASCII_CONFUSABLE = /["%01I`m|]/g;

/** `unhomoglyph` restricted to its ASCII entries: identical to it for ASCII text; other characters are kept. */
export function asciiSkeleton(text: string): string {
  return text.replace(ASCII_CONFUSABLE, (c) => ASCII_CONFUSABLES[c]);
}

/** True when `text` has a character outside ASCII (so the full table is needed to compare it). */
export function hasNonAscii(text: string): boolean {
  return /[^\u0000-\u007F]/.test(text);
}

let full: ((text: string) => string) | undefined;
let loading: Promise<(text: string) => string> | undefined;

/** The full table's mapping, if it has been loaded. */
export function loadedSkeleton(): ((text: string) => string) | undefined {
  return full;
}

/** Loads the full table once (a lazy chunk); resolves with the mapping. A failed load can be retried. */
export function loadSkeleton(): Promise<(text: string) => string> {
  loading ??= import('unhomoglyph/data.json').then(
    ({ default: table }) =>
      (full = (text) => {
        let out = '';
        for (const ch of text) out += Object.hasOwn(table, ch) ? table[ch] : ch;
        return out;
      }),
    (e: unknown) => {
      loading = undefined;
      throw e;
    },
  );
  return loading;
}
