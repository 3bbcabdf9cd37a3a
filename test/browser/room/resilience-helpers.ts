// Shared by the resilience scenarios (resilience-*.test.ts): faults, the offline switch, and the checks every
// scenario makes — the room stayed on screen, every message is on the server exactly once and in the order
// typed, and the page saw no error.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import { api, createRoom, resetSession, server, serverMessages, signInAsNewUser, type TestUser } from './helpers.ts';

export const main = server('main');
const rooms: RoomHarness[] = [];
export function room(attrs: Record<string, string>): RoomHarness {
  const h = RoomHarness.create(attrs);
  rooms.push(h);
  return h;
}

/**
 * The visitor's network: off (requests to the homeservers fail as without a network, requests waiting are cut
 * by the homeserver's "network down" for `ms`, and the page hears `offline`) or back on.
 */
export async function offline(on: boolean, ms = 0): Promise<void> {
  const origins = ['main', 'oauth', 'legacy', 'second', 'uia', 'refresh'].map((n) => new URL(server(n as 'main').url).origin);
  if (on && ms) await api(main.url, 'POST', '/_dev/drop', { body: { ms } });
  await executeServerCommand('offline', { offline: on, origins });
}
export const fault = (route: string, body: Record<string, unknown>) => api(main.url, 'POST', `/_dev/${route}`, { body });
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Uncaught errors and unhandled rejections on the page while a scenario runs. */
const pageErrors: string[] = [];
const onError = (e: ErrorEvent) => pageErrors.push(String(e.error ?? e.message));
const onRejection = (e: PromiseRejectionEvent) => pageErrors.push(String(e.reason));

/** The bodies of `texts` as the server stored them, oldest first (each must be there exactly once). */
export async function delivered(me: TestUser, roomId: string, texts: string[]): Promise<string[]> {
  // serverMessages reads backwards (newest first): oldest first is the order they were typed in.
  return (await serverMessages(me, roomId, 100)).map((e) => e.content?.body).filter((b) => texts.includes(b)).reverse();
}

/** Waits until the server has every one of `texts`, then checks: once each, in the order typed. */
export async function expectDeliveredOnceInOrder(me: TestUser, roomId: string, texts: string[], timeout: number): Promise<void> {
  await waitUntil(async () => (await delivered(me, roomId, texts)).length >= texts.length, `all of ${texts.join(', ')} on the server`, timeout, 500);
  await sleep(500); // a duplicate would arrive right behind
  expect(await delivered(me, roomId, texts)).to.deep.equal(texts);
}

/** Watches a room for the error view: it must never replace the room in these scenarios. */
export function neverError(r: RoomHarness): () => void {
  let seen: string | undefined;
  const timer = setInterval(() => {
    if (r.state() === 'error') seen ??= r.errorMessage();
  }, 50);
  return () => {
    clearInterval(timer);
    expect(seen, 'the room was replaced by an error view').to.equal(undefined);
  };
}

export function bannerText(r: RoomHarness): string {
  return r.root.querySelector('[part="connection"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

export async function joinedRoom(name: string): Promise<{ me: TestUser; roomId: string; r: RoomHarness }> {
  const me = await signInAsNewUser();
  const roomId = await createRoom(me, { name, preset: 'private_chat' });
  const r = room({ room: roomId, homeserver: main.url });
  await r.waitForState('joined', 20_000);
  return { me, roomId, r };
}


/** beforeEach / afterEach of every resilience scenario: watch for page errors, undo every fault, sign out. */
export function resilienceHooks(): void {
  beforeEach(() => {
    pageErrors.length = 0;
    addEventListener('error', onError);
    addEventListener('unhandledrejection', onRejection);
  });
  afterEach(async () => {
    removeEventListener('error', onError);
    removeEventListener('unhandledrejection', onRejection);
    await offline(false);
    for (const h of rooms.splice(0)) h.element.remove();
    await api(main.url, 'POST', '/_dev/faults/reset', { body: {} });
    await resetSession();
    expect(pageErrors, 'errors on the page').to.deep.equal([]);
  });
}
