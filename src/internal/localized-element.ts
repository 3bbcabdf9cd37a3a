import { LitElement } from 'lit';
import { withLocale } from '../session/texts.ts';
import { listenForLocale, loadLocale, resolveLocale, stopListeningForLocale, templatesOf, type Locale } from './localize.ts';

/**
 * The base of every element: it renders in its own locale (see `internal/localize.ts`), and waits for that
 * locale's translations before it renders, so a German page never flashes English first.
 *
 * Its subclasses declare their reactive properties in `static properties`, with `declare` fields whose initial
 * values the constructor sets (through Lit's setters, as a decorated field's initializer did), not with Lit's
 * decorators: esbuild lowers each decorated `accessor` to a private field and a WeakMap, plus a copy of the
 * decorator helpers in every element's chunk, which came to 1.4-1.6 kB gzip of each element's first paint (issue
 * 14's budgets). `@state()` is `{ state: true, attribute: false }`; `@query(s)` is a getter of
 * `this.renderRoot?.querySelector(s) ?? null`.
 */
export class LocalizedElement extends LitElement {
  #locale: Locale = 'en';
  #pending: Promise<void> | undefined;
  readonly #listener = { localeMayHaveChanged: () => this.#resolve(true) };

  /**
   * The language the element writes in: `en`, `de` or `fr`, from its nearest `lang` attribute (its own, an
   * ancestor's, `<html lang>`), then the browser's languages.
   */
  get locale(): string {
    return this.#locale;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    listenForLocale(this, this.#listener);
    this.#resolve(false);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    stopListeningForLocale(this.#listener);
  }

  #resolve(rerender: boolean): void {
    const locale = resolveLocale(this);
    if (locale === this.#locale && !this.#pending) return;
    this.#locale = locale;
    this.#pending = loadLocale(locale)?.then(() => {
      if (this.#locale === locale) this.#pending = undefined;
    });
    if (rerender) this.requestUpdate();
  }

  /**
   * The whole update (willUpdate, render, updated, the controllers' hooks) runs in the element's language, and
   * what it rendered says which one (`lang` on the shadow root's top elements): on a Spanish page showing
   * English, a screen reader reads our words with an English voice (WCAG 3.1.2).
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const pending = this.#pending;
    const run = () => this.inLocale(() => {
      super.scheduleUpdate();
      for (const el of this.renderRoot.children) if (el.getAttribute('lang') !== this.#locale) el.setAttribute('lang', this.#locale);
    });
    return pending ? pending.then(run) : run();
  }

  /**
   * Runs `fn` in this element's language: for text written outside render (an event's message, say).
   * @internal
   */
  inLocale<T>(fn: () => T): T {
    return withLocale(this.#locale, templatesOf(this.#locale), fn);
  }
}
