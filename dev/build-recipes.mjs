// `npm run build`, last step: bundles the React recipe (recipes/react/app.jsx, with React, which ships CommonJS
// only) into recipes/react/dist/app.js (gitignored), the file recipes/react/index.html loads and
// test/browser/recipes/react.test.ts runs. A site does the same with its own bundler.
import { build } from 'esbuild';

await build({
  entryPoints: [new URL('../recipes/react/app.jsx', import.meta.url).pathname],
  outfile: new URL('../recipes/react/dist/app.js', import.meta.url).pathname,
  bundle: true,
  format: 'esm',
  jsx: 'automatic',
  target: 'es2022',
  minify: true,
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
