// One ES module a plain <script type="module"> can load, plus lazy chunks beside it. Chunks are imported with
// relative specifiers, which browsers resolve against the importing module's URL, so the bundle works from
// any CDN path without an import map.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import json from '@rollup/plugin-json';
import esbuild from 'rollup-plugin-esbuild';
import terser from '@rollup/plugin-terser';
import { fileURLToPath } from 'node:url';
import { SDK_SHIMS_DIR, rollupSdkShims } from './src/session/sdk-shims/aliases.mjs';

/**
 * Replaces the matrix-js-sdk modules matrix-embed never uses (VoIP, MatrixRTC, the SDK's OAuth client, the
 * encryption module, …) with the small stand-ins listed in src/session/sdk-shims/aliases.mjs — the same list
 * the dev/test server uses (dev/cjs-to-esm.mjs), so the browser tests run what ships. The build fails when an
 * entry of that list replaced nothing (a renamed SDK file would otherwise ship the real module).
 */
const sdkShims = () => rollupSdkShims({ dir: fileURLToPath(new URL(SDK_SHIMS_DIR, import.meta.url)) });

/** Modules rollup may drop when nothing imported from them is used (see `treeshake` below). */
const SIDE_EFFECT_FREE = /[\\/]node_modules[\\/](matrix-widget-api|matrix-events-sdk|sdp-transform)[\\/]/;

export default {
  input: { 'matrix-embed': 'src/index.ts' },
  // The lazy chunks import lit and shared helpers from the entry. With the default ('exports-only', i.e. strict for
  // an entry with exports) rollup would move the whole entry into a shared chunk behind a 0.5 kB re-export facade,
  // costing every page a second round trip before anything paints; extra internal exports are harmless.
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: 'dist',
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
  },
  treeshake: {
    // CommonJS/ESM dependencies of matrix-js-sdk that run nothing at import time but are not marked
    // side-effect free by their packages, so rollup kept them whole although matrix-embed never calls them:
    // matrix-widget-api (only for RoomWidgetClient, i.e. running inside Element as a widget), matrix-events-sdk
    // (extensible events) and sdp-transform (VoIP). See BENCHMARKS.md and bench/analyze-sdk.ts.
    moduleSideEffects: (id) => !SIDE_EFFECT_FREE.test(id),
  },
  plugins: [
    sdkShims(),
    // preferBuiltins: false — this bundle runs in browsers, so npm's `events` package is the one wanted.
    nodeResolve({ browser: true, preferBuiltins: false, exportConditions: ['browser', 'import', 'default'] }),
    commonjs(),
    // matrix-js-sdk's unhomoglyph dependency requires its confusables table as JSON.
    json({ preferConst: true }),
    esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' }),
    terser({ format: { comments: false }, ecma: 2022, module: true }),
  ],
};
