// One ES module a plain <script type="module"> can load, plus lazy chunks beside it. Chunks are imported with
// relative specifiers, which browsers resolve against the importing module's URL, so the bundle works from
// any CDN path without an import map.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import json from '@rollup/plugin-json';
import esbuild from 'rollup-plugin-esbuild';
import terser from '@rollup/plugin-terser';

export default {
  input: { 'matrix-embed': 'src/index.ts' },
  output: {
    dir: 'dist',
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
  },
  plugins: [
    // preferBuiltins: false — this bundle runs in browsers, so npm's `events` package is the one wanted.
    nodeResolve({ browser: true, preferBuiltins: false, exportConditions: ['browser', 'import', 'default'] }),
    commonjs(),
    // matrix-js-sdk's unhomoglyph dependency requires its confusables table as JSON.
    json({ preferConst: true }),
    esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' }),
    terser({ format: { comments: false }, ecma: 2022, module: true }),
  ],
};
