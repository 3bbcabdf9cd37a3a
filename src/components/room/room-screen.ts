import type { ReactiveController, ReactiveElement } from 'lit';
import type { RoomViewState } from '../../session/room-view.ts';
import type { MatrixSession } from '../../session/session.ts';
import { SCREEN_CLASS, screenKey, screenKeys, type RoomScreen, type ScreenElement, type ScreenNode } from '../../session/room-cache.ts';

/** A screen is written at most this often while the room changes on screen (and when the page goes away). */
const WRITE_AFTER_MS = 2000;
/** The newest rows kept: more than a tall timeline shows (20 messages are about two screens), fewer than it holds. */
const ROWS = 30;
/** Screens kept per user: the rooms of the last pages they read. */
const ROOMS = 3;
/** The picture of the last visit is taken away after this long even if the room is still loading. */
const HAND_OVER_MS = 5000;
/** Attributes that only the live element uses (focus, ids, delivery), or that hold URLs: never written. */
const SKIPPED_ATTRIBUTES = /^(?:style|id|for|tabindex|href|src|srcset|target|rel|data-(?:row-id|event-id|tab-off|reply-to))$/;

/**
 * The room's last screen (`RoomScreen`, session/room-cache.ts): written a moment after the room changed on
 * screen, for the loader to paint on the next visit before the element's code has run (src/screen-paint.ts);
 * and on this visit, the loader's picture taken away in the same frame as the element first shows the room
 * itself, so there is no flash of the loading state in between. Unsent messages are never written (their text
 * is kept only as long as needed, see SECURITY.md), nor the composer's draft, nor transient notices.
 */
export class RoomScreenController implements ReactiveController {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private handOverBy = 0;

  /** `view`: what the room shows; `renderer`: whether the timeline's renderer is in; `session`: the page's. */
  constructor(
    private readonly host: ReactiveElement,
    private readonly view: () => RoomViewState['kind'],
    private readonly renderer: () => boolean,
    private readonly session: () => MatrixSession,
  ) {
    host.addController(this);
  }

  /** The element shows the room itself now: not loading, and a timeline has its renderer. */
  private shown(): boolean {
    const kind = this.view();
    return kind !== 'loading' && (this.renderer() || (kind !== 'preview' && kind !== 'joined'));
  }

  /** Who reads which room while a signed-in visitor (or a guest) has it open, live; else undefined. */
  private reader(): { userId: string; address: string } | undefined {
    const userId = this.session().userId;
    const address = this.host.getAttribute('room')?.trim() ?? '';
    return this.view() === 'joined' && userId && this.renderer() ? { userId, address } : undefined;
  }

  hostConnected(): void {
    globalThis.addEventListener?.('pagehide', this.writeNow);
    if (this.picture()) {
      this.handOverBy = Date.now() + HAND_OVER_MS;
      setTimeout(() => this.host.requestUpdate(), HAND_OVER_MS);
    }
  }

  hostDisconnected(): void {
    globalThis.removeEventListener?.('pagehide', this.writeNow);
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  hostUpdated(): void {
    const picture = this.picture();
    if (picture) {
      const done = this.shown() || Date.now() >= this.handOverBy;
      // The element renders before the picture (Lit renders before a shadow root's first child): hidden until then.
      for (const el of this.host.renderRoot.children) if (el !== picture) (el as HTMLElement).style.display = done ? '' : 'none';
      // Emptied and hidden, not removed: Lit renders before it (its first render's `renderBefore`), so it stays.
      if (done) {
        picture.replaceChildren();
        picture.classList.remove(SCREEN_CLASS);
        (picture as HTMLElement).hidden = true;
      }
      return;
    }
    if (this.reader() && this.timer === undefined) this.timer = setTimeout(this.writeWhenIdle, WRITE_AFTER_MS);
  }

  private picture(): Element | null {
    // (`:scope` matches nothing in a shadow root: its children are looked at directly.)
    return [...(this.host.shadowRoot?.children ?? [])].find((el) => el.classList.contains(SCREEN_CLASS)) ?? null;
  }

  /** A few milliseconds of work (the tree, then storage): not in the middle of typing or scrolling. */
  private readonly writeWhenIdle = (): void => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(this.writeNow, { timeout: WRITE_AFTER_MS });
    else this.writeNow();
  };

  private readonly writeNow = (): void => {
    clearTimeout(this.timer);
    this.timer = undefined;
    const reader = this.reader();
    const root = this.host.shadowRoot;
    // Only a room in the page itself: the loader paints rooms it finds in the document.
    if (!reader || !root || this.picture() || this.host.getRootNode() !== document || !/^[#!]\S+$/.test(reader.address)) return;
    try {
      const screen: RoomScreen = {
        v: 1,
        userId: reader.userId,
        address: reader.address,
        savedAt: Date.now(),
        css: root.adoptedStyleSheets.map((sheet) => Array.from(sheet.cssRules, (rule) => rule.cssText).join('\n')).join('\n'),
        tree: [...root.children].map((el) => describe(el, 0)).filter((n): n is ScreenNode => n !== undefined),
      };
      const key = screenKey(reader.userId, reader.address);
      localStorage.setItem(key, JSON.stringify(screen));
      const others = screenKeys(localStorage, reader.userId).filter((k) => k !== key);
      if (others.length >= ROOMS) {
        const savedAt = (k: string) => (JSON.parse(localStorage.getItem(k) ?? '{}') as Partial<RoomScreen>).savedAt ?? 0;
        others.sort((a, b) => savedAt(b) - savedAt(a)).slice(ROOMS - 1).forEach((k) => localStorage.removeItem(k));
      }
    } catch {
      // Full or blocked storage: the next visit paints from the network.
    }
  };
}

/** `el` as a screen node, or undefined for what a picture must not hold. */
function describe(el: Element, depth: number): ScreenNode | undefined {
  // Not drawn: dialogs, transient notices, and what shows only on hover or focus (a row's action buttons, a
  // third of a timeline's nodes: each one costs the picture's first layout).
  // Not drawn: dialogs, transient notices (the connection's among them), and what shows only on hover or focus
  // (a row's action buttons: a third of a timeline's nodes, each one a cost of the picture's first layout).
  const skipped = '[role="status"], [role="alert"], [aria-live], [part="connection"], .jump, .actions';
  if (depth > 100 || el.localName === 'dialog' || el.matches(skipped)) return undefined;
  // Rows of messages not on the server yet (sending, failed, queued): their text stays out of storage.
  if (el.classList.contains('row') && !el.classList.contains('sent')) return undefined;
  const attributes: string[] = [];
  for (const a of el.attributes) if (!SKIPPED_ATTRIBUTES.test(a.name)) attributes.push(a.name, a.value);
  const tag = el.namespaceURI === 'http://www.w3.org/2000/svg' ? `svg:${el.localName}` : el.localName;
  const node: ScreenElement = [tag, attributes];
  if (el.localName === 'textarea') return node;
  let children = [...el.childNodes];
  // The timeline keeps its first child (the history edge) and its newest rows.
  if (el.getAttribute('part') === 'timeline') {
    const elements = children.filter((c) => c.nodeType === Node.ELEMENT_NODE);
    if (elements.length > ROWS + 1) children = [elements[0], ...elements.slice(-ROWS)];
  }
  for (const child of children) {
    if (child.nodeType === Node.TEXT_NODE) {
      const text = (child as Text).data;
      if (text) node.push(/^\s+$/.test(text) ? ' ' : text);
    } else if (child.nodeType === Node.ELEMENT_NODE) {
      const sub = describe(child as Element, depth + 1);
      if (sub !== undefined) node.push(sub);
    }
  }
  return node;
}
