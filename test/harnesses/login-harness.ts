/**
 * User-level actions on <matrix-login>, keeping every shadow-DOM query in one place (Material Web's harness
 * pattern): tests read like what a person does — fill "Username", press "Sign in", read the error under it.
 */
import type { MatrixLogin } from '../../src/components/login/login.ts';

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

export class LoginHarness {
  constructor(readonly element: MatrixLogin) {}

  get root(): ShadowRoot {
    return this.element.shadowRoot!;
  }

  async settle(): Promise<void> {
    await this.element.updateComplete;
  }

  /** Waits until `predicate` holds (re-checking after each render), or fails with `what`. */
  async waitFor(predicate: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
    const start = Date.now();
    for (;;) {
      // The element may not be defined yet (the loader imports it when it first appears): no shadow root to
      // read until then, so a predicate that reads it is simply not true yet.
      await this.settle();
      let held = false;
      try {
        held = predicate();
      } catch {
        held = false;
      }
      if (held) return;
      if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}. Text: "${this.element.shadowRoot ? this.text() : '(not rendered yet)'}"`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  text(): string {
    return norm(this.root.textContent);
  }

  tabs(): HTMLElement[] {
    return [...this.root.querySelectorAll<HTMLElement>('[role="tab"]')];
  }

  tab(name: string): HTMLElement | undefined {
    return this.tabs().find((t) => norm(t.textContent) === name);
  }

  selectedTab(): string {
    return norm(this.tabs().find((t) => t.getAttribute('aria-selected') === 'true')?.textContent);
  }

  /** The input labelled `label` (by its <label for>). */
  field(label: string): HTMLInputElement | undefined {
    const l = [...this.root.querySelectorAll('label')].find((x) => norm(x.textContent) === label);
    const id = l?.htmlFor;
    return id ? (this.root.getElementById(id) as HTMLInputElement | null) ?? undefined : undefined;
  }

  /** A button by its name (tabs are not buttons here: use `tab()`). */
  button(name: string): HTMLButtonElement | undefined {
    return [...this.root.querySelectorAll('button:not([role="tab"])')].find((b) => norm(b.textContent) === name) as
      | HTMLButtonElement
      | undefined;
  }

  buttonNames(): string[] {
    return [...this.root.querySelectorAll('button:not([role="tab"])')].map((b) => norm(b.textContent));
  }

  async fill(label: string, value: string): Promise<void> {
    const input = this.field(label);
    if (!input) throw new Error(`No field labelled "${label}". Text: "${this.text()}"`);
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await this.settle();
  }

  /** The checkbox inside (or named by) the label with this text. */
  checkbox(label: string): HTMLInputElement | undefined {
    const l = [...this.root.querySelectorAll('label')].find((x) => norm(x.textContent) === label);
    const input = l?.querySelector('input[type="checkbox"]') ?? (l?.htmlFor ? this.root.getElementById(l.htmlFor) : null);
    return (input as HTMLInputElement | null) ?? undefined;
  }

  async check(label: string): Promise<void> {
    const box = this.checkbox(label);
    if (!box) throw new Error(`No checkbox "${label}". Text: "${this.text()}"`);
    box.click();
    await this.settle();
  }

  /** Every link: its text, address, target and rel. */
  links(): Array<{ text: string; href: string; target: string; rel: string }> {
    return [...this.root.querySelectorAll('a')].map((a) => ({
      text: norm(a.textContent),
      href: a.href,
      target: a.target,
      rel: a.rel,
    }));
  }

  async click(name: string): Promise<void> {
    const b = this.button(name);
    if (!b) throw new Error(`No button "${name}". Buttons: ${JSON.stringify(this.buttonNames())}`);
    b.click();
    await this.settle();
  }

  async selectTab(name: 'Sign in' | 'Create account'): Promise<void> {
    const t = this.tab(name);
    if (!t) throw new Error(`No tab "${name}"`);
    t.click();
    await this.settle();
  }

  /** The message shown for a field: the first element its aria-describedby names (errors, availability). */
  errorFor(label: string): string {
    return this.descriptions(label)[0] ?? '';
  }

  /** Every text the field's aria-describedby names, in order (its message, then any hint). */
  descriptions(label: string): string[] {
    const ids = this.field(label)?.getAttribute('aria-describedby')?.split(/\s+/).filter(Boolean) ?? [];
    return ids.map((id) => norm(this.root.getElementById(id)?.textContent));
  }

  /** Texts of every role=alert message. */
  alerts(): string[] {
    return [...this.root.querySelectorAll('[role="alert"]')].map((e) => norm(e.textContent)).filter(Boolean);
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.fill('Username', username);
    await this.fill('Password', password);
    await this.click('Sign in');
  }

  isSignedIn(): boolean {
    return !!this.button('Sign out');
  }

  hasState(name: string): boolean {
    try {
      return (this.element as unknown as { internals: ElementInternals }).internals.states.has(name);
    } catch {
      return false;
    }
  }
}
