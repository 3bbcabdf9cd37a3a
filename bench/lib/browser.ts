/**
 * Headless Chromium through puppeteer-core (never downloads a browser): one browser for the run, a fresh
 * incognito context per measured page (cold cache, empty storage), DevTools CPU throttling, a network log
 * with wall-clock times, and a watcher injected before any page script that records `performance.now()` the
 * first animation frame a condition on the page's (shadow) DOM holds — no timing code in our elements.
 */
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type BrowserContext, type CDPSession, type Page } from 'puppeteer-core';

export const CHROME_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-default-apps',
  '--mute-audio',
  // Keep timers and rAF running at full rate in a headless tab.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

export function chromePath(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found) throw new Error('No Chromium found: install Debian\'s `chromium` package or set CHROME_PATH.');
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: chromePath(),
    headless: true,
    args: CHROME_FLAGS,
    defaultViewport: { width: 1280, height: 900 },
    protocolTimeout: 300_000,
  });
}

export async function browserVersion(browser: Browser): Promise<string> {
  return browser.version();
}

/** One network request as DevTools saw it. */
export interface RequestRecord {
  id: string;
  url: string;
  method: string;
  /** DevTools resource type (Script, Fetch, XHR, Preflight, Document, …). */
  type: string;
  /** Epoch ms when the request was about to be sent. */
  startMs: number;
  /** Epoch ms when the response finished loading (undefined while pending, e.g. a long-polling /sync). */
  endMs?: number;
  status?: number;
  preflight: boolean;
}

/** A page under measurement. */
export interface Probe {
  page: Page;
  cdp: CDPSession;
  context: BrowserContext;
  requests: RequestRecord[];
  /** Epoch ms of the page's performance.timeOrigin (navigation start), once navigated. */
  timeOrigin(): Promise<number>;
  /** Wait for a mark the watcher records; resolves with its performance.now() value (ms since navigation). */
  mark(name: string, timeoutMs?: number): Promise<number>;
  /** Start watching a new condition (function source) from now on. */
  watch(name: string, conditionSource: string): Promise<void>;
  longTasks(): Promise<Array<[number, number]>>;
  /** JS heap in use after a forced garbage collection, bytes. */
  heapUsed(): Promise<number>;
  close(): Promise<void>;
}

/** In-page watcher (installed before any page script). `marks`: name -> condition function source. */
function watcherSource(marks: Record<string, string>): string {
  const list = Object.entries(marks)
    .map(([name, src]) => `[${JSON.stringify(name)}, (${src})]`)
    .join(',\n');
  return `(() => {
  if (window.top !== window) return;
  const b = (window.__bench = { marks: {}, longtasks: [], errors: [] });
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) b.longtasks.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  } catch (e) { b.errors.push('longtask observer: ' + e); }
  const todo = [${list}];
  let running = false;
  const tick = () => {
    for (let i = todo.length - 1; i >= 0; i--) {
      let ok = false;
      try { ok = !!todo[i][1](); } catch (e) { /* not yet */ }
      if (ok) {
        b.marks[todo[i][0]] = performance.now();
        try { performance.mark('bench:' + todo[i][0]); } catch (e) {}
        todo.splice(i, 1);
      }
    }
    if (todo.length) requestAnimationFrame(tick); else running = false;
  };
  const start = () => { if (!running && todo.length) { running = true; requestAnimationFrame(tick); } };
  b.watch = (name, fn) => { todo.push([name, fn]); start(); };
  start();
})();`;
}

export interface OpenOptions {
  /** CPU slow-down factor (1 = none). */
  throttle: number;
  /** Added to every request's round trip, ms (bench/lib/conditions.ts). Default: none. */
  rttMs?: number;
  /** Conditions to time from navigation start: name -> function source evaluated in the page each frame. */
  marks: Record<string, string>;
  /** A script to run before the page's own (e.g. seeding localStorage). */
  init?: string;
  /** Keep the browser's HTTP cache on (a repeat visit opens the page twice in one profile). Default: off, cold. */
  httpCache?: boolean;
}

export async function openProbe(browser: Browser, url: string, opts: OpenOptions): Promise<Probe> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const cdp = await page.createCDPSession();
  const requests: RequestRecord[] = [];
  const byId = new Map<string, RequestRecord>();
  let clockOffset: number | undefined; // wallTime - monotonic timestamp, in ms
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: !opts.httpCache });
  cdp.on('Network.requestWillBeSent', (e) => {
    clockOffset ??= e.wallTime * 1000 - e.timestamp * 1000;
    const rec: RequestRecord = {
      id: e.requestId,
      url: e.request.url,
      method: e.request.method,
      type: String(e.type ?? ''),
      startMs: e.wallTime * 1000,
      preflight: e.type === 'Preflight' || e.request.method === 'OPTIONS',
    };
    // Redirects reuse the requestId: keep each hop.
    requests.push(rec);
    byId.set(e.requestId, rec);
  });
  cdp.on('Network.responseReceived', (e) => {
    const rec = byId.get(e.requestId);
    if (rec) rec.status = e.response.status;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const rec = byId.get(e.requestId);
    if (rec && clockOffset !== undefined) rec.endMs = e.timestamp * 1000 + clockOffset;
  });
  if (opts.throttle !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: opts.throttle });
  if (opts.rttMs) await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: opts.rttMs, downloadThroughput: -1, uploadThroughput: -1 });
  if (opts.init) await page.evaluateOnNewDocument(opts.init);
  await page.evaluateOnNewDocument(watcherSource(opts.marks));
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });

  const probe: Probe = {
    page,
    cdp,
    context,
    requests,
    timeOrigin: () => page.evaluate(() => performance.timeOrigin),
    async mark(name, timeoutMs = 60_000) {
      const handle = await page.waitForFunction(
        (n: string) => (window as unknown as { __bench: { marks: Record<string, number> } }).__bench?.marks[n],
        { timeout: timeoutMs, polling: 50 },
        name,
      );
      return (await handle.jsonValue()) as number;
    },
    async watch(name, src) {
      await page.evaluate(`window.__bench.watch(${JSON.stringify(name)}, (${src}))`);
    },
    longTasks: () => page.evaluate(() => (window as unknown as { __bench: { longtasks: Array<[number, number]> } }).__bench.longtasks),
    async heapUsed() {
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      return usedSize;
    },
    async close() {
      await context.close().catch(() => {});
    },
  };
  return probe;
}

/** A request's method and path without query string and with long IDs shortened, for the report. */
export function describeRequest(r: RequestRecord): string {
  const u = new URL(r.url);
  const path = decodeURIComponent(u.pathname).replace(/([!$@#][^/:]{6})[^/:]*(:[^/]+)?/g, '$1…$2');
  return `${r.method} ${path}`;
}
