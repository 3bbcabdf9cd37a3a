/**
 * A repeat visit's first paint: the room's last screen (`RoomScreen` of session/room-cache.ts, written by
 * components/room/room-screen.ts), drawn into the `<matrix-room>` by the loader's early chunk before any of the
 * element's code has run. The element's own code then arrives, renders into the same shadow root (Lit reuses a
 * shadow root that is already there) and takes the picture away once it shows the room itself.
 *
 * What is read back is untrusted (another script of the site could have written it), so the tree is rebuilt
 * node by node through allowlists, like a sanitized message body: known tags only, a few presentational
 * attributes, no URLs at all (no `href`, no `src`, no stylesheet `url()`), no event handlers, no `style`. The
 * picture is `inert`: nothing in it can be focused, clicked or typed into, and assistive technology does not see
 * it (it sees the element's own "loading" state until the element is ready).
 */
import type { RoomScreen } from './session/room-cache.ts';

/** SCREEN_PREFIX of session/room-cache.ts, written out: this chunk shares no module with the elements. */
const PREFIX = 'matrix-embed:v1:screen:';
/** CACHE_MAX_AGE_MS of session/room-cache.ts: an older screen is not worth showing. */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;
/** Bounds on what is built: a screen the element wrote is far below them. */
const MAX_CHARS = 512 * 1024;
const MAX_NODES = 6000;
const MAX_DEPTH = 100;

const TAGS = new Set(
  ('div span bdi header footer section p a time strong em b i u s del strike code pre blockquote ul ol li ' +
    'h1 h2 h3 h4 h5 h6 br hr sup sub details summary button form label textarea input img table thead tbody ' +
    'tr th td caption font slot').split(' '),
);
const SVG_TAGS = new Set(['svg', 'path', 'g', 'circle', 'rect', 'line', 'polyline', 'polygon']);
const ATTRIBUTES =
  /^(?:class|part|role|title|datetime|dir|lang|type|rows|placeholder|width|height|viewBox|fill|stroke|stroke-width|stroke-linecap|stroke-linejoin|d|points|cx|cy|r|x|y|x1|x2|y1|y2|focusable|aria-[a-z]+|data-[a-z][a-z-]*)$/;
const SVG_NS = 'http://www.w3.org/2000/svg';

/** SCREEN_CLASS of session/room-cache.ts: the picture's wrapper, which the element takes away. */
const SCREEN_CLASS = 'last-screen';

/**
 * Paints `userId`'s last screen of the room at `address` into `room` (not defined yet, no shadow root), if one
 * is stored and sound. Returns whether it did.
 */
export function paintLastScreen(room: Element, userId: string, address: string): boolean {
  if (room.shadowRoot || customElements.get('matrix-room')) return false;
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(`${PREFIX}${userId} ${address}`);
  } catch {
    return false;
  }
  if (!raw || raw.length > MAX_CHARS) return false;
  let screen: Partial<RoomScreen> | null;
  try {
    screen = JSON.parse(raw) as Partial<RoomScreen> | null;
  } catch {
    return false;
  }
  if (
    screen?.v !== 1 || screen.userId !== userId || screen.address !== address || typeof screen.savedAt !== 'number' ||
    !(Date.now() - screen.savedAt < MAX_AGE_MS) || typeof screen.css !== 'string' || /url\(|@import/i.test(screen.css) ||
    !Array.isArray(screen.tree)
  ) {
    return false;
  }
  const wrapper = document.createElement('div');
  wrapper.className = SCREEN_CLASS;
  wrapper.inert = true;
  let budget = MAX_NODES;
  const build = (node: unknown, parent: Node, depth: number): void => {
    if (--budget < 0) return;
    if (typeof node === 'string') {
      parent.appendChild(document.createTextNode(node));
      return;
    }
    if (!Array.isArray(node) || depth > MAX_DEPTH || typeof node[0] !== 'string' || !Array.isArray(node[1])) return;
    const [tag, attributes, ...children] = node as [string, unknown[], ...unknown[]];
    const svg = tag.startsWith('svg:');
    const name = svg ? tag.slice(4) : tag;
    if (!(svg ? SVG_TAGS : TAGS).has(name)) return;
    const el = svg ? document.createElementNS(SVG_NS, name) : document.createElement(name);
    for (let i = 0; i + 1 < attributes.length; i += 2) {
      const [key, value] = [attributes[i], attributes[i + 1]];
      if (typeof key === 'string' && typeof value === 'string' && ATTRIBUTES.test(key)) el.setAttribute(key, value);
    }
    // A field's text is its value, which is never kept: the picture's composer is empty.
    if (name !== 'textarea') for (const child of children) build(child, el, depth + 1);
    parent.appendChild(el);
  };
  for (const node of screen.tree) build(node, wrapper, 0);
  if (budget < 0) return false;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(screen.css);
  const root = room.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [sheet];
  root.appendChild(wrapper);
  // The element's code could not be loaded (the loader says so with this event): no stale picture stays.
  room.addEventListener('matrix-error', (e) => {
    if ((e as CustomEvent<{ operation?: string }>).detail?.operation === 'load-element') wrapper.remove();
  });
  // The newest messages at the bottom, as the element shows them.
  const timeline = root.querySelector('[part~="timeline"]');
  if (timeline) timeline.scrollTop = timeline.scrollHeight;
  return true;
}
