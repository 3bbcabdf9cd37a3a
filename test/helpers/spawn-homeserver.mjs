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
  const child = spawn(process.execPath, ['--import', 'tsx', 'dev/homeserver/main.ts', '--port', '0', '--json', ...args], {
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
      const info = JSON.parse(line);
      resolve({ url: info.url, serverName: info.serverName, stop });
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`homeserver exited with code ${code} before listening`)));
  });
}
