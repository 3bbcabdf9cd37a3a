/** What the bench measures, one function per scenario. Each opens fresh pages through lib/browser.ts. */
import type { Browser } from 'puppeteer-core';
import { bytesOf, fileBytes, sum, type Bytes, type FileBytes } from './bytes.ts';
import { describeRequest, openProbe, type Probe, type RequestRecord } from './browser.ts';
import { CONDITIONS, hydrogenPage, plainSdkPage, signedInInit } from './pages.ts';
import { api, inject, injectMany, login, textMessage, type Homeserver, type Login } from './matrix.ts';
import type { StaticServer } from './server.ts';
import { round } from './stats.ts';
import type { Condition } from './conditions.ts';

export interface Env {
  browser: Browser;
  server: StaticServer;
  hs: Homeserver;
  /** `#lobby:<serverName>` and its room ID. */
  lobby: { alias: string; roomId: string };
  user: { name: string; password: string };
  log(msg: string): void;
}

export interface LoadedBytes {
  files: FileBytes[];
  total: Bytes;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Bytes of every script / style / wasm file the page fetched from the static server (not the HTML page). */
export function loadedBytes(env: Env, requests: RequestRecord[]): LoadedBytes {
  const seen = new Set<string>();
  const files: FileBytes[] = [];
  for (const r of requests) {
    if (r.preflight || r.type === 'Document') continue;
    const u = new URL(r.url);
    if (u.origin !== env.server.url || seen.has(u.pathname)) continue;
    seen.add(u.pathname);
    const file = env.server.fileFor(u.pathname);
    if (file && /\.(m?js|css|wasm)$/.test(file)) files.push(fileBytes(file, u.pathname));
  }
  return { files, total: sum(files) };
}

/** Waits until the page has requested nothing new from the static server for `quietMs`. */
async function staticQuiet(env: Env, probe: Probe, quietMs = 700, maxMs = 15_000): Promise<void> {
  const count = () => probe.requests.filter((r) => r.url.startsWith(env.server.url)).length;
  const end = Date.now() + maxMs;
  let last = count();
  let since = Date.now();
  while (Date.now() < end) {
    await sleep(100);
    const n = count();
    if (n !== last) {
      last = n;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
}

export interface RequestSummary {
  /** Requests to the homeserver (CORS preflights not counted). */
  count: number;
  preflights: number;
  list: string[];
  /** Files from the page's own server (scripts etc.). */
  staticFiles: string[];
}

/** The requests that started before `epochMs`. */
export function requestsBefore(env: Env, requests: RequestRecord[], epochMs: number): RequestSummary {
  const before = requests.filter((r) => r.startMs <= epochMs);
  const hs = before.filter((r) => r.url.startsWith(env.hs.url));
  return {
    count: hs.filter((r) => !r.preflight).length,
    preflights: hs.filter((r) => r.preflight).length,
    list: hs.filter((r) => !r.preflight).map(describeRequest),
    staticFiles: before.filter((r) => r.url.startsWith(env.server.url) && r.type !== 'Document').map((r) => new URL(r.url).pathname),
  };
}

/** Does the page define `tag` (the loader imports its module once the tag is on the page), within 30 s? */
async function defined(probe: Probe, tag: string): Promise<boolean> {
  await probe.mark('ran', 30_000);
  return probe.page.evaluate(`Promise.race([
    customElements.whenDefined(${JSON.stringify(tag)}).then(() => true),
    new Promise((resolve) => setTimeout(() => resolve(false), 30000)),
  ])`) as Promise<boolean>;
}

// --- entry -----------------------------------------------------------------------------------------------

export async function measureEntry(env: Env): Promise<{ loaded: LoadedBytes; definedMs: number; tags: string[] }> {
  const probe = await openProbe(env.browser, `${env.server.url}/entry.html`, { throttle: 1, marks: { ran: CONDITIONS.ran } });
  try {
    const definedMs = await probe.mark('ran', 30_000);
    await staticQuiet(env, probe);
    const tags = (await probe.page.evaluate(
      `['matrix-login','matrix-room','matrix-join-button','matrix-chat-launcher'].filter((t) => customElements.get(t))`,
    )) as string[];
    return { loaded: loadedBytes(env, probe.requests), definedMs: round(definedMs), tags };
  } finally {
    await probe.close();
  }
}

// --- join button -----------------------------------------------------------------------------------------

export interface PaintRun {
  ms: number;
  /** Files requested before the paint. */
  loaded: LoadedBytes;
  /** Every file requested until the page was quiet (first-paint scenarios only). */
  loadedAll?: LoadedBytes;
  requests: RequestSummary;
  /** matrix-js-sdk (the big lazy chunk) was fetched. */
  sdkLoaded: boolean;
  /** Repeat visits of `<matrix-room>`: the same 20 messages from the element itself (the last screen handed over). */
  ownMs?: number;
}

/**
 * Time to the first paint of a page holding one element, what it loaded and what it asked the homeserver.
 * Returns null when the element is not defined (not built yet).
 */
async function measureFirstPaint(env: Env, c: Condition, page: string, tag: string, paint: string): Promise<PaintRun | null> {
  const probe = await openProbe(env.browser, `${env.server.url}/${page}`, {
    throttle: c.cpu,
    rttMs: c.rttMs,
    marks: { ran: CONDITIONS.ran, paint },
  });
  try {
    if (!(await defined(probe, tag))) return null;
    const ms = await probe.mark('paint', 60_000);
    const origin = await probe.timeOrigin();
    await staticQuiet(env, probe);
    // The budget is what the page needs BEFORE its first paint; whatever it fetched later (a part loaded on
    // demand) is in `loadedAll`, and an SDK fetched at any time is flagged.
    const loaded = loadedBytes(env, probe.requests.filter((r) => r.startMs <= origin + ms));
    const loadedAll = loadedBytes(env, probe.requests);
    return { ms, loaded, loadedAll, requests: requestsBefore(env, probe.requests, origin + ms), sdkLoaded: loadedAll.total.min > 400_000 };
  } finally {
    await probe.close();
  }
}

export const measureJoinButton = (env: Env, c: Condition) =>
  measureFirstPaint(env, c, 'join.html', 'matrix-join-button', CONDITIONS.joinPainted);

export const measureLoginForm = (env: Env, c: Condition) =>
  measureFirstPaint(env, c, 'login.html', 'matrix-login', CONDITIONS.loginForm);

// --- signed-in room: ours vs the plain SDK ---------------------------------------------------------------

export interface RoomRun extends PaintRun {
  /** Send → own message shown (local echo) and shown as sent (remote echo), ms. Ours only. */
  send?: { echoMs: number | null; sentMs: number };
  /** Everything loaded once the visitor has also typed and sent a message (the Markdown parser comes then). */
  loadedWithSend?: LoadedBytes;
  /** What was requested before the 20 messages were painted (`loaded` is until the room was live). */
  loadedBeforePaint?: LoadedBytes;
}

/** The page's session has its client and the client made its first sync: the room is live (or about to be). */
const LIVE = `(() => globalThis[Symbol.for('matrix-embed.session')]?.currentClient?.isInitialSyncComplete?.() === true)()`;

const SEND_SCRIPT = (nonce: string) => `(async () => {
  const nonce = ${JSON.stringify(nonce)};
  const r = document.querySelector('matrix-room').shadowRoot;
  const form = r.querySelector('[part~="composer"]');
  const ta = form.querySelector('textarea');
  const button = [...form.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Send');
  ta.focus();
  ta.value = nonce;
  ta.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await new Promise((res) => requestAnimationFrame(() => res()));
  const t0 = performance.now();
  button.click();
  let echo = null;
  return await new Promise((resolve, reject) => {
    const tick = () => {
      const tiles = [...r.querySelectorAll('[part~="event"]')].filter((e) => e.textContent.includes(nonce));
      if (echo === null && tiles.length) echo = performance.now() - t0;
      const sent = tiles.find((e) => e.getAttribute('data-status') === 'sent' && (e.getAttribute('data-event-id') || '').startsWith('$'));
      if (sent) resolve({ echoMs: echo, sentMs: performance.now() - t0 });
      else if (performance.now() - t0 > 30000) reject(new Error('own message not shown as sent within 30 s'));
      else requestAnimationFrame(tick);
    };
    tick();
  });
})()`;

export async function measureRoom(env: Env, c: Condition, withSend: boolean): Promise<RoomRun | null> {
  const who = await login(env.hs, env.user.name, env.user.password);
  const probe = await openProbe(env.browser, `${env.server.url}/room-lobby.html`, {
    throttle: c.cpu,
    rttMs: c.rttMs,
    init: signedInInit(env.hs, who),
    marks: { ran: CONDITIONS.ran, paint: CONDITIONS.room20 },
  });
  try {
    if (!(await defined(probe, 'matrix-room'))) return null;
    const ms = await probe.mark('paint', 90_000);
    const origin = await probe.timeOrigin();
    const requests = requestsBefore(env, probe.requests, origin + ms);
    // The first messages are painted before matrix-js-sdk loads: the live room's bytes are what was requested
    // until its client made its first sync (the first paint's share is reported beside them).
    await probe.page.waitForFunction(LIVE, { timeout: 60_000, polling: 50 });
    const live = [...probe.requests];
    let send: RoomRun['send'];
    if (withSend) {
      send = (await probe.page.evaluate(SEND_SCRIPT(`bench message ${Date.now()} ${Math.random().toString(36).slice(2)}`))) as RoomRun['send'];
    }
    await staticQuiet(env, probe);
    // (b) is what it takes to show the LIVE room with its composer: the files requested until its client's first
    // sync. What was requested before the first paint, and what a visitor's first message adds (the Markdown
    // parser), are reported beside it.
    const shown = probe.requests.filter((r) => r.startMs <= origin + ms);
    return {
      ms, loaded: loadedBytes(env, live), loadedBeforePaint: loadedBytes(env, shown), requests, sdkLoaded: true, send,
      loadedWithSend: withSend ? loadedBytes(env, probe.requests) : undefined,
    };
  } finally {
    await probe.close();
    await logout(env, who);
  }
}

/**
 * The page's room is in its cache (`session/room-cache.ts`: IndexedDB, one database per user) with 20 events or
 * more. Checks the database exists first: opening a missing one would create it empty.
 */
const CACHED = (userId: string, address: string) => `(async () => {
  const name = ${JSON.stringify(`matrix-embed:v1:rooms:${userId}`)};
  if (!(await indexedDB.databases()).some((d) => d.name === name)) return false;
  return await new Promise((resolve) => {
    const open = indexedDB.open(name);
    open.onerror = () => resolve(false);
    open.onsuccess = () => {
      const db = open.result;
      const done = (v) => { db.close(); resolve(v); };
      try {
        const get = db.transaction('rooms').objectStore('rooms').get(${JSON.stringify(address)});
        get.onsuccess = () => done((get.result?.page?.events?.length ?? 0) >= 20);
        get.onerror = () => done(false);
      } catch { done(false); }
    };
  });
})()`;

/**
 * A signed-in REPEAT visit: the same page, opened a second time in the same browser profile (its HTTP cache on,
 * files served with a CDN's caching headers) after the first visit was live and kept the room (IndexedDB).
 * Timed from the second navigation's start to its first 20 messages (the loader's last screen, when it paints
 * one), and to the same from the element itself (`ownMs`: the picture handed over).
 */
export async function measureRoomRepeat(env: Env, c: Condition): Promise<PaintRun | null> {
  const who = await login(env.hs, env.user.name, env.user.password);
  const url = `${env.server.url}/room-lobby.html`;
  const probe = await openProbe(env.browser, url, { throttle: c.cpu, rttMs: c.rttMs, init: signedInInit(env.hs, who), marks: { ran: CONDITIONS.ran, paint: CONDITIONS.room20, own: CONDITIONS.room20Own }, httpCache: true });
  try {
    if (!(await defined(probe, 'matrix-room'))) return null;
    await probe.page.waitForFunction(LIVE, { timeout: 60_000, polling: 50 });
    await probe.page.waitForFunction(CACHED(who.userId, env.lobby.alias), { timeout: 30_000, polling: 100 });
    const visit = await secondVisit(env, probe, url);
    return { ...visit, ownMs: await probe.mark('own', 90_000), sdkLoaded: false };
  } finally {
    await probe.close();
    await logout(env, who);
  }
}

/**
 * Opens `url` again in the probe's browser profile (a repeat visit) and times it: its navigation start → its
 * `paint` mark, with the requests and files of this second visit before that paint.
 */
async function secondVisit(env: Env, probe: Probe, url: string): Promise<Pick<PaintRun, 'ms' | 'loaded' | 'requests'>> {
  const first = probe.requests.length;
  await probe.page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  const ms = await probe.mark('paint', 90_000);
  const origin = await probe.timeOrigin();
  const second = probe.requests.slice(first);
  return { ms, loaded: loadedBytes(env, second.filter((r) => r.startMs <= origin + ms)), requests: requestsBefore(env, second, origin + ms) };
}

async function logout(env: Env, who: Login): Promise<void> {
  await api(env.hs, 'POST', '/_matrix/client/v3/logout', {}, who.accessToken).catch(() => {});
}

export async function measurePlainSdk(env: Env, c: Condition): Promise<PaintRun> {
  const who = await login(env.hs, env.user.name, env.user.password);
  const path = `/plain-sdk-${who.deviceId}.html`;
  env.server.setPage(path, plainSdkPage(env.hs, who, env.lobby.alias));
  const probe = await openProbe(env.browser, env.server.url + path, { throttle: c.cpu, rttMs: c.rttMs, marks: { paint: CONDITIONS.plain20 } });
  try {
    const ms = await probe.mark('paint', 90_000).catch(async (e: unknown) => {
      const err = await probe.page.evaluate('document.body.dataset.error').catch(() => undefined);
      throw new Error(`plain-SDK page: ${err ?? e}`);
    });
    const origin = await probe.timeOrigin();
    const requests = requestsBefore(env, probe.requests, origin + ms);
    await staticQuiet(env, probe);
    return { ms, loaded: loadedBytes(env, probe.requests), requests, sdkLoaded: true };
  } finally {
    await probe.close();
    await logout(env, who);
  }
}

/** The plain-SDK page's repeat visit: opened twice in one profile, HTTP cache on, as {@link measureRoomRepeat}. */
export async function measurePlainSdkRepeat(env: Env, c: Condition): Promise<PaintRun> {
  const who = await login(env.hs, env.user.name, env.user.password);
  const path = `/plain-sdk-${who.deviceId}.html`;
  env.server.setPage(path, plainSdkPage(env.hs, who, env.lobby.alias));
  const probe = await openProbe(env.browser, env.server.url + path, { throttle: c.cpu, rttMs: c.rttMs, marks: { paint: CONDITIONS.plain20 }, httpCache: true });
  try {
    await probe.mark('paint', 90_000);
    await staticQuiet(env, probe);
    return { ...(await secondVisit(env, probe, env.server.url + path)), sdkLoaded: true };
  } finally {
    await probe.close();
    await logout(env, who);
  }
}

/** hydrogen-view-sdk's minimal embed, live on the same homeserver: what it loads, and its time if it gets there. */
export async function measureHydrogen(env: Env, throttle: number): Promise<{ ms: number | null; shown?: number; error?: string; loaded: LoadedBytes }> {
  // Served beside Hydrogen's service worker (/hydrogen-sw/sw.js), inside its scope: the client waits for the
  // worker's reply before it opens its storage, and a worker that does not control the page never replies
  // (the page at /hydrogen.html stayed at "Loading" after its login).
  env.server.setPage('/hydrogen-sw/hydrogen.html', hydrogenPage(env.hs, env.user.name, env.user.password, env.lobby.roomId));
  const probe = await openProbe(env.browser, `${env.server.url}/hydrogen-sw/hydrogen.html`, { throttle, marks: { paint: CONDITIONS.hydrogenShown } });
  try {
    let ms: number | null = null;
    let shown: number | undefined;
    let error: string | undefined;
    try {
      ms = await probe.mark('paint', 20_000);
      shown = Number(await probe.page.evaluate('document.body.dataset.shown'));
    } catch (e) {
      const state = (await probe.page.evaluate('[document.body.dataset.error, document.body.dataset.status]').catch(() => [])) as Array<string | undefined>;
      error = `${state[0] ?? String(e)} (Hydrogen load status: ${state[1] ?? 'none'})`.slice(0, 300);
    }
    await staticQuiet(env, probe);
    return { ms, shown, error, loaded: loadedBytes(env, probe.requests) };
  } finally {
    await probe.close();
  }
}

// --- scale ---------------------------------------------------------------------------------------------

/**
 * The timeline's node count once it stops changing (the same for 0.5 s, 5 s at most): after a gappy sync the window
 * restarts at the live end with the sync's events and fills from history a moment later, so an immediate count
 * reads 10 rows or 60 by timing.
 */
const SETTLED_TIMELINE_NODES = `(async () => {
  const count = () => document.querySelector('matrix-room')?.shadowRoot?.querySelector('[part~="timeline"]')?.querySelectorAll('*').length ?? 0;
  let last = count(), same = 0;
  for (let i = 0; i < 50 && same < 5; i++) {
    await new Promise((res) => setTimeout(res, 100));
    const now = count();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
})()`;

const TIMELINE_NODES = `(() => {
  const t = document.querySelector('matrix-room')?.shadowRoot?.querySelector('[part~="timeline"]');
  return t ? t.querySelectorAll('*').length : 0;
})()`;

const SCROLL_BACK_SCRIPT = (maxMs: number) => `(async () => {
  const r = document.querySelector('matrix-room').shadowRoot;
  const timeline = () => r.querySelector('[part~="timeline"]');
  const t0 = performance.now();
  let maxNodes = 0, steps = 0, oldest = Infinity, reachedStart = false;
  const sample = () => {
    const t = timeline();
    if (!t) return;
    maxNodes = Math.max(maxNodes, t.querySelectorAll('*').length);
    for (const e of t.querySelectorAll('[part~="event"]')) {
      const m = /Message (\\d+)/.exec(e.textContent);
      if (m) oldest = Math.min(oldest, Number(m[1]));
    }
  };
  const frame = () => new Promise((res) => requestAnimationFrame(() => res()));
  while (performance.now() - t0 < ${maxMs}) {
    sample();
    if (r.textContent.includes('This is the start of the room')) { reachedStart = true; break; }
    const t = timeline();
    if (!r.querySelector('[role="progressbar"]')) {
      t.scrollTop = 0;
      t.dispatchEvent(new Event('scroll'));
      steps++;
    }
    await frame();
    await new Promise((res) => setTimeout(res, 30));
  }
  sample();
  return { ms: performance.now() - t0, t0, steps, maxNodes, oldest: oldest === Infinity ? null : oldest, reachedStart };
})()`;

export interface ScrollBackResult {
  messages: number;
  ms: number;
  steps: number;
  reachedStart: boolean;
  /** Lowest "Message N" seen (1 = the very first). */
  oldestSeen: number | null;
  maxTimelineNodes: number;
  finalTimelineNodes: number;
  heapBeforeBytes: number;
  heapAfterBytes: number;
  longestTaskMs: number;
  longTasks: number;
}

export async function measureScrollBack(env: Env, alias: string, messages: number, maxMs: number): Promise<ScrollBackResult | null> {
  const who = await login(env.hs, env.user.name, env.user.password);
  const probe = await openProbe(env.browser, `${env.server.url}/room-big.html`, {
    throttle: 1,
    init: signedInInit(env.hs, who),
    marks: {
      ran: CONDITIONS.ran,
      ready: `() => { const r = document.querySelector('matrix-room')?.shadowRoot; return !!r && r.querySelectorAll('[part~="event"][data-kind="message"]').length >= 10 && !!r.querySelector('[part~="composer"]'); }`,
    },
  });
  try {
    if (!(await defined(probe, 'matrix-room'))) return null;
    await probe.mark('ready', 90_000);
    const heapBefore = await probe.heapUsed();
    const res = (await probe.page.evaluate(SCROLL_BACK_SCRIPT(maxMs))) as {
      ms: number; t0: number; steps: number; maxNodes: number; oldest: number | null; reachedStart: boolean;
    };
    const finalNodes = (await probe.page.evaluate(TIMELINE_NODES)) as number;
    const heapAfter = await probe.heapUsed();
    const tasks = (await probe.longTasks()).filter(([start]) => start >= res.t0);
    void alias;
    return {
      messages,
      ms: round(res.ms),
      steps: res.steps,
      reachedStart: res.reachedStart,
      oldestSeen: res.oldest,
      maxTimelineNodes: res.maxNodes,
      finalTimelineNodes: finalNodes,
      heapBeforeBytes: heapBefore,
      heapAfterBytes: heapAfter,
      longestTaskMs: round(Math.max(0, ...tasks.map(([, d]) => d))),
      longTasks: tasks.length,
    };
  } finally {
    await probe.close();
    await logout(env, who);
  }
}

export interface BurstResult {
  messages: number;
  /** Delivered in the one /sync response that carried the burst (the client's filter may cap it). */
  syncTimelineEvents: number | null;
  syncLimited: boolean | null;
  /** The burst's last message shown, measured from the end of that /sync response. */
  renderMs: number | null;
  longestTaskMs: number;
  timelineNodesAfter: number;
  note?: string;
}

/**
 * 1,000 messages in one /sync: the next /sync request is held by the homeserver's delay fault while the
 * messages are injected, so its response carries all of them (up to the client's timeline limit).
 */
export async function measureBurst(env: Env, roomId: string, count: number): Promise<BurstResult | null> {
  const who = await login(env.hs, env.user.name, env.user.password);
  const probe = await openProbe(env.browser, `${env.server.url}/room-burst.html`, {
    throttle: 1,
    init: signedInInit(env.hs, who),
    marks: {
      ran: CONDITIONS.ran,
      ready: `() => { const r = document.querySelector('matrix-room')?.shadowRoot; return !!r && !!r.querySelector('[part~="composer"] textarea') && /Burst room opened/.test(r.textContent); }`,
    },
  });
  try {
    if (!(await defined(probe, 'matrix-room'))) return null;
    await probe.mark('ready', 90_000);
    await sleep(500); // let the long poll settle
    const holdMs = 15_000;
    const rule = await api<{ id: number }>(env.hs, 'POST', '/_dev/delay', { ms: holdMs, paths: '/sync', method: 'GET', count: 1 });
    await inject(env.hs, roomId, textMessage(`@bob:${env.hs.serverName}`, 'Burst trigger'));
    await probe.watch('trigger', `() => /Burst trigger/.test(document.querySelector('matrix-room').shadowRoot.textContent)`);
    await probe.mark('trigger', 30_000);
    const t0 = Date.now();
    await injectMany(env.hs, roomId, ['bob', 'carol', 'dave'].map((u) => `@${u}:${env.hs.serverName}`), count, 'Burst', { concurrency: 16 });
    await inject(env.hs, roomId, textMessage(`@bob:${env.hs.serverName}`, 'Burst end'));
    const injectMs = Date.now() - t0;
    const origin = await probe.timeOrigin();
    await probe.watch(
      'end',
      `() => [...document.querySelector('matrix-room').shadowRoot.querySelectorAll('[part~="event"]')].some((e) => e.textContent.includes('Burst end'))`,
    );
    let renderMs: number | null = null;
    let longest = 0;
    let syncEvents: number | null = null;
    let limited: boolean | null = null;
    let note = injectMs > holdMs ? `injection took ${injectMs} ms, longer than the ${holdMs} ms hold: the burst was split` : undefined;
    try {
      const mark = await probe.mark('end', holdMs + 60_000);
      const markEpoch = origin + mark;
      const syncs = probe.requests.filter((r) => /\/sync(\?|$)/.test(r.url) && !r.preflight && r.endMs !== undefined && r.endMs <= markEpoch);
      const carrier = syncs.sort((a, b) => b.endMs! - a.endMs!)[0];
      if (carrier) {
        renderMs = round(markEpoch - carrier.endMs!);
        const from = carrier.endMs! - origin;
        longest = Math.max(0, ...(await probe.longTasks()).filter(([s, d]) => s + d >= from && s <= mark).map(([, d]) => d));
        try {
          const body = await probe.cdp.send('Network.getResponseBody', { requestId: carrier.id });
          const json = JSON.parse(body.base64Encoded ? Buffer.from(body.body, 'base64').toString() : body.body);
          const tl = json?.rooms?.join?.[roomId]?.timeline;
          syncEvents = Array.isArray(tl?.events) ? tl.events.length : null;
          limited = typeof tl?.limited === 'boolean' ? tl.limited : null;
        } catch {
          // body no longer available
        }
      }
    } catch (e) {
      // What the element shows instead: its last tiles and whether it offers "Jump to latest".
      const seen = await probe.page
        .evaluate(`(() => { const r = document.querySelector('matrix-room').shadowRoot;
          const tiles = [...r.querySelectorAll('[part~="event"]')].slice(-2).map((t) => t.textContent.replace(/\\s+/g, ' ').trim().slice(-40));
          const jump = [...r.querySelectorAll('button')].find((b) => /Jump to latest/.test(b.textContent));
          return 'last tiles: ' + JSON.stringify(tiles) + (jump ? '; shows "' + jump.textContent.trim() + '"' : ''); })()`)
        .catch(() => '');
      note = `burst not rendered (${String(e).slice(0, 80)}); ${seen as string}`;
    }
    await api(env.hs, 'DELETE', `/_dev/faults/${rule.id}`).catch(() => {});
    return {
      messages: count,
      syncTimelineEvents: syncEvents,
      syncLimited: limited,
      renderMs,
      longestTaskMs: round(longest),
      timelineNodesAfter: (await probe.page.evaluate(SETTLED_TIMELINE_NODES)) as number,
      note,
    };
  } finally {
    await probe.close();
    await logout(env, who);
  }
}

export { bytesOf };
