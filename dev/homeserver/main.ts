/** `npm run homeserver`: starts the local homeserver from the command line. */
import { parseArgs } from './options.ts';
import { startHomeserver } from './server.ts';

const { json, ...options } = parseArgs(process.argv.slice(2));
const running = await startHomeserver(options);
if (json) {
  console.log(JSON.stringify({ url: running.url, serverName: running.serverName }));
} else {
  console.log(`Local Matrix homeserver "${running.serverName}" listening on ${running.url} (auth: ${options.auth})`);
  console.log(`Try: curl ${running.url}/_matrix/client/versions`);
}
const stop = async () => {
  await running.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
