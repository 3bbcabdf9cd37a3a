/**
 * `npm run bench`: builds matrix-embed and the baseline pages, starts the local homeserver and a static
 * server on 127.0.0.1, measures bytes, times and scale in headless Chromium, writes bench/results.json and
 * the table in BENCHMARKS.md, and exits 1 when a budget of issue 6 is exceeded. Not part of `npm test`.
 *
 * Options: --runs N (default 5)  --no-build (reuse bench/out)  --no-scale  --big N (default 10000)
 *          --burst N (default 1000)  --scroll-limit SECONDS (default 150)  --throttles 1,4
 *          --rtt MS (default 80; 0 for none) one more condition: 1× CPU with MS added to every request's round trip
 *          --only paint   only the entry, join-button and sign-in-form rows (bytes and first paint; a minute or
 *                         two): builds only the library and keeps every other row of bench/results.json from
 *                         the last full run, saying so in BENCHMARKS.md
 *          --accounts N,M (default 30,100; '' for none) the room count of alice's account for the account-size
 *                         rows (full runs only, after every other row: ours and the plain-SDK page at 1× CPU, 3 runs)
 *          --only room    only the live-room rows (<matrix-room> and the plain-SDK page side by side: times,
 *                         ratios, requests, the live room's bytes): builds the library and the plain-SDK page,
 *                         keeps every other row from bench/results.json, saying so in BENCHMARKS.md
 */
import { cpus, totalmem, release, type as osType } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, OUT, buildAll, type BuildResult } from './lib/build.ts';
import { fileBytes, kB, sum, type Bytes, type FileBytes } from './lib/bytes.ts';
import { launchBrowser } from './lib/browser.ts';
import { api, createRoom, injectMany, inject, login, resolveAlias, startHomeserver, textMessage, type Login } from './lib/matrix.ts';
import { entryPage, joinButtonPage, loginPage, roomPage } from './lib/pages.ts';
import {
  measureBurst, measureEntry, measureHydrogen, measureJoinButton, measureLoginForm, measurePlainSdk, measurePlainSdkRepeat, measureRoom, measureRoomRepeat,
  measureScrollBack, type BurstResult, type Env, type LoadedBytes, type PaintRun, type RequestSummary, type RoomRun,
  type ScrollBackResult,
} from './lib/scenarios.ts';
import { startStaticServer } from './lib/server.ts';
import { stat, round, type Stat } from './lib/stats.ts';
import { checkBudgets, type BudgetCheck } from './lib/budgets.ts';
import { writeReport } from './lib/report.ts';
import { conditionKey, conditionLabel, type Condition } from './lib/conditions.ts';

// --- options -------------------------------------------------------------------------------------------
const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const RUNS = Number(opt('--runs', '5'));
const BUILD = !argv.includes('--no-build');
const SCALE = !argv.includes('--no-scale');
const BIG = Number(opt('--big', '10000'));
const BURST = Number(opt('--burst', '1000'));
const SCROLL_LIMIT_MS = Number(opt('--scroll-limit', '150')) * 1000;
const THROTTLES = opt('--throttles', '1,4').split(',').map(Number);
const RTT_MS = Number(opt('--rtt', '80'));
/** What the first and repeat visits are timed under (bench/lib/conditions.ts): each CPU throttle, then one RTT. */
const ONE_X: Condition = { cpu: 1, rttMs: 0 };
const MEASURED: Condition[] = [...THROTTLES.map((cpu) => ({ cpu, rttMs: 0 })), ...(RTT_MS > 0 ? [{ cpu: 1, rttMs: RTT_MS }] : [])];
/** Full runs only: alice's account grown to this many joined rooms, the first and repeat visit timed again at each. */
const ACCOUNTS = opt('--accounts', '30,100').split(',').filter(Boolean).map(Number);
const ONLY = opt('--only', '');
if (ONLY && ONLY !== 'paint' && ONLY !== 'room') throw new Error(`--only ${ONLY}: the partial runs are --only paint and --only room`);
const PAINT_ONLY = ONLY === 'paint';
const ROOM_ONLY = ONLY === 'room';

const started = Date.now();
const log = (msg: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${msg}`);

const pkg = (name: string): string => {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
};

// --- results -------------------------------------------------------------------------------------------
export interface TimeFigures {
  joinButton: Stat | null;
  signInForm: Stat | null;
  room: Stat | null;
  plainSdk: Stat | null;
  /** median(ours) / median(plain SDK). */
  roomRatio: number | null;
  /** Ours on a signed-in repeat visit (HTTP cache on, the room painted from its cache), the plain-SDK page's, and the ratio. */
  roomRepeat?: Stat | null;
  /** The same repeat visit, to the element's own 20 messages (the loader's last screen handed over). */
  roomRepeatOwn?: Stat | null;
  plainSdkRepeat?: Stat | null;
  roomRepeatRatio?: number | null;
  sendShownMs: Stat | null;
  sendSentMs: Stat | null;
  hydrogen: number | null;
}

export interface AccountRow {
  /** Rooms alice is joined to. */
  rooms: number;
  room: Stat | null;
  plainSdk: Stat | null;
  roomRatio: number | null;
  roomRepeat: Stat | null;
  plainSdkRepeat: Stat | null;
  roomRepeatRatio: number | null;
}

export interface Results {
  date: string;
  durationSeconds: number;
  machine: { cpu: string; cores: number; memoryGB: number; os: string; node: string; chromium: string };
  versions: Record<string, string>;
  runs: number;
  builds: Record<string, { ms: number; files: FileBytes[]; total: Bytes }>;
  bytes: {
    entry: LoadedBytes | null;
    signInForm: LoadedBytes | null;
    joinButton: LoadedBytes | null;
    liveRoom: LoadedBytes | null;
    /** The live room after the visitor has sent a first message. */
    liveRoomAfterSend?: LoadedBytes | null;
    /** What the room page requested before its first 20 messages were painted. */
    liveRoomBeforePaint?: LoadedBytes | null;
    plainSdk: LoadedBytes | null;
    hydrogen: LoadedBytes | null;
    /** The SDK chunk was fetched on a page that should not need it. */
    sdkOnSignInForm: boolean | null;
    sdkOnJoinButton: boolean | null;
  };
  definedTags: string[];
  time: Record<string, TimeFigures>;
  requests: { room: RequestSummary | null; roomRepeat?: RequestSummary | null; plainSdk: RequestSummary | null; joinButton: RequestSummary | null; signInForm: RequestSummary | null };
  scale: { scrollBack: ScrollBackResult | null; burst: BurstResult | null };
  /** Rooms alice is joined to while the time rows run (the plain-SDK page's first /sync carries each). */
  accountRooms?: number;
  /** The first and repeat visit (1× CPU) again with alice in more rooms: what the plain-SDK page's first /sync carries grows. */
  accounts?: AccountRow[];
  hydrogenError?: string;
  /** How many messages Hydrogen's first screen held (its first sync; it loads more only on scroll). */
  hydrogenShown?: number;
  /** Set by `--only paint`: these rows are from this run, the others from the full run of `date`. */
  partial?: { date: string; rows: string[] };
  /** Set by `--only room`: these rows are from that run. */
  partialRoom?: { date: string; rows: string[] };
  errors: string[];
  budgets: BudgetCheck[];
}

async function main(): Promise<number> {
  const errors: string[] = [];
  const attempt = async <T>(what: string, f: () => Promise<T>): Promise<T | null> => {
    try {
      return await f();
    } catch (e) {
      const msg = `${what}: ${e instanceof Error ? e.message : String(e)}`.slice(0, 600);
      errors.push(msg);
      log(`ERROR ${msg}`);
      return null;
    }
  };

  // Homeserver and rooms (the 10,000-message room takes a while: it is filled while the builds run). `--only room`
  // makes them too: they are in alice's account, so the plain-SDK page's first /sync carries them, and a partial
  // run without them timed that page against a smaller account than the full run did.
  log('starting the homeserver');
  const hs = await startHomeserver();
  const user = { name: 'alice', password: 'password-alice' };
  const lobbyAlias = `#lobby:${hs.serverName}`;
  const lobbyId = await resolveAlias(hs, lobbyAlias);
  const owner = await login(hs, user.name, user.password);
  const senders = ['alice', 'bob', 'carol', 'dave'].map((u) => `@${u}:${hs.serverName}`);
  const bigAlias = `#bench-big:${hs.serverName}`;
  const burstAlias = `#bench-burst:${hs.serverName}`;
  const rooms = (async () => {
    if (PAINT_ONLY) return { burstId: '', bigId: undefined };
    const burstId = await createRoom(hs, owner, 'bench-burst', 'Burst room');
    await inject(hs, burstId, textMessage(owner.userId, 'Burst room opened'));
    let bigId: string | undefined;
    if (SCALE) {
      bigId = await createRoom(hs, owner, 'bench-big', 'Big room');
      const t0 = Date.now();
      await injectMany(hs, bigId, senders, BIG, 'Message', { concurrency: 16, spreadMs: 3 * 86_400_000 });
      log(`filled ${bigAlias} with ${BIG} messages in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
    return { burstId, bigId };
  })();

  // Builds, in parallel child processes.
  let builds: Record<string, BuildResult>;
  if (BUILD) {
    log('building matrix-embed (rollup.config.mjs) and the baselines (plain matrix-js-sdk, hydrogen-view-sdk)');
    builds = await buildAll(PAINT_ONLY ? ['library'] : ROOM_ONLY ? ['library', 'plain-sdk'] : ['library', 'plain-sdk', 'hydrogen']);
    log(`built in ${Object.values(builds).map((b) => `${b.name} ${(b.ms / 1000).toFixed(0)} s`).join(', ')}`);
  } else {
    if (!existsSync(join(OUT, 'dist/matrix-embed.js'))) throw new Error('--no-build, but bench/out/dist is empty: run without --no-build once');
    builds = {};
  }
  const buildFigures: Results['builds'] = {};
  for (const [name, b] of Object.entries(builds)) {
    const files = b.files.map((f) => fileBytes(join(b.dir, f), f));
    buildFigures[name] = { ms: b.ms, files, total: sum(files) };
  }

  const { burstId, bigId } = await rooms;
  const accountRooms = (await api<{ joined_rooms: string[] }>(hs, 'GET', '/_matrix/client/v3/joined_rooms', undefined, owner.accessToken)).joined_rooms.length;

  // Static server and pages.
  const server = await startStaticServer({
    '/dist/': join(OUT, 'dist'),
    '/baseline/plain-sdk/': join(OUT, 'plain-sdk'),
    '/baseline/hydrogen/': join(OUT, 'hydrogen'),
    '/hydrogen-assets/': join(ROOT, 'node_modules/hydrogen-view-sdk/asset-build/assets'),
    '/olm/': join(ROOT, 'node_modules/@matrix-org/olm'),
    '/hydrogen-sw/': join(ROOT, 'node_modules/hydrogen-view-sdk/lib-build'),
  });
  server.setPage('/entry.html', entryPage());
  server.setPage('/join.html', joinButtonPage(hs, lobbyAlias));
  server.setPage('/login.html', loginPage(hs));
  server.setPage('/room-lobby.html', roomPage(hs, lobbyAlias));
  server.setPage('/room-big.html', roomPage(hs, bigAlias));
  server.setPage('/room-burst.html', roomPage(hs, burstAlias));

  const browser = await launchBrowser();
  const env: Env = { browser, server, hs, lobby: { alias: lobbyAlias, roomId: lobbyId }, user, log };
  const chromium = await browser.version();
  log(`${chromium}; static server ${server.url}; homeserver ${hs.url}`);

  const results: Results = {
    date: new Date().toISOString(),
    durationSeconds: 0,
    machine: {
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      cores: cpus().length,
      memoryGB: Math.round(totalmem() / 1e9),
      os: `${osType()} ${release()}`,
      node: process.version,
      chromium,
    },
    versions: {
      'matrix-embed': (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
      lit: pkg('lit'),
      'matrix-js-sdk': pkg('matrix-js-sdk'),
      'hydrogen-view-sdk': pkg('hydrogen-view-sdk'),
      rollup: pkg('rollup'),
      terser: pkg('terser'),
      esbuild: pkg('esbuild'),
      'puppeteer-core': pkg('puppeteer-core'),
    },
    runs: RUNS,
    builds: buildFigures,
    bytes: { entry: null, signInForm: null, joinButton: null, liveRoom: null, plainSdk: null, hydrogen: null, sdkOnSignInForm: null, sdkOnJoinButton: null },
    definedTags: [],
    time: {},
    requests: { room: null, plainSdk: null, joinButton: null, signInForm: null },
    scale: { scrollBack: null, burst: null },
    accountRooms,
    errors,
    budgets: [],
  };

  try {
    // Entry.
    log('entry page');
    const entry = await attempt('entry page', () => measureEntry(env));
    if (entry) {
      results.bytes.entry = entry.loaded;
      results.definedTags = entry.tags;
      log(`entry: ${kB(entry.loaded.total.gzip)} kB gzip in ${entry.loaded.files.length} file(s); defined: ${entry.tags.join(', ')}`);
    }

    for (const cond of MEASURED) {
      const key = conditionKey(cond);
      const join: PaintRun[] = [];
      const signIn: PaintRun[] = [];
      const ours: RoomRun[] = [];
      const plain: PaintRun[] = [];
      const repeat: PaintRun[] = [];
      const plainRepeat: PaintRun[] = [];
      let joinMissing = false;
      for (let i = 0; i < RUNS; i++) {
        log(`${conditionLabel(key)}, run ${i + 1}/${RUNS}`);
        if (!joinMissing && !ROOM_ONLY) {
          const j = await attempt(`join button (${key})`, () => measureJoinButton(env, cond));
          if (j === null) joinMissing = true;
          else join.push(j);
        }
        const s = ROOM_ONLY ? null : await attempt(`sign-in form (${key})`, () => measureLoginForm(env, cond));
        if (s) signIn.push(s);
        if (PAINT_ONLY) continue;
        // Ours and the baseline alternate, so both see the same machine noise.
        const o = await attempt(`<matrix-room> (${key})`, () => measureRoom(env, cond, true));
        if (o) ours.push(o);
        const p = await attempt(`plain-SDK page (${key})`, () => measurePlainSdk(env, cond));
        if (p) plain.push(p);
        const rv = await attempt(`<matrix-room> repeat visit (${key})`, () => measureRoomRepeat(env, cond));
        if (rv) repeat.push(rv);
        const pv = await attempt(`plain-SDK page, repeat visit (${key})`, () => measurePlainSdkRepeat(env, cond));
        if (pv) plainRepeat.push(pv);
      }
      const room = stat(ours.map((r) => r.ms));
      const base = stat(plain.map((r) => r.ms));
      results.time[key] = {
        joinButton: stat(join.map((r) => r.ms)),
        signInForm: stat(signIn.map((r) => r.ms)),
        room,
        plainSdk: base,
        roomRatio: ratio(room, base),
        roomRepeat: stat(repeat.map((r) => r.ms)),
        roomRepeatOwn: stat(repeat.map((r) => r.ownMs ?? NaN)),
        plainSdkRepeat: stat(plainRepeat.map((r) => r.ms)),
        roomRepeatRatio: ratio(stat(repeat.map((r) => r.ms)), stat(plainRepeat.map((r) => r.ms))),
        sendShownMs: stat(ours.map((r) => r.send?.echoMs ?? NaN)),
        sendSentMs: stat(ours.map((r) => r.send?.sentMs ?? NaN)),
        hydrogen: null,
      };
      if (cond === MEASURED[0]) {
        results.bytes.joinButton = join[0]?.loaded ?? null;
        results.bytes.signInForm = signIn[0]?.loaded ?? null;
        results.bytes.liveRoom = ours[0]?.loaded ?? null;
        results.bytes.liveRoomAfterSend = ours[0]?.loadedWithSend ?? null;
        results.bytes.liveRoomBeforePaint = ours[0]?.loadedBeforePaint ?? null;
        results.bytes.plainSdk = plain[0]?.loaded ?? null;
        results.bytes.sdkOnJoinButton = join[0]?.sdkLoaded ?? null;
        results.bytes.sdkOnSignInForm = signIn[0]?.sdkLoaded ?? null;
        const median = <T extends PaintRun>(runs: T[]) => [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)];
        results.requests.room = ours.length ? median(ours).requests : null;
        results.requests.plainSdk = plain.length ? median(plain).requests : null;
        results.requests.roomRepeat = repeat.length ? median(repeat).requests : null;
        results.requests.joinButton = join.length ? median(join).requests : null;
        results.requests.signInForm = signIn.length ? median(signIn).requests : null;
      }
      const t = results.time[key];
      log(`${key}: room ${t.room?.median ?? '—'} ms vs plain SDK ${t.plainSdk?.median ?? '—'} ms (ratio ${t.roomRatio ?? '—'}; repeat visit ${t.roomRepeat?.median ?? '—'} ms vs ${t.plainSdkRepeat?.median ?? '—'} ms, ratio ${t.roomRepeatRatio ?? '—'}); join ${t.joinButton?.median ?? '—'} ms; sign-in ${t.signInForm?.median ?? '—'} ms; send ${t.sendSentMs?.median ?? '—'} ms`);
    }

    // Hydrogen (bytes as loaded; its time when it gets there), once at 1×.
    if (!PAINT_ONLY && !ROOM_ONLY) log('hydrogen-view-sdk page');
    const hyd = PAINT_ONLY || ROOM_ONLY ? null : await attempt('hydrogen page', () => measureHydrogen(env, 1));
    if (hyd) {
      results.bytes.hydrogen = hyd.loaded;
      if (results.time['1x']) results.time['1x'].hydrogen = hyd.ms === null ? null : round(hyd.ms);
      if (hyd.error) results.hydrogenError = hyd.error;
      if (hyd.shown !== undefined) results.hydrogenShown = hyd.shown;
    }

    if (SCALE && bigId && !ROOM_ONLY) {
      log(`scale: scroll back through ${BIG} messages (limit ${SCROLL_LIMIT_MS / 1000} s)`);
      results.scale.scrollBack = await attempt('scroll-back', () => measureScrollBack(env, bigAlias, BIG, SCROLL_LIMIT_MS));
      log(`scale: burst of ${BURST} messages in one sync`);
      results.scale.burst = await attempt('burst', () => measureBurst(env, burstId, BURST));
    }
    if (!PAINT_ONLY && !ROOM_ONLY && ACCOUNTS.length) results.accounts = (await attempt('account sizes', () => measureAccounts(env, owner, senders))) ?? undefined;
  } finally {
    await browser.close().catch(() => {});
    await server.close();
    hs.stop();
  }

  if (PAINT_ONLY) mergeIntoLastFullRun(results);
  if (ROOM_ONLY) mergeRoomIntoLastRun(results);
  results.budgets = checkBudgets({
    entryGzip: results.bytes.entry?.total.gzip ?? null,
    joinButtonGzip: results.bytes.joinButton?.total.gzip ?? null,
    signInFormGzip: results.bytes.signInForm?.total.gzip ?? null,
    liveRoomGzip: results.bytes.liveRoom?.total.gzip ?? null,
    roomRatio: Object.fromEntries(Object.entries(results.time).map(([k, t]) => [k, t.roomRatio])),
    roomRepeatRatio: Object.fromEntries(Object.entries(results.time).map(([k, t]) => [k, t.roomRepeatRatio ?? null])),
    scrollBack: SCALE || PAINT_ONLY || ROOM_ONLY ? results.scale.scrollBack : null,
  });
  results.durationSeconds = Math.round((Date.now() - started) / 1000);
  const table = writeReport(results);
  console.log(`\n${table}\n`);
  const failed = results.budgets.filter((b) => !b.pass);
  if (failed.length) {
    console.error(`npm run bench: ${failed.length} budget(s) exceeded:`);
    for (const b of failed) console.error(`  ✗ ${b.name}: ${b.actual} (limit ${b.limit})${b.over ? `, over by ${b.over}` : ''}${b.note ? ` — ${b.note}` : ''}`);
    return 1;
  }
  console.log('npm run bench: every budget met.');
  return 0;
}

/** median(ours) / median(plain SDK), when both were measured. */
const ratio = (ours: Stat | null | undefined, plain: Stat | null | undefined) => (ours && plain ? round(ours.median / plain.median, 3) : null);

/**
 * The account-size rows: rooms of 20 messages each are added to alice's account until it holds each size of
 * `--accounts`, and ours and the plain-SDK page are timed again there (first and repeat visit, 1× CPU, 3 runs,
 * alternating). Ours asks for one room before its first paint; the plain page's first /sync carries every room.
 */
async function measureAccounts(env: Env, owner: Login, senders: string[]): Promise<AccountRow[]> {
  const rows: AccountRow[] = [];
  let made = 0;
  for (const size of ACCOUNTS) {
    const joined = (await api<{ joined_rooms: string[] }>(env.hs, 'GET', '/_matrix/client/v3/joined_rooms', undefined, owner.accessToken)).joined_rooms.length;
    for (let n = joined; n < size; n++) {
      made++;
      const id = await createRoom(env.hs, owner, `bench-account-${made}`, `Account room ${made}`);
      await injectMany(env.hs, id, senders, 20, `Account room ${made} message`, { concurrency: 4 });
    }
    env.log(`account of ${size} rooms (${made} added)`);
    const ours: number[] = [], plain: number[] = [], repeat: number[] = [], plainRepeat: number[] = [];
    for (let i = 0; i < 3; i++) {
      const o = await measureRoom(env, ONE_X, false);
      if (o) ours.push(o.ms);
      plain.push((await measurePlainSdk(env, ONE_X)).ms);
      const r = await measureRoomRepeat(env, ONE_X);
      if (r) repeat.push(r.ms);
      plainRepeat.push((await measurePlainSdkRepeat(env, ONE_X)).ms);
    }
    const [room, plainSdk, roomRepeat, plainSdkRepeat] = [ours, plain, repeat, plainRepeat].map(stat);
    const row: AccountRow = { rooms: size, room, plainSdk, roomRatio: ratio(room, plainSdk), roomRepeat, plainSdkRepeat, roomRepeatRatio: ratio(roomRepeat, plainSdkRepeat) };
    env.log(`account of ${size} rooms: first visit ${row.room?.median} vs ${row.plainSdk?.median} ms (${row.roomRatio}), repeat ${row.roomRepeat?.median} vs ${row.plainSdkRepeat?.median} ms (${row.roomRepeatRatio})`);
    rows.push(row);
  }
  return rows;
}

/**
 * `--only paint`: the rows this run measured (entry, join button, sign-in form: bytes, first-paint times and
 * requests, the library build) replace those of bench/results.json; every other row stays as the last full run
 * measured it, and `partial` says which rows are new.
 */
function mergeIntoLastFullRun(results: Results): void {
  const file = join(ROOT, 'bench/results.json');
  if (!existsSync(file)) throw new Error('--only paint needs bench/results.json from a full run');
  const last = JSON.parse(readFileSync(file, 'utf8')) as Results;
  const merged: Results = {
    ...last,
    partial: { date: results.date, rows: ['entry', 'join button', 'sign-in form', 'library build'] },
    date: last.date,
    machine: results.machine,
    versions: results.versions,
    builds: { ...last.builds, ...results.builds },
    bytes: {
      ...last.bytes,
      entry: results.bytes.entry,
      joinButton: results.bytes.joinButton,
      signInForm: results.bytes.signInForm,
      sdkOnJoinButton: results.bytes.sdkOnJoinButton,
      sdkOnSignInForm: results.bytes.sdkOnSignInForm,
    },
    definedTags: results.definedTags,
    time: Object.fromEntries(
      [...new Set([...Object.keys(last.time), ...Object.keys(results.time)])].map((k) => [
        k,
        { ...(last.time[k] ?? results.time[k]), joinButton: results.time[k]?.joinButton ?? null, signInForm: results.time[k]?.signInForm ?? null },
      ]),
    ),
    requests: { ...last.requests, joinButton: results.requests.joinButton, signInForm: results.requests.signInForm },
    errors: results.errors,
  };
  Object.assign(results, merged);
}

/**
 * `--only room`: the live-room rows this run measured (ours and the plain-SDK page: times, ratios, send times,
 * requests, the live room's and the plain SDK's bytes, their builds) replace those of bench/results.json; every
 * other row stays as it was, and `partial` says which rows are new.
 */
function mergeRoomIntoLastRun(results: Results): void {
  const file = join(ROOT, 'bench/results.json');
  if (!existsSync(file)) throw new Error('--only room needs bench/results.json from a full run');
  const last = JSON.parse(readFileSync(file, 'utf8')) as Results;
  const merged: Results = {
    ...last,
    // The library was built again: its build row is this run's now.
    partial: last.partial && { ...last.partial, rows: last.partial.rows.filter((row) => row !== 'library build') },
    partialRoom: { date: results.date, rows: ['live room (times, requests, bytes)', 'repeat visit', 'plain-SDK page', 'ratios ours / plain SDK', 'library and plain-SDK builds'] },
    date: last.date,
    machine: results.machine,
    versions: results.versions,
    builds: { ...last.builds, ...results.builds },
    bytes: {
      ...last.bytes,
      liveRoom: results.bytes.liveRoom,
      liveRoomAfterSend: results.bytes.liveRoomAfterSend,
      liveRoomBeforePaint: results.bytes.liveRoomBeforePaint,
      plainSdk: results.bytes.plainSdk,
    },
    time: Object.fromEntries(
      [...new Set([...Object.keys(last.time), ...Object.keys(results.time)])].map((k) => {
        const fresh = results.time[k];
        const old = last.time[k] ?? fresh;
        return [k, fresh ? { ...old, room: fresh.room, plainSdk: fresh.plainSdk, roomRatio: fresh.roomRatio, roomRepeat: fresh.roomRepeat, roomRepeatOwn: fresh.roomRepeatOwn, plainSdkRepeat: fresh.plainSdkRepeat, roomRepeatRatio: fresh.roomRepeatRatio, sendShownMs: fresh.sendShownMs, sendSentMs: fresh.sendSentMs } : old];
      }),
    ),
    requests: { ...last.requests, room: results.requests.room, plainSdk: results.requests.plainSdk, roomRepeat: results.requests.roomRepeat },
    errors: results.errors,
  };
  Object.assign(results, merged);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error('npm run bench failed:', e);
    process.exit(2);
  },
);
