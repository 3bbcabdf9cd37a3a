/**
 * The recipes (recipes/<name>/index.html) as a site owner copies them, each in a frame: the test server maps
 * their public addresses (CDN, example.org) to the built dist/ and the main test homeserver and serves them
 * with the strict CSP (test/helpers/recipes.mjs).
 */
import { waitUntil } from '../../harnesses/room-harness.ts';
import { registerUser } from '../room/helpers.ts';

export { waitUntil };

const frames: HTMLIFrameElement[] = [];

export async function openRecipe(name: string, width = 1000, height = 700): Promise<Document> {
  const probe = await fetch('/dist/matrix-embed.js');
  if (!probe.ok) throw new Error('dist/matrix-embed.js is missing: run `npm run build` before the browser tests');
  const frame = document.createElement('iframe');
  frame.title = name;
  frame.style.width = `${width}px`;
  frame.style.height = `${height}px`;
  frame.src = `/recipes/${name}/index.html`;
  document.body.append(frame);
  frames.push(frame);
  await waitUntil(() => frame.contentDocument?.readyState === 'complete' && frame.contentDocument.URL.includes(`/recipes/${name}/`), `${name} loaded`, 20_000);
  return frame.contentDocument!;
}

export function closeRecipes(): void {
  for (const f of frames.splice(0)) f.remove();
}

const text = (el: Element | null | undefined) => (el?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ');

/** The page's <matrix-room> once it shows the room's name and its timeline. */
export async function roomShown(doc: Document, name = 'Lobby'): Promise<Element> {
  return waitUntil(() => {
    const room = doc.querySelector('matrix-room');
    if (!room?.shadowRoot?.querySelector('[part="timeline"]')) return undefined;
    return text(room).includes(name) ? room : undefined;
  }, `the room ${name} shown`, 30_000);
}

/** The page's <matrix-join-button> once it names the room. */
export async function joinButtonShown(doc: Document, name = 'Lobby'): Promise<Element> {
  return waitUntil(() => {
    const b = doc.querySelector('matrix-join-button');
    return new RegExp(`Join\\s+${name}`).test(text(b)) ? b : undefined;
  }, `the join button for ${name}`, 30_000);
}

/** Paths of the JavaScript files the frame's page fetched. */
export function scriptsFetched(doc: Document): string[] {
  const win = doc.defaultView as Window & typeof globalThis;
  return (win.performance.getEntriesByType('resource') as PerformanceResourceTiming[])
    .map((e) => new URL(e.name).pathname)
    .filter((p) => p.endsWith('.js'));
}

/**
 * The Content-Security-Policy violations the frame's page reported so far (buffered reports too, so those from
 * before the call count): `directive blocked-url`, never the page's text.
 */
export async function cspViolations(doc: Document): Promise<string[]> {
  const win = doc.defaultView as Window & typeof globalThis;
  const out: string[] = [];
  const add = (reports: Report[]) => {
    for (const r of reports) {
      const body = r.body as unknown as { effectiveDirective?: string; blockedURL?: string };
      out.push(`${body.effectiveDirective ?? '?'} ${body.blockedURL ?? ''}`.trim());
    }
  };
  const observer = new win.ReportingObserver(add, { types: ['csp-violation'], buffered: true });
  observer.observe();
  await new Promise((r) => setTimeout(r, 200));
  add(observer.takeRecords());
  observer.disconnect();
  return out;
}

/**
 * Types a room that does not exist on the test homeserver into the app's own form (`input[name=room]`) and
 * submits it; returns the address. The framework recipes pass it to their elements from their state.
 */
export function askForMissingRoom(doc: Document): string {
  const input = doc.querySelector<HTMLInputElement>('input[name="room"]')!;
  input.value = `#nowhere-${Date.now()}:${globalThis.MATRIX_TEST.homeservers.main.serverName}`;
  doc.querySelector('form')!.requestSubmit();
  return input.value;
}

/**
 * Signs a new user in through the frame's own page session (the object at `Symbol.for('matrix-embed.session')`)
 * and clicks the page's join button once it is enabled; returns the text the app then shows in its
 * `[role=status]` (what its `matrix-after-join` handler put in its state).
 */
export async function signInAndJoin(doc: Document, joinButton: Element): Promise<string> {
  const main = globalThis.MATRIX_TEST.homeservers.main;
  const user = await registerUser(main.url);
  const win = doc.defaultView as unknown as Record<symbol, { signIn(o: object): Promise<unknown> } | undefined>;
  const session = await waitUntil(() => win[Symbol.for('matrix-embed.session')], 'the page\'s session', 20_000);
  await session.signIn({ username: user.username, password: user.password, homeserver: main.url });
  const inner = await waitUntil(() => {
    const b = joinButton.shadowRoot!.querySelector<HTMLButtonElement>('button');
    return b && !b.disabled ? b : undefined;
  }, 'the join button enabled');
  inner.click();
  return waitUntil(() => doc.querySelector('[role="status"]')?.textContent || undefined, 'the joined status from the app\'s state', 20_000);
}
