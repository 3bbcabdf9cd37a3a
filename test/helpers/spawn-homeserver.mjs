// Starts the local homeserver (dev/homeserver) as a child process on a free port and resolves with its URL
// once it is listening. Used by the browser-test config and the benchmark, which run as plain Node scripts.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * @param {string[]} args extra command-line options for dev/homeserver/main.ts
 * @returns {Promise<{url: string, serverName: string, stop: () => void}>}
 */
export function spawnHomeserver(args = []) {
  return spawnListening('dev/homeserver/main.ts', ['--port', '0', '--json', ...args]);
}

/**
 * The fault proxy (dev/fault-proxy.ts) in front of `upstream`, on a free port: the `/_dev` fault controls for a
 * homeserver we did not write (the end-to-end suite's reliability scenarios).
 * @param {string} upstream the homeserver's base URL
 * @returns {Promise<{url: string, stop: () => void}>}
 */
export function spawnFaultProxy(upstream) {
  return spawnListening('dev/fault-proxy.ts', ['--upstream', upstream, '--port', '0', '--json']);
}

/** Runs a dev server script under tsx and resolves with the JSON line it prints once listening. */
function spawnListening(script, args) {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () => child.kill('SIGTERM');
  process.once('exit', stop);
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk) => {
      buffer += chunk;
      const line = buffer.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve({ ...JSON.parse(line), stop });
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${script} exited with code ${code} before listening`)));
  });
}
