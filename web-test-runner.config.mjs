// Browser tests: real Chromium (Debian's), real HTTP against our own local homeservers, started here on
// free ports. Tests import src/ (never dist/) and find the servers in globalThis.MATRIX_TEST.
import { existsSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { spawnHomeserver } from './test/helpers/spawn-homeserver.mjs';

const chromePath = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']
  .filter(Boolean)
  .find((p) => existsSync(p));
if (!chromePath) {
  console.error('No Chromium found. Install it (apt-get install -y chromium) or set CHROME_PATH to a Chrome binary.');
  process.exit(1);
}

// One server per configuration the widget must handle: both auth APIs with guests (like a self-hosted Synapse
// with MAS compatibility), OAuth-only without guests (like matrix.org), legacy-only with frozen
// unauthenticated media, and a second server whose name is its own address (for discovery from a user ID).
const [main, oauth, legacy, second] = await Promise.all([
  spawnHomeserver(['--auth', 'both', '--faults']),
  spawnHomeserver(['--auth', 'oauth', '--no-guests', '--server-name', 'auto', '--faults']),
  spawnHomeserver(['--auth', 'legacy', '--no-legacy-media', '--server-name', 'auto', '--faults']),
  spawnHomeserver(['--auth', 'legacy', '--server-name', 'auto', '--faults', '--no-seed']),
]);
const homeservers = {
  main: { url: main.url, serverName: main.serverName },
  oauth: { url: oauth.url, serverName: oauth.serverName },
  legacy: { url: legacy.url, serverName: legacy.serverName },
  second: { url: second.url, serverName: second.serverName },
};

const headless = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

export default {
  files: ['src/**/*.test.ts', 'test/browser/**/*.test.ts'],
  nodeResolve: { browser: true, exportConditions: ['browser', 'import', 'default'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
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
