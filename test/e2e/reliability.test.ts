// The reliability scenarios of the resilient-rooms issue against the homeserver under test, through the fault
// proxy in front of it (web-test-runner.e2e.config.mjs): the visitor's network drops, the server goes away, an
// answer is lost after the server stored the message, sends and /sync meet 429s. Each asserts what a visitor
// cares about: the room stayed on screen, every message is on the server once and in the order typed, and the
// page saw no error.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/all.ts';
import { getSession } from '../../src/session/get-session.ts';
import { RoomHarness, waitUntil } from '../harnesses/room-harness.ts';
import { cleanPage, createRoom, newUser, sendText, serverMessages, software, unique, type TestUser } from './helpers.ts';

const proxy = (): string => globalThis.E2E.proxy;
const fault = (route: string, body: Record<string, unknown>) =>
  fetch(`${proxy()}/_dev/${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const pageErrors: string[] = [];
const onError = (e: ErrorEvent) => pageErrors.push(String(e.error ?? e.message));
const onRejection = (e: PromiseRejectionEvent) => pageErrors.push(String(e.reason));

async function delivered(me: TestUser, roomId: string, texts: string[]): Promise<string[]> {
  return (await serverMessages(me, roomId, 100)).map((e) => e.content?.body).filter((b) => texts.includes(b)).reverse();
}

async function expectOnceInOrder(me: TestUser, roomId: string, texts: string[], timeout: number): Promise<void> {
  await waitUntil(async () => (await delivered(me, roomId, texts)).length >= texts.length, `all of ${texts.join(', ')} on ${software()}`, timeout, 500);
  await sleep(1000); // a duplicate would arrive right behind
  expect(await delivered(me, roomId, texts)).to.deep.equal(texts);
}

describe(`reliability on ${software()}, through the fault proxy`, function () {
  this.timeout(90_000);
  let me: TestUser;
  let roomId: string;
  let r: RoomHarness;
  let errorView: string | undefined;
  let watch: ReturnType<typeof setInterval>;

  beforeEach(async function () {
    this.timeout(60_000);
    await cleanPage();
    pageErrors.length = 0;
    addEventListener('error', onError);
    addEventListener('unhandledrejection', onRejection);
    me = await newUser();
    roomId = await createRoom(me, { name: unique('Reliability '), preset: 'private_chat' });
    // Every request of the page's session goes through the proxy.
    await getSession().signIn({ username: me.username, password: me.password, homeserver: proxy() });
    r = RoomHarness.create({ room: roomId, homeserver: proxy() });
    await r.waitForState('joined', 30_000);
    errorView = undefined;
    watch = setInterval(() => {
      if (r.state() === 'error') errorView ??= r.errorMessage();
    }, 50);
  });
  afterEach(async () => {
    clearInterval(watch);
    await executeServerCommand('offline', { offline: false });
    await fault('faults/reset', {});
    removeEventListener('error', onError);
    removeEventListener('unhandledrejection', onRejection);
    await cleanPage();
    expect(errorView, 'the room was replaced by an error view').to.equal(undefined);
    expect(pageErrors, 'errors on the page').to.deep.equal([]);
  });

  it('offline for 5 s with 3 messages typed: all three arrive once, in order', async () => {
    await fault('drop', { ms: 5000 });
    await executeServerCommand('offline', { offline: true, origins: [new URL(proxy()).origin] });
    const texts = [1, 2, 3].map((n) => `tunnel ${n} ${unique('')}`);
    for (const t of texts) await r.send(t);
    await sleep(5000);
    expect(r.state()).to.equal('joined');
    await executeServerCommand('offline', { offline: false });
    await expectOnceInOrder(me, roomId, texts, 45_000);
  });

  it('the server unreachable for 10 s: what was typed meanwhile arrives once, in order, and the room is live again', async () => {
    await fault('drop', { ms: 10_000 });
    const texts = [1, 2].map((n) => `down ${n} ${unique('')}`);
    for (const t of texts) await r.send(t);
    await expectOnceInOrder(me, roomId, texts, 60_000);
    const after = `after ${unique('')}`;
    await sendText(me, roomId, after);
    await r.waitForMessage(after, 45_000);
  });

  it('the answer is lost after the server stored the message: stored once', async () => {
    await fault('drop-answer', { count: 1, paths: '/rooms/[^/]+/send/', method: 'PUT' });
    const text = `lost answer ${unique('')}`;
    await r.send(text);
    await expectOnceInOrder(me, roomId, [text], 45_000);
    const tile = await r.waitForMessage(text);
    await waitUntil(() => tile.isConnected && tile.dataset.status === 'sent', 'shown as sent', 30_000);
  });

  it('70 % of sends answered 429 for 10 s: 8 messages arrive once each, in order', async () => {
    await fault('rate-limit', { ms: 10_000, fraction: 0.7, seed: 7, retryAfterMs: 1000, paths: '/rooms/[^/]+/send/', method: 'PUT' });
    const texts = Array.from({ length: 8 }, (_, i) => `storm ${i + 1} ${unique('')}`);
    for (const t of texts) await r.send(t);
    await expectOnceInOrder(me, roomId, texts, 60_000);
  });

  it('/sync answered 429 (retry after 3 s) for 9 s: at most one sync per interval, then live again', async () => {
    const syncsSince = (t: number) =>
      performance.getEntriesByType('resource').filter((e) => e.name.includes('/sync') && e.name.startsWith(proxy()) && e.startTime >= t).length;
    await fault('rate-limit', { ms: 9000, retryAfterMs: 3000, paths: '/sync' });
    const start = performance.now();
    await sendText(me, roomId, `wake ${unique('')}`);
    await sleep(9000);
    expect(syncsSince(start)).to.be.at.most(5);
    const after = `after the 429s ${unique('')}`;
    await sendText(me, roomId, after);
    await r.waitForMessage(after, 30_000);
  });
});
