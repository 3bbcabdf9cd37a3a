/**
 * What a page's fetch sees of the faults, in real Chromium (Debian's, through puppeteer-core): Chromium
 * silently resends a request whose reused keep-alive connection closed without an answer, which would turn
 * "answer lost" into a success. So a lost answer must reach the page as a network error while the server holds
 * the event exactly once — on the homeserver and through the fault proxy — and a restarting proxy must look
 * like a restarting server. The page is on another origin (another port), so every send has its preflight.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser } from '../../bench/lib/browser.ts';
import { startFaultProxy, type FaultProxy } from '../../dev/fault-proxy.ts';
import { api, start, type RunningHomeserver } from './helpers.ts';
import { createRoom, makeUser, type TestUser } from './room-helpers.ts';

describe('faults as Chromium sees them', () => {
  let hs: RunningHomeserver;
  let proxy: FaultProxy;
  let pages: Server;
  let browser: Browser;
  let page: Page;
  let alice: TestUser;
  let room: string;
  before(async () => {
    hs = await start();
    proxy = await startFaultProxy({ upstream: hs.url });
    alice = makeUser(hs, 'alice');
    room = await createRoom(hs, alice);
    pages = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>host page</title>');
    });
    await new Promise<void>((r) => pages.listen(0, '127.0.0.1', () => r()));
    browser = await launchBrowser();
    page = await browser.newPage();
    // tsx (esbuild keepNames) wraps named functions in page.evaluate callbacks with a `__name` helper that only
    // exists in Node: give the page the same (identity) helper.
    await page.evaluateOnNewDocument('globalThis.__name = (fn) => fn;');
    const address = pages.address();
    await page.goto(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`);
  });
  after(async () => {
    await browser?.close();
    pages?.close();
    await proxy?.close();
    await hs?.close();
  });

  /**
   * In the page: warms keep-alive connections, arms drop-answer on `base`, sends `n` messages (one at a time,
   * each arming its own rule, as a visitor typing), and reports what each fetch saw.
   */
  const sendWithLostAnswers = (base: string, n: number, prefix: string) =>
    page.evaluate(
      async (base, roomId, token, n, prefix) => {
        const seen: string[] = [];
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < 3; j++) await (await fetch(`${base}/_matrix/client/versions`)).text();
          const arm = await fetch(`${base}/_dev/drop-answer`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ paths: '/send/', method: 'PUT' }),
          });
          await arm.text();
          try {
            const res = await fetch(`${base}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${prefix}-${i}`, {
              method: 'PUT',
              headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
              body: JSON.stringify({ msgtype: 'm.text', body: `${prefix} ${i}` }),
            });
            seen.push(`answered ${res.status}`);
          } catch (err) {
            seen.push(err instanceof TypeError ? 'network error' : String(err));
          }
        }
        return seen;
      },
      base,
      room,
      alice.accessToken,
      n,
      prefix,
    );

  const stored = (prefix: string) =>
    hs.hs.store.room(room)!.timeline.filter((s) => String(s.event.content.body).startsWith(`${prefix} `)).map((s) => s.event.content.body);

  it('drop-answer on the homeserver: every lost answer is a network error in the page, every send stored once', async () => {
    const seen = await sendWithLostAnswers(hs.url, 5, 'direct');
    assert.deepEqual(seen, Array(5).fill('network error'));
    assert.deepEqual(stored('direct'), ['direct 0', 'direct 1', 'direct 2', 'direct 3', 'direct 4']);
    assert.deepEqual((await api(hs, 'GET', '/_dev/faults')).body.rules, []);
  });

  it('drop-answer through the fault proxy: the same', async () => {
    const seen = await sendWithLostAnswers(proxy.url, 5, 'proxied');
    assert.deepEqual(seen, Array(5).fill('network error'));
    assert.deepEqual(stored('proxied'), ['proxied 0', 'proxied 1', 'proxied 2', 'proxied 3', 'proxied 4']);
  });

  it('a restarting proxy: fetch fails while it is down, works when it is back; Retry-After is readable', async () => {
    const outcome = await page.evaluate(async (base) => {
      const attempt = () =>
        fetch(`${base}/_matrix/client/versions`).then(
          (res) => res.status as number | string,
          () => 'network error',
        );
      const before = await attempt();
      await (await fetch(`${base}/_dev/restart`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"downMs":800}' })).text();
      await new Promise((r) => setTimeout(r, 200));
      const down = await attempt();
      let back: number | string = 'network error';
      const t0 = performance.now();
      while (back !== 200 && performance.now() - t0 < 5000) {
        await new Promise((r) => setTimeout(r, 100));
        back = await attempt();
      }
      await (await fetch(`${base}/_dev/rate-limit`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"retryAfterMs":2500,"paths":"versions"}' })).text();
      const limited = await fetch(`${base}/_matrix/client/versions`);
      return { before, down, back, status: limited.status, retryAfter: limited.headers.get('retry-after'), body: await limited.json() };
    }, proxy.url);
    assert.deepEqual(outcome, {
      before: 200,
      down: 'network error',
      back: 200,
      status: 429,
      retryAfter: '3',
      body: { errcode: 'M_LIMIT_EXCEEDED', error: 'Too Many Requests', retry_after_ms: 2500 },
    });
  });
});
