/**
 * Stand-in for the `unhomoglyph` package as matrix-js-sdk imports it (`lib/utils.js`: `removeHiddenChars()` and
 * `normalize()`, behind `RoomMember.name` disambiguation, `RoomState.getUserIdsWithDisplayName()` and
 * `Room.normalizedName`). The real package carries a 6,311-entry confusables table (~75 kB minified), which
 * the SDK would load with every client.
 *
 * Safe: matrix-embed never shows the SDK's disambiguated names — it shows `rawDisplayName` through its own
 * `disambiguateDisplayNames()` (src/session/display-names.ts), which compares names by their full Unicode skeleton and
 * loads the real table lazily the first time a name is not ASCII. Here the SDK keeps the table's ASCII
 * entries (`I`/`1`/`|` → `l`, `0` → `O`, `m` → `rn`, …: exactly what the full table does to ASCII text), so its
 * internal keys stay deterministic; non-ASCII look-alikes are not folded by the SDK.
 */
export default function unhomoglyph(str: string): string {
  return str.replace(ASCII_CONFUSABLE, (c) => ASCII_CONFUSABLES[c]);
}

/**
 * The ASCII entries of unhomoglyph 1.0.6's table: a copy of `ASCII_CONFUSABLES` in src/session/confusables.ts
 * (a copy, so that this chunk imports nothing from the entry module; names.test.ts checks both against the
 * installed table).
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
