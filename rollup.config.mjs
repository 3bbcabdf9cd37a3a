// One ES module a plain <script type="module"> can load, plus lazy chunks beside it. Chunks are imported with
// relative specifiers, which browsers resolve against the importing module's URL, so the bundle works from
// any CDN path without an import map.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import json from '@rollup/plugin-json';
import esbuild from 'rollup-plugin-esbuild';
import terser from '@rollup/plugin-terser';
import { fileURLToPath } from 'node:url';
import { readdirSync } from 'node:fs';
import MagicString from 'magic-string';
import { SDK_SHIMS_DIR, rollupSdkShims } from './src/session/sdk-shims/aliases.mjs';

/**
 * Replaces the matrix-js-sdk modules matrix-embed never uses (VoIP, MatrixRTC, the SDK's OAuth client, the
 * encryption module, …) with the small stand-ins listed in src/session/sdk-shims/aliases.mjs — the same list
 * the dev/test server uses (dev/cjs-to-esm.mjs), so the browser tests run what ships. The build fails when an
 * entry of that list replaced nothing (a renamed SDK file would otherwise ship the real module).
 */
const sdkShims = () => rollupSdkShims({ dir: fileURLToPath(new URL(SDK_SHIMS_DIR, import.meta.url)) });

/** One entry per element (src/elements/<tag minus "matrix-">.ts -> dist/elements/<same>.js). */
const elementEntries = Object.fromEntries(
  readdirSync(new URL('./src/elements/', import.meta.url))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => [`elements/${f.slice(0, -3)}`, `src/elements/${f}`]),
);

/**
 * Each public `dist/elements/<tag>.js` is a facade, `export * from` its element's module, so that module lands in
 * a hashed chunk: the loader imports that chunk itself. A hashed file is cached for a year; an unhashed one is
 * revalidated on every visit, one round trip before the room's code could run (80 ms of a repeat visit at 80 ms
 * RTT). Bundlers importing `matrix-embed/elements/<tag>.js` get the same module through the facade.
 */
const FACADE = '\0element-facade:';
function elementFacades() {
  return {
    name: 'matrix-embed-element-facades',
    resolveId: (id) => (id.startsWith(FACADE) ? id : null),
    load: (id) => (id.startsWith(FACADE) ? `export * from ${JSON.stringify(id.slice(FACADE.length))};` : null),
  };
}
const facadeEntries = Object.fromEntries(
  Object.entries(elementEntries).map(([name, file]) => [name, FACADE + fileURLToPath(new URL(file, import.meta.url))]),
);

/**
 * Puts the code that EVERY element imports statically (Lit, the SDK-free session, the base helpers, shared
 * styles) into one chunk, `chunks/core-*.js`. Left alone, rollup splits it by which entries use each module
 * (Lit + styles, the session, define.ts, …: the loader's lazy getSession() alone makes the session its own
 * chunk), so every page fetched several small files and compressed each on its own.
 */
function coreChunk() {
  let core;
  return (id, { getModuleInfo }) => {
    if (!core) {
      const reach = (entry) => {
        const seen = new Set();
        const stack = [entry];
        while (stack.length) {
          const m = getModuleInfo(stack.pop());
          if (!m || seen.has(m.id)) continue;
          seen.add(m.id);
          stack.push(...m.importedIds);
        }
        return seen;
      };
      const sets = Object.values(elementEntries).map((f) => reach(fileURLToPath(new URL(f, import.meta.url))));
      core = new Set([...sets[0]].filter((m) => sets.every((s) => s.has(m)) && !Object.values(elementEntries).some((f) => m.endsWith(f))));
    }
    return core.has(id) ? 'core' : undefined;
  };
}

/**
 * Drops the translators' notes from `msg('…', { desc: '…' })`: `lit-localize extract` reads them from the source
 * into the XLIFF files; at run time they are bytes nobody reads (the lookup uses the message, not its note).
 */
function stripMessageNotes() {
  const NOTE = /,\s*\{\s*desc:\s*'(?:[^'\\]|\\.)*'\s*\}\s*\)/g;
  return {
    name: 'strip-message-notes',
    transform(code, id) {
      if (!id.includes('/src/') || !/\.ts$/.test(id) || !code.includes('desc:')) return null;
      return { code: code.replace(NOTE, ')'), map: null };
    },
  };
}

/**
 * Minifies the CSS of our own `css\`...\`` templates (src/**\/*.styles.ts, src/styles/): comments and
 * indentation would otherwise ship as written, since terser keeps template strings verbatim. Conservative on
 * purpose: only comments and whitespace go (runs of it, around `{ } ; >`, after `:`; not after commas, which `var()`
 * fallbacks keep as written), quoted strings are left as they are, and `${...}` (a token from src/styles/tokens.ts)
 * is kept verbatim with the space around it, so `1px solid ${t.border}` stays two words.
 * test/browser/loader/dist.test.ts compares the rules the browser parses from the build and from the source.
 */
function minifyCss() {
  const FILE = /[\\/]src[\\/](?:.*\.styles\.ts|styles[\\/][^\\/]+\.ts)$/;
  const squeeze = (text) =>
    text
      // Comments first, read with the strings so that neither hides the other: an apostrophe in a comment ("the
      // page's text") is not a quote, which used to keep every comment after one in the build.
      .replace(/\/\*[\s\S]*?\*\/|'[^'\n]*'|"[^"\n]*"/g, (m) => (m.startsWith('/*') ? ' ' : m))
      .split(/('[^'\n]*'|"[^"\n]*")/)
      .map((part, i) => (i % 2 ? part : part.replace(/\s+/g, ' ').replace(/ ?([{};>]) ?/g, '$1').replace(/: /g, ':')))
      .join('')
      .replace(/;}/g, '}');
  // Only the static text between interpolations is squeezed; the expressions are JavaScript, not CSS.
  const squeezeTemplate = (body) =>
    body
      .split(/(\$\{[^{}`]*\})/)
      .map((part, i) => (i % 2 ? part : squeeze(part)))
      .join('')
      .trim();
  return {
    name: 'matrix-embed-minify-css',
    transform(code, id) {
      if (!FILE.test(id)) return null;
      return {
        code: code.replace(/\bcss`([^`]*)`/g, (all, body) => {
          if (body.replace(/\$\{[^{}`]*\}/g, '').includes('${')) this.error(`${id}: a css template with a nested \${...} is not minified`);
          return `css\`${squeezeTemplate(body)}\``;
        }),
        map: null,
      };
    },
  };
}

/**
 * Writes into the loader (src/index.ts, `SIGNED_IN_NEXT`) the chunk files a signed-in visitor's element imports
 * dynamically next, with the chunks they import in turn (its `'__preload:<tag>__'` marker becomes the list of files,
 * relative to the loader), so that the loader can `modulepreload` them beside the element's own module. A list
 * of URLs rather than an `import()` from the loader: an import there would change how rollup splits the shared
 * chunks (it did: the join button's first paint grew by 0.7 kB). Runs after terser, on the final code; rollup
 * then replaces the files' hash placeholders like its own. The build fails when a marker or a module is not found.
 */
function signedInPreloads(targets) {
  return {
    name: 'matrix-embed-signed-in-preloads',
    renderChunk(code, chunk, _options, { chunks }) {
      if (chunk.fileName !== 'matrix-embed.js') return null;
      const out = new MagicString(code);
      for (const [tag, modules] of Object.entries(targets)) {
        const marker = new RegExp(`(["'\`])__preload:${tag}__\\1`).exec(code);
        if (!marker) this.error(`signed-in preloads: no marker for <${tag}> in the loader`);
        const files = new Set();
        const add = (fileName) => {
          if (files.has(fileName) || fileName === chunk.fileName) return;
          files.add(fileName);
          for (const next of chunks[fileName]?.imports ?? []) add(next);
        };
        for (const suffix of modules) {
          const home = Object.values(chunks).find((c) => c.facadeModuleId?.replaceAll('\\', '/').includes(suffix))
            ?? Object.values(chunks).find((c) => c.moduleIds.some((id) => id.replaceAll('\\', '/').includes(suffix)));
          if (!home) this.error(`signed-in preloads: no chunk holds ${suffix}`);
          add(home.fileName);
        }
        out.overwrite(marker.index, marker.index + marker[0].length, [...files].map((f) => JSON.stringify(f)).join(','));
      }
      return { code: out.toString(), map: out.generateMap({ hires: true }) };
    },
  };
}

/** Modules rollup may drop when nothing imported from them is used (see `treeshake` below). */
const SIDE_EFFECT_FREE = /[\\/]node_modules[\\/](matrix-widget-api|matrix-events-sdk|sdp-transform)[\\/]/;

export default {
  // The script-tag loader, everything at once, the classes alone, and one module per element. Code that two of
  // them share goes into chunks under chunks/, so no page downloads Lit or the session twice.
  input: { 'matrix-embed': 'src/index.ts', all: 'src/all.ts', classes: 'src/classes.ts', ...facadeEntries },
  // Entries export exactly what their source exports: rollup may not make an entry the home of shared code
  // (classes.js importing from elements/login.js would define <matrix-login>; the loader would grow).
  preserveEntrySignatures: 'strict',
  output: {
    dir: 'dist',
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    manualChunks: coreChunk(),
    // Chunks under 2 kB (a helper two elements share) are merged into a bigger chunk the same pages load: the room
    // page requested 12 files before its first paint, 9 now, the join button 7 -> 6 (+0.4 kB gzip). On HTTP/1.1
    // (six connections) that is one round trip less; on a repeat visit, fewer modules to instantiate.
    experimentalMinChunkSize: 2_000,
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
    elementFacades(),
    sdkShims(),
    minifyCss(),
    stripMessageNotes(),
    // preferBuiltins: false — this bundle runs in browsers, so npm's `events` package is the one wanted.
    nodeResolve({ browser: true, preferBuiltins: false, exportConditions: ['browser', 'import', 'default'] }),
    commonjs(),
    // matrix-js-sdk's unhomoglyph dependency requires its confusables table as JSON.
    json({ preferConst: true }),
    esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' }),
    terser({ format: { comments: false }, ecma: 2022, module: true }),
    // <matrix-room> for a signed-in visitor: its room's model, its tiles and the link finder they use.
    signedInPreloads({ 'matrix-room': ['src/session/room-model.ts', 'src/render/tiles/registry.ts', 'node_modules/linkify-it/'] }),
  ],
};
