/**
 * matrix-embed's script-tag entry (`dist/matrix-embed.js`): a loader. It holds no Lit and no element code — a
 * tag-to-module table and a MutationObserver — and imports each element's module the first time its tag
 * appears in the document (or in a shadow root handed to {@link observe}). The `import()` specifiers are
 * relative, so browsers resolve them against this module's own URL (`import.meta.url`): the bundle works from
 * any CDN path. Elements that are never used cost nothing.
 *
 * Everything is also importable without the loader: `matrix-embed/all.js` defines every element and exports the
 * whole API (classes, events, a synchronous `getSession()`), `matrix-embed/elements/<tag>.js` defines one element,
 * `matrix-embed/classes.js` exports the classes and defines nothing.
 *
 * This file must stay free of static imports of anything an element also imports: a shared module would become a
 * chunk the loader waits for before it can start loading the first element.
 */
import type { MatrixSession } from './session/session.ts';

/** Tag → its element module. Each module defines that tag (src/elements/<tag minus "matrix-">.ts). */
const ELEMENTS: Record<string, () => Promise<unknown>> = {
  'matrix-login': () => import('./elements/login.ts'),
  'matrix-room': () => import('./elements/room.ts'),
  'matrix-join-button': () => import('./elements/join-button.ts'),
  'matrix-chat-launcher': () => import('./elements/chat-launcher.ts'),
};

/**
 * The chunk files (relative to this module) that a tag's element imports next when a visitor is signed in — a
 * room's model and its tiles — preloaded beside the element's own module rather than after it ran: one round
 * trip less before the first messages (from the cache or the server). Written by the build
 * (rollup.config.mjs, `signedInPreloads`); from source, only the marker is there and nothing is preloaded.
 */
const SIGNED_IN_NEXT: Record<string, string[]> = { 'matrix-room': ['__preload:matrix-room__'] };

/**
 * A sign-in is stored (`KEYS.session` of session/storage-keys.ts, written out: importing it would make it a chunk
 * shared with the session, loaded before any element; test/build/package-entries.test.ts keeps the two equal).
 */
const STORED_SESSION_KEY = 'matrix-embed:v1:session';

/** The stored session's JSON, or null (none, or no storage). */
function storedSession(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORED_SESSION_KEY) ?? null;
  } catch {
    return null;
  }
}

function preloadSignedIn(tag: string): void {
  try {
    if (!Object.hasOwn(SIGNED_IN_NEXT, tag) || !storedSession()) return;
    for (const file of SIGNED_IN_NEXT[tag]) {
      if (file.startsWith('__')) continue;
      const link = document.createElement('link');
      link.rel = 'modulepreload';
      link.href = new URL(file, import.meta.url).href;
      document.head.append(link);
    }
  } catch {
    // No storage or no <head>: the element loads them itself.
  }
}

/** The library version (the same as `VERSION` of `matrix-embed/all.js`; a test keeps them equal). */
export const VERSION = '0.1.0';

const PREFIX = 'matrix-';
/**
 * One import per tag, shared by every element with that tag. It never rejects (a failure is reported once and
 * the entry dropped, so a later use of the tag tries again); it resolves to whether the module loaded.
 */
const loading = new Map<string, Promise<boolean>>();
const warned = new Set<string>();
/** The document and every root the page handed to observe(): where allDefined() looks. */
const roots = new Set<Document | ShadowRoot | Element>();

/** Imports the module of one tag once; warns once for a `matrix-*` tag this version does not know. */
function load(tag: string): Promise<boolean> | undefined {
  if (customElements.get(tag)) return undefined;
  const existing = loading.get(tag);
  if (existing) return existing;
  const importer = Object.hasOwn(ELEMENTS, tag) ? ELEMENTS[tag] : undefined;
  if (!importer) {
    if (!warned.has(tag)) {
      warned.add(tag);
      console.warn(`matrix-embed: <${tag}> is not an element of matrix-embed ${VERSION}; nothing was loaded for it.`);
    }
    return undefined;
  }
  preloadSignedIn(tag);
  const p = importer().then(
    () => true,
    (e: unknown) => {
      loading.delete(tag);
      const message = `Could not load <${tag}>: ${e instanceof Error ? e.message : String(e)}`;
      console.error(`matrix-embed: ${message}`);
      // A network failure is the page's to handle (log it, show a fallback): the event every element fires.
      for (const root of roots) {
        for (const node of root.querySelectorAll(tag)) {
          node.dispatchEvent(new CustomEvent('matrix-error', {
            bubbles: true, composed: true, detail: { operation: 'load-element', errcode: 'ME_UNREACHABLE', message },
          }));
        }
      }
      return false;
    },
  );
  loading.set(tag, p);
  return p;
}

/**
 * A signed-in visitor's `<matrix-room>`: its summary and first page asked for now, while the element's chunks
 * download (src/early-requests.ts, a chunk of its own: the pages without a room do not pay for it).
 */
function sendEarlyRequests(room: Element): void {
  const stored = storedSession();
  // Once the element is defined, its session asks for itself: asking as well would ask twice.
  if (stored) import('./early-requests.ts').then((m) => customElements.get('matrix-room') || m.sendEarlyRequests(room, stored), () => undefined);
}

/** Loads every undefined `matrix-*` element in `node` (itself included); returns the imports under way. */
function scan(node: Node): Array<Promise<boolean>> {
  const pending: Array<Promise<boolean>> = [];
  const visit = (el: Element) => {
    if (!el.localName.startsWith(PREFIX)) return;
    if (el.localName === 'matrix-room' && !customElements.get('matrix-room')) sendEarlyRequests(el);
    const p = load(el.localName);
    if (p) pending.push(p);
  };
  if (node instanceof Element) visit(node);
  // `:not(:defined)` matches only custom elements not defined yet: defined ones and plain HTML cost nothing.
  if (node instanceof Element || node instanceof Document || node instanceof DocumentFragment) {
    for (const el of node.querySelectorAll(':not(:defined)')) visit(el);
  }
  return pending;
}

const observer = new MutationObserver((records) => {
  for (const r of records) for (const n of r.addedNodes) if (n.nodeType === Node.ELEMENT_NODE) scan(n);
});

/**
 * Also watch `root` (a shadow root, or any subtree the document observer does not see) for matrix-embed
 * elements, now and whenever some are added. The document itself is watched from the start.
 */
export function observe(root: Document | ShadowRoot | Element): void {
  if (roots.has(root)) return;
  roots.add(root);
  scan(root);
  observer.observe(root, { childList: true, subtree: true });
}

/**
 * Resolves when every matrix-embed element present in the document and in the observed shadow roots is defined
 * (unknown `matrix-*` tags are skipped: they only warn). Rejects when an element's module fails to load.
 * Elements added while it waits are waited for too.
 */
export async function allDefined(): Promise<void> {
  // A module that loaded yet left its tag undefined (another script owns the tag) must not make this spin.
  const awaited = new Set<Promise<boolean>>();
  for (;;) {
    const pending = [...roots].flatMap((root) => scan(root)).filter((p) => !awaited.has(p));
    if (!pending.length) return;
    for (const p of pending) awaited.add(p);
    if ((await Promise.all(pending)).includes(false)) {
      throw new Error('matrix-embed: an element could not be loaded (see the console and the matrix-error event)');
    }
  }
}

/**
 * The page's one session, loading the session code on the first call (the loader itself stays small for pages
 * that never use it): `const session = await getSession();`. `matrix-embed/all.js` exports the same session
 * synchronously; `await` works with both.
 */
export async function getSession(): Promise<MatrixSession> {
  return (await import('./session/get-session.ts')).getSession();
}

observe(document);

// Types only (erased at build time: nothing is loaded for them).
export type { MatrixLogin } from './components/login/login.ts';
export type { MatrixRoom } from './components/room/room.ts';
export type { MatrixJoinButton, JoinButtonSize, JoinButtonVariant } from './components/join-button/join-button.ts';
export type { MatrixChatLauncher, LauncherPosition } from './components/chat-launcher/chat-launcher.ts';
export type {
  MatrixSession, SessionUser, SignInOptions, RegisterOptions, OAuthOptions, ServerAuth, UiaHandler, UiaStep, UiaAnswer, Policy,
} from './session/session.ts';
export type { SessionStatus, MatrixErrorInfo, RoomSummary, TimelineItem } from './session/types.ts';
export type { MatrixErrorEvent } from './events/matrix-error.ts';
export type { MatrixLoginEvent, MatrixSessionDetail } from './events/matrix-login.ts';
export type { MatrixAfterLoginEvent } from './events/matrix-after-login.ts';
export type { MatrixLogoutEvent } from './events/matrix-logout.ts';
export type { MatrixAfterLogoutEvent } from './events/matrix-after-logout.ts';
export type { MatrixJoinEvent } from './events/matrix-join.ts';
export type { MatrixAfterJoinEvent } from './events/matrix-after-join.ts';
export type { MatrixSendEvent } from './events/matrix-send.ts';
export type { MatrixAfterSendEvent } from './events/matrix-after-send.ts';
export type { MatrixMessageEvent } from './events/matrix-message.ts';
export type { MatrixLauncherToggleEvent, LauncherToggleDetail } from './events/matrix-launcher-toggle.ts';
