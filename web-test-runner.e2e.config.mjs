// End-to-end browser tests (npm run test:e2e): the same Chromium and plugins as web-test-runner.config.mjs, but
// against ANY homeserver with open m.login.dummy registration and guests, given by E2E_HOMESERVER (Synapse from
// ../shared/synapse, continuwuity, Dendrite, or our own `npm run homeserver`). Tests create their own users and
// rooms through the client-server API and find the server in globalThis.E2E.
import { spawnFaultProxy } from './test/helpers/spawn-homeserver.mjs';
import { commonConfig } from './test/helpers/wtr-common.mjs';

const homeserver = (process.env.E2E_HOMESERVER ?? '').replace(/\/+$/, '');
if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(homeserver)) {
  console.error(
    'npm run test:e2e needs E2E_HOMESERVER=http://127.0.0.1:PORT: a homeserver on this machine with open ' +
      'm.login.dummy registration and guests (e.g. ../shared/synapse, or `npm run homeserver -- --port PORT`).',
  );
  process.exit(1);
}
const answer = await fetch(`${homeserver}/_matrix/client/versions`).catch(() => undefined);
const versions = answer?.ok ? await answer.json().catch(() => undefined) : undefined;
if (!Array.isArray(versions?.versions)) {
  console.error(`E2E_HOMESERVER=${homeserver} does not answer /_matrix/client/versions like a Matrix homeserver.`);
  process.exit(1);
}
// Synapse says who it is in the Server header; tests note it in failures, never branch on it.
const server = answer.headers.get('server') ?? '';
console.log(`e2e: against ${homeserver} (${server || 'unknown server'}; spec ${versions.versions.at(-1)})`);

// The reliability scenarios (reliability.test.ts) reach the same server through the fault proxy, which answers
// the local homeserver's /_dev fault controls in front of it (network down, lost answers, 429s).
const proxy = await spawnFaultProxy(homeserver);

export default {
  ...commonConfig({ globals: { E2E: { homeserver, software: server, proxy: proxy.url } } }),
  files: ['test/e2e/**/*.test.ts'],
};
