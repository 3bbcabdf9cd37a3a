/**
 * User-level reads and actions over `<matrix-join-button>`'s shadow DOM (Material Web's harness pattern):
 * tests read like what a visitor sees and does — the button's name, "128 members", click "Join".
 */
import type { MatrixJoinButton } from '../../src/components/join-button/join-button.ts';
import type { MatrixLogin } from '../../src/components/login/login.ts';
import { LoginHarness } from './login-harness.ts';
import { waitUntil } from './room-harness.ts';

export type JoinButtonState = 'loading' | 'ready' | 'joining' | 'joined' | 'error';

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

export class JoinButtonHarness {
  constructor(readonly element: MatrixJoinButton) {}

  /** Creates `<matrix-join-button>` with attributes, attaches it to `parent` (default: body) and wraps it. */
  static create(attributes: Record<string, string>, parent: HTMLElement = document.body): JoinButtonHarness {
    const el = document.createElement('matrix-join-button');
    for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
    parent.append(el);
    return new JoinButtonHarness(el);
  }

  get root(): ShadowRoot {
    const root = this.element.shadowRoot;
    if (!root) throw new Error('matrix-join-button has no shadow root');
    return root;
  }

  state(): JoinButtonState | undefined {
    for (const s of ['loading', 'ready', 'joining', 'joined', 'error'] as const) {
      if (this.element.matches(`:state(${s})`)) return s;
    }
    return undefined;
  }

  async waitForState(state: JoinButtonState, timeout = 15_000): Promise<void> {
    await waitUntil(() => this.state() === state, `join button state ${state} (now ${this.state()}; "${this.text()}")`, timeout);
  }

  /** Everything the button shows ('' while the element is not defined yet, e.g. its module is still loading). */
  text(): string {
    return norm(this.element.shadowRoot?.textContent);
  }

  /** The join button (absent when there is nothing to join). */
  button(): HTMLButtonElement | null {
    return this.root.querySelector<HTMLButtonElement>('button[part="button"]');
  }

  /** What the button says, e.g. "Join Lobby 128 members". */
  buttonText(): string {
    return norm(this.root.querySelector('[part="button"]')?.textContent);
  }

  /**
   * The join button's accessible name from its content (it has no aria-label): text and image alt, skipping
   * aria-hidden parts — the "name from content" computation for a button.
   */
  accessibleName(): string {
    const b = this.button();
    if (!b) return '';
    if (b.hasAttribute('aria-label') || b.hasAttribute('aria-labelledby')) throw new Error('the button is labelled by an attribute');
    const walk = (n: Node): string => {
      if (n.nodeType === Node.TEXT_NODE) return n.textContent ?? '';
      if (!(n instanceof Element) || n.getAttribute('aria-hidden') === 'true') return '';
      if (n instanceof HTMLImageElement) return n.alt ? ` ${n.alt} ` : '';
      const inner = [...n.childNodes].map(walk).join('');
      return getComputedStyle(n).display === 'block' || getComputedStyle(n).display === 'flex' ? ` ${inner} ` : inner;
    };
    return norm(walk(b));
  }

  /** "Join Lobby" / "Joined Lobby". */
  label(): string {
    return norm(this.root.querySelector('[part="label"]')?.textContent).replace(/^✓\s*/, '');
  }

  count(): string {
    return norm(this.root.querySelector('[part="count"]')?.textContent);
  }

  avatar(): HTMLElement | null {
    return this.root.querySelector<HTMLElement>('[part="avatar"]');
  }

  appLink(): HTMLAnchorElement | null {
    return this.root.querySelector<HTMLAnchorElement>('a[part="app-link"]');
  }

  openButton(): HTMLButtonElement | null {
    return this.root.querySelector<HTMLButtonElement>('[part="open-button"]');
  }

  message(): string {
    return norm(this.root.querySelector('[part="message"]')?.textContent);
  }

  dialog(): HTMLDialogElement | null {
    return this.root.querySelector('dialog');
  }

  /** The accessible name of the dialog (its aria-labelledby text). */
  dialogName(): string {
    const id = this.dialog()?.getAttribute('aria-labelledby');
    return norm(id ? this.root.getElementById(id)?.textContent : '');
  }

  /** The `<matrix-login>` inside the sign-in dialog. */
  login(): LoginHarness {
    const el = this.dialog()?.querySelector('matrix-login') as MatrixLogin | null;
    if (!el) throw new Error(`No sign-in form in the dialog. Text: "${this.text()}"`);
    return new LoginHarness(el);
  }

  async click(): Promise<void> {
    const b = this.button();
    if (!b) throw new Error(`No join button. Text: "${this.text()}"`);
    b.click();
    await this.element.updateComplete;
  }

  /** The element in this shadow root that has focus. */
  focused(): Element | null {
    return this.root.activeElement;
  }
}
