// What the two browser-test configurations share: web-test-runner.config.mjs (our own homeservers, spawned
// there) and web-test-runner.e2e.config.mjs (any homeserver, given by E2E_HOMESERVER). One Chromium, one set of
// plugins, one set of timeouts; each config adds its files, its middleware and the globals its tests read.
import { existsSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { a11ySnapshotPlugin } from '@web/test-runner-commands/plugins';
import { cjsToEsm, sdkShims } from '../../dev/cjs-to-esm.mjs';

const chromePath = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']
  .filter(Boolean)
  .find((p) => existsSync(p));
if (!chromePath) {
  console.error('No Chromium found. Install it (apt-get install -y chromium) or set CHROME_PATH to a Chrome binary.');
  process.exit(1);
}

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

const headless = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/**
 * `offline`: the visitor's network goes away and comes back, as a phone's does on a train. `{ offline: true,
 * origins: [...] }` makes every request from the test page to those origins (the homeservers) fail as Chromium
 * fails them without a network (`net::ERR_INTERNET_DISCONNECTED`, through the DevTools protocol's Fetch domain,
 * so nothing on the page knows it is a test) and fires the page's `offline` event; `{ offline: false }` lets them
 * through again and fires `online`. Only those origins: Chromium's own offline mode would also cut the test
 * runner's connection to the page. Requests already waiting (a long-polling /sync) are cut by the test with the
 * homeserver's timed drop.
 */
function offlinePlugin() {
  const cdpBySession = new Map();
  return {
    name: 'offline-command',
    async executeCommand({ command, payload, session }) {
      if (command !== 'offline') return undefined;
      if (session.browser.type !== 'puppeteer') throw new Error('offline needs the Chrome launcher');
      const page = session.browser.getPage(session.id);
      const previous = cdpBySession.get(session.id);
      if (previous) {
        cdpBySession.delete(session.id);
        await previous.send('Fetch.disable').catch(() => {});
        await previous.detach().catch(() => {});
      }
      if (payload?.offline === true) {
        const cdp = await page.createCDPSession();
        cdp.on('Fetch.requestPaused', ({ requestId }) => {
          cdp.send('Fetch.failRequest', { requestId, errorReason: 'InternetDisconnected' }).catch(() => {});
        });
        await cdp.send('Fetch.enable', { patterns: (payload.origins ?? []).map((o) => ({ urlPattern: `${o}/*` })) });
        cdpBySession.set(session.id, cdp);
      }
      await page.evaluate((on) => dispatchEvent(new Event(on ? 'offline' : 'online')), payload?.offline === true);
      return true;
    },
  };
}

/**
 * The settings both configs use. `globals` is serialized into every test page as `globalThis[name]` before the
 * test framework loads, so tests find their servers there.
 */
export function commonConfig({ globals }) {
  const script = Object.entries(globals)
    .map(([name, value]) => `globalThis.${name} = ${JSON.stringify(value)};`)
    .join('\n');
  return {
    nodeResolve: { browser: true, exportConditions: ['browser', 'import', 'default'] },
    plugins: [
      esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
      sdkShims(),
      cjsToEsm(),
      homeserverPagePlugin(),
      offlinePlugin(),
      // `a11ySnapshot()`: Chromium's own accessibility tree, for accessible names that come from slotted content.
      a11ySnapshotPlugin(),
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
<script>${script}</script>
<script type="module" src="${testFramework}"></script>
</body></html>`,
  };
}
