/**
 * User-level reads and actions over `<matrix-chat-launcher>`'s shadow DOM: the floating button and its badge,
 * the panel, its minimize and close buttons, and the `<matrix-room>` inside.
 */
import type { MatrixChatLauncher } from '../../src/components/chat-launcher/chat-launcher.ts';
import type { MatrixRoom } from '../../src/components/room/room.ts';
import { RoomHarness, waitUntil } from './room-harness.ts';

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

export class LauncherHarness {
  constructor(readonly element: MatrixChatLauncher) {}

  static create(attributes: Record<string, string>, parent: HTMLElement = document.body): LauncherHarness {
    const el = document.createElement('matrix-chat-launcher');
    for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
    parent.append(el);
    return new LauncherHarness(el);
  }

  get root(): ShadowRoot {
    const root = this.element.shadowRoot;
    if (!root) throw new Error('matrix-chat-launcher has no shadow root');
    return root;
  }

  async settle(): Promise<void> {
    await this.element.updateComplete;
  }

  /** The floating button. */
  button(): HTMLButtonElement {
    const b = this.root.querySelector<HTMLButtonElement>('button[part="button"]');
    if (!b) throw new Error('no launcher button');
    return b;
  }

  /** The floating button's text for assistive technology ("Chat: Lobby, 2 unread messages"). */
  buttonName(): string {
    return norm(this.button().querySelector('.visually-hidden')?.textContent);
  }

  /** The number on the badge, or '' without a badge. */
  badge(): string {
    return norm(this.root.querySelector('[part="badge"]')?.textContent);
  }

  panel(): HTMLElement {
    const p = this.root.querySelector<HTMLElement>('[part="panel"]');
    if (!p) throw new Error('no panel');
    return p;
  }

  /** The panel is shown (rendered and not hidden). */
  isPanelVisible(): boolean {
    const p = this.panel();
    return !p.hidden && p.getClientRects().length > 0;
  }

  title(): string {
    return norm(this.root.querySelector('[part="title"]')?.textContent);
  }

  minimizeButton(): HTMLButtonElement {
    return this.root.querySelector<HTMLButtonElement>('[part="minimize-button"]')!;
  }

  closeButton(): HTMLButtonElement {
    return this.root.querySelector<HTMLButtonElement>('[part="close-button"]')!;
  }

  roomElement(): MatrixRoom | null {
    return this.root.querySelector('matrix-room');
  }

  room(): RoomHarness {
    const r = this.roomElement();
    if (!r) throw new Error('no matrix-room in the panel');
    return new RoomHarness(r);
  }

  /** The focused element inside the launcher's shadow root (null when focus is elsewhere). */
  focused(): Element | null {
    return this.root.activeElement;
  }

  /** Focus is in the panel (on it, or anywhere inside it, including the room). */
  focusInPanel(): boolean {
    const f = this.focused();
    return !!f && this.panel().contains(f);
  }

  async waitForBadge(text: string, timeout = 15_000): Promise<void> {
    await waitUntil(async () => {
      await this.settle();
      return this.badge() === text;
    }, `badge "${text}" (now "${this.badge()}")`, timeout);
  }
}
