// A @web/dev-server plugin shared by web-test-runner.config.mjs and dev/start.ts (npm start).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build as esbuildBuild } from 'esbuild';
import { SDK_SHIMS_DIR, sdkShimFor } from '../src/session/sdk-shims/aliases.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const requireFromRoot = createRequire(root);

/**
 * matrix-js-sdk (loaded lazily by src/session/sdk.ts) imports CommonJS packages (unhomoglyph, sdp-transform,
 * events, loglevel, ...). The production build converts them with @rollup/plugin-commonjs, which does not run
 * inside @web/dev-server, so for the test runner and the demo server esbuild bundles each CommonJS file under
 * node_modules into an ES module with a default export plus the named exports Node sees on `module.exports`,
 * and JSON files are served as modules.
 */
export function cjsToEsm() {
  const looksCjs = (body) =>
    /\bmodule\.exports\b|\bexports\.[\w$]+\s*=|\brequire\s*\(/.test(body) && !/^\s*(?:import\s*[\w{*'"]|export\s)/m.test(body);
  return {
    name: 'cjs-to-esm-in-node-modules',
    resolveMimeType(context) {
      if (context.path.includes('/node_modules/') && context.path.endsWith('.json')) return 'js';
    },
    async transform(context) {
      if (!context.path.includes('/node_modules/')) return;
      if (context.path.endsWith('.json')) return { body: `export default ${context.body};` };
      if (!/\.c?js$/.test(context.path) || typeof context.body !== 'string' || !looksCjs(context.body)) return;
      const file = root + decodeURIComponent(context.path).replace(/^\//, '');
      const out = await esbuildBuild({
        entryPoints: [file], bundle: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent',
        target: 'es2022', legalComments: 'none', define: { 'process.env.NODE_ENV': '"test"', global: 'globalThis' },
      });
      let code = out.outputFiles[0].text;
      let names = [];
      try {
        const mod = requireFromRoot(file);
        if (mod && (typeof mod === 'object' || typeof mod === 'function')) {
          names = Object.keys(mod).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default');
        }
      } catch {
        // Not loadable in Node: default export only.
      }
      code = code.replace(/export default (require_[\w$]+\(\));/, (_m, call) =>
        `const __cjs = ${call};\nexport default __cjs;\n` +
        (names.length ? `export const { ${names.join(', ')} } = __cjs;\n` : ''));
      return { body: code };
    },
  };
}

/**
 * Serves matrix-js-sdk with the stand-ins of src/session/sdk-shims/aliases.mjs in place of the modules
 * matrix-embed leaves out — the same list rollup.config.mjs uses, so tests and demos run what ships. Imports
 * written inside node_modules/matrix-js-sdk/lib/ (relative, bare, or `import()`) are rewritten to the stand-in's
 * URL under /src/session/sdk-shims/ (TypeScript, compiled by the esbuild plugin like the rest of src/).
 * Register it before node-resolve (the dev server appends that one after the configured plugins).
 */
export function sdkShims() {
  return {
    name: 'matrix-embed-sdk-shims',
    resolveImport({ source, context }) {
      const shim = sdkShimFor(source, decodeURIComponent(context.path));
      return shim ? `/${SDK_SHIMS_DIR}${shim}` : undefined;
    },
  };
}
