// Browser tests: real Chromium (Debian's), real HTTP against our own local homeservers, started here on
// free ports. Tests import src/ (never dist/) and find the servers in globalThis.MATRIX_TEST.
import { readdirSync } from 'node:fs';
import { spawnHomeserver } from './test/helpers/spawn-homeserver.mjs';
import { commonConfig } from './test/helpers/wtr-common.mjs';
import { recipesMiddleware, recipesPlugin } from './test/helpers/recipes.mjs';

// One server per configuration the widget must handle: both auth APIs with guests (like a self-hosted Synapse
// with MAS compatibility), OAuth-only without guests (like matrix.org), legacy-only with frozen
// unauthenticated media, a second server whose name is its own address (for discovery from a user ID), and one
// whose registration requires the UIA stages beyond m.login.dummy; and one whose access tokens live 6 s, so a
// test can watch a page stay signed in across several token lifetimes.
const [main, oauth, legacy, second, uia, refresh] = await Promise.all([
  spawnHomeserver(['--auth', 'both', '--faults']),
  spawnHomeserver(['--auth', 'oauth', '--no-guests', '--server-name', 'auto', '--faults']),
  spawnHomeserver(['--auth', 'legacy', '--no-legacy-media', '--server-name', 'auto', '--faults']),
  spawnHomeserver(['--auth', 'legacy', '--server-name', 'auto', '--faults', '--no-seed']),
  // Registration that needs every UIA stage the widget handles: terms + registration token in one flow, and a
  // flow whose only stage (recaptcha) is completed through the spec's fallback page.
  spawnHomeserver([
    '--auth', 'legacy', '--server-name', 'auto', '--faults', '--no-seed',
    '--registration-flows', 'm.login.terms,m.login.registration_token|m.login.recaptcha',
  ]),
  spawnHomeserver(['--auth', 'both', '--server-name', 'auto', '--faults', '--no-seed', '--token-lifetime', '6000']),
]);
const homeservers = {
  main: { url: main.url, serverName: main.serverName },
  oauth: { url: oauth.url, serverName: oauth.serverName },
  legacy: { url: legacy.url, serverName: legacy.serverName },
  second: { url: second.url, serverName: second.serverName },
  uia: { url: uia.url, serverName: uia.serverName },
  refresh: { url: refresh.url, serverName: refresh.serverName },
};

/** The strict policy of SECURITY.md, served on the CSP test pages: the widget must run under it with no violation. */
export const STRICT_CSP =
  "script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'";

/**
 * The demo pages (demo/*.html) as `npm start` serves them, for the tests that open them in a frame
 * (test/browser/a11y/demo.test.ts): `/demo/config.js` is generated as dev/start.ts generates it, pointing at
 * the main test homeserver, which is seeded like the demo's (#lobby, #docs, #private).
 */
function demoConfigPlugin(hs) {
  return {
    name: 'matrix-embed-demo-config',
    serve(context) {
      if (context.path !== '/demo/config.js') return undefined;
      const pages = readdirSync(new URL('./demo/', import.meta.url))
        .filter((f) => f.endsWith('.html') && f !== 'index.html')
        .sort()
        .map((file) => ({ file, title: file }));
      const body =
        `export const homeserver = ${JSON.stringify({ url: hs.url, serverName: hs.serverName })};\n` +
        `export const pages = ${JSON.stringify(pages)};\n`;
      return { body, type: 'js', headers: { 'Cache-Control': 'no-store' } };
    },
  };
}

const common = commonConfig({ globals: { MATRIX_TEST: { homeservers } } });

export default {
  ...common,
  plugins: [...common.plugins, demoConfigPlugin(homeservers.main), recipesPlugin(homeservers.main)],
  files: ['src/**/*.test.ts', 'test/browser/**/*.test.ts'],
  middleware: [
    // recipes/*: the CDN path of the package -> dist/, with the strict CSP (test/helpers/recipes.mjs).
    recipesMiddleware(STRICT_CSP),
    // The built bundle as a CDN would serve it, under a path of its own (test/browser/loader/dist*.test.ts):
    // /test-cdn/<anything>/<anything>/X -> dist/X. Under /test-cdn/without-elements/ the element modules are
    // missing (404), and the chunks that hold them, as on a CDN that is still uploading.
    // Under /test-cdn/slow-elements/ every chunk but the loader's early one comes 1.5 s late, as on a slow network.
    async (ctx, next) => {
      const m = /^\/test-cdn\/([^/]+)\/[^/]+\/(.*)$/.exec(ctx.path);
      if (m) ctx.path = m[1] === 'without-elements' && /^(elements|chunks)\//.test(m[2]) ? '/dist/missing/' : `/dist/${m[2]}`;
      if (m?.[1] === 'slow-elements' && /^chunks\/(?!early-requests-)/.test(m[2])) await new Promise((r) => setTimeout(r, 1500));
      return next();
    },
    (ctx, next) => {
      if (ctx.path.startsWith('/test/browser/csp/') && ctx.path.endsWith('.html')) {
        ctx.set('Content-Security-Policy', STRICT_CSP);
      }
      return next();
    },
  ],
};
