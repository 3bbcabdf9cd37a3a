// Browser tests: real Chromium (Debian's), real HTTP against our own local homeservers, started here on
// free ports. Tests import src/ (never dist/) and find the servers in globalThis.MATRIX_TEST.
import { existsSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { spawnHomeserver } from './test/helpers/spawn-homeserver.mjs';
import { cjsToEsm, sdkShims } from './dev/cjs-to-esm.mjs';

const chromePath = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']
  .filter(Boolean)
  .find((p) => existsSync(p));
if (!chromePath) {
  console.error('No Chromium found. Install it (apt-get install -y chromium) or set CHROME_PATH to a Chrome binary.');
  process.exit(1);
}

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

/**
 * `homeserver-page`: drives a page the homeserver itself serves (OAuth sign-in / create-account page, SSO page,
 * UIA fallback page) the way a person would: in the real browser, by typing into the fields its <label>s name
 * and clicking its buttons. Those pages live on the homeserver's origin, which test code cannot script, so the
 * test opens them (a popup, as the widget's full-page redirect or fallback window would) and asks this command,
 * which reaches them through the browser's DevTools protocol. Nothing on the homeserver knows it is a test.
 *
 * Payload: `{ url, read?: true }` -> `{ title, text, labels, buttons }` of the page whose address starts with
 * `url`; `{ url, fill?: {label: value}, check?: [label], submit: buttonText }` -> fills, ticks, clicks.
 * Addresses are never returned (they carry codes and tokens).
 */
function homeserverPagePlugin() {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  async function findFrame(session, url, timeoutMs) {
    const page = session.browser.getPage(session.id);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const p of await page.browserContext().pages()) {
        for (const f of p.frames()) {
          if (!f.url().startsWith(url)) continue;
          try {
            if (await f.evaluate(() => document.readyState === 'complete' && !!document.body)) return f;
          } catch {
            // Navigating: try again.
          }
        }
      }
      if (Date.now() > deadline) throw new Error(`homeserver-page: no page at ${url} after ${timeoutMs} ms`);
      await sleep(50);
    }
  }
  const describe = () => {
    const norm = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
    return {
      title: document.title,
      text: norm(document.body.innerText),
      labels: [...document.querySelectorAll('label')].map((l) => norm(l.textContent)),
      buttons: [...document.querySelectorAll('button')].map((b) => norm(b.textContent)),
    };
  };
  return {
    name: 'homeserver-page-command',
    async executeCommand({ command, payload, session }) {
      if (command !== 'homeserver-page') return undefined;
      if (session.browser.type !== 'puppeteer') throw new Error('homeserver-page needs the Chrome launcher');
      const timeoutMs = payload.timeoutMs ?? 15000;
      if (payload.read) {
        // A page caught mid-navigation (after a form post) has no document to read yet: find it again.
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          try {
            return await (await findFrame(session, payload.url, timeoutMs)).evaluate(describe);
          } catch (e) {
            if (Date.now() > deadline || !/context was destroyed|detached|navigat/i.test(String(e))) throw e;
            await sleep(50);
          }
        }
      }
      const frame = await findFrame(session, payload.url, timeoutMs);
      const idFor = (label) =>
        frame.evaluate((text) => {
          const norm = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
          const l = [...document.querySelectorAll('label')].find((x) => norm(x.textContent) === text);
          return l?.htmlFor || null;
        }, label);
      for (const [label, value] of Object.entries(payload.fill ?? {})) {
        const id = await idFor(label);
        if (!id) throw new Error(`homeserver-page: no field labelled "${label}"`);
        await frame.click(`[id="${id}"]`, { count: 3 });
        await frame.type(`[id="${id}"]`, String(value));
      }
      for (const label of payload.check ?? []) {
        const id = await idFor(label);
        if (!id) throw new Error(`homeserver-page: no checkbox labelled "${label}"`);
        await frame.click(`[id="${id}"]`);
      }
      if (payload.submit) {
        const buttons = await frame.$$('button');
        let target;
        for (const b of buttons) {
          const text = await b.evaluate((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim());
          if (text === payload.submit) target = b;
        }
        if (!target) throw new Error(`homeserver-page: no button "${payload.submit}"`);
        await target.click();
      }
      return true;
    },
  };
}

/** The strict policy of SECURITY.md, served on the CSP test pages: the widget must run under it with no violation. */
export const STRICT_CSP =
  "script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'";

const headless = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

export default {
  files: ['src/**/*.test.ts', 'test/browser/**/*.test.ts'],
  nodeResolve: { browser: true, exportConditions: ['browser', 'import', 'default'] },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    sdkShims(),
    cjsToEsm(),
    homeserverPagePlugin(),
  ],
  middleware: [
    // The built bundle as a CDN would serve it, under a path of its own (test/browser/loader/dist*.test.ts):
    // /test-cdn/<anything>/<anything>/X -> dist/X. Under /test-cdn/without-elements/ the element modules are
    // missing (404), as on a CDN that is still uploading.
    (ctx, next) => {
      const m = /^\/test-cdn\/([^/]+)\/[^/]+\/(.*)$/.exec(ctx.path);
      if (m) ctx.path = m[1] === 'without-elements' && m[2].startsWith('elements/') ? '/dist/missing/' : `/dist/${m[2]}`;
      return next();
    },
    (ctx, next) => {
      if (ctx.path.startsWith('/test/browser/csp/') && ctx.path.endsWith('.html')) {
        ctx.set('Content-Security-Policy', STRICT_CSP);
      }
      return next();
    },
  ],
  browsers: [chromeLauncher({ launchOptions: { executablePath: chromePath, headless: true, args: headless } })],
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 60000,
  testsStartTimeout: 60000,
  testsFinishTimeout: 180000,
  testFramework: { config: { timeout: 20000 } },
  testRunnerHtml: (testFramework) => `<!doctype html>
<html><head><meta charset="utf-8"></head><body>
<script>globalThis.MATRIX_TEST = ${JSON.stringify({ homeservers })};</script>
<script type="module" src="${testFramework}"></script>
</body></html>`,
};
