// The confusables table of the `unhomoglyph` package (its data.json: one character → its prototype), loaded
// lazily by confusables.ts. Declared here because the project does not turn on `resolveJsonModule`.
declare module 'unhomoglyph/data.json' {
  const table: Record<string, string>;
  export default table;
}
