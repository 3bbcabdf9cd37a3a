/**
 * hydrogen-view-sdk's minimal embed, as its README shows it: Platform + Client, password sign-in, then a
 * RoomViewModel and a TimelineView for one room. Bundled by bench/lib/build.ts with rollup + terser; the page
 * also loads the SDK's required theme CSS and olm (hydrogen imports olm.js and loads olm.wasm at start).
 */
import {
  Client,
  createNavigation,
  createRouter,
  FeatureSet,
  LoadStatus,
  Platform,
  RoomViewModel,
  TimelineView,
  viewClassForTile,
} from 'hydrogen-view-sdk';

interface BenchConfig {
  baseUrl: string;
  user: string;
  password: string;
  roomId: string;
  assets: string;
  olm: string;
  serviceWorker: string;
}

const config = (globalThis as unknown as { BENCH_CONFIG: BenchConfig }).BENCH_CONFIG;

async function main(): Promise<void> {
  const app = document.querySelector<HTMLDivElement>('#app')!;
  const assetPaths = {
    downloadSandbox: `${config.assets}/download-sandbox.html`,
    worker: `${config.assets}/main.js`,
    olm: { wasm: `${config.olm}/olm.wasm`, legacyBundle: `${config.olm}/olm_legacy.js`, wasmBundle: `${config.olm}/olm.js` },
    serviceWorker: config.serviceWorker,
  };
  const platform = new Platform({ container: app, assetPaths, config: {}, options: { development: false } });
  const navigation = createNavigation();
  platform.setNavigation(navigation);
  await platform.init();
  const urlRouter = createRouter({ navigation, history: platform.history });
  urlRouter.attach();
  const client = new Client(platform);
  const loginOptions = await client.queryLogin(config.baseUrl).result;
  client.loadStatus.subscribe((s: string) => (document.body.dataset.status = s));
  client.startWithLogin(loginOptions.password(config.user, config.password));
  await client.loadStatus.waitFor((s: string) => s === LoadStatus.Ready || s === LoadStatus.Error || s === LoadStatus.LoginFailed).promise;
  if (client.loginFailure || client.loadError) throw new Error(String(client.loginFailure ?? client.loadError?.message));
  const { session } = client;
  const room = session.rooms.get(config.roomId);
  if (!room) throw new Error(`not joined to ${config.roomId}`);
  const features = await FeatureSet.load(platform.settingsStorage);
  const vm = new RoomViewModel({ room, ownUserId: session.userId, platform, urlRouter, navigation, features });
  await vm.load();
  const view = new TimelineView(vm.timelineViewModel, viewClassForTile);
  app.appendChild(view.mount());
  // Hydrogen shows what its first sync brought (its sync filter sets no timeline limit: the server's default,
  // 10 events on Synapse and ours) and loads older messages only as the reader scrolls up: the bench times this
  // first screen and says how many messages it held, rather than 20, which Hydrogen never shows by itself.
  requestAnimationFrame(() => (document.body.dataset.shown = String(app.querySelectorAll('.Timeline_messageBody').length)));
}

main().catch((e: unknown) => {
  document.body.dataset.error = String(e);
  console.error(e);
});
