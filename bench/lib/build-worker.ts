/** One build in its own process (see buildAll): `node --import tsx bench/lib/build-worker.ts <name>`. */
import { BUILDS, type BuildName } from './build.ts';

const name = process.argv[2] as BuildName;
if (!(name in BUILDS)) {
  console.error(`unknown build ${name}; one of ${Object.keys(BUILDS).join(', ')}`);
  process.exit(2);
}
const result = await BUILDS[name]();
console.log(JSON.stringify(result));
