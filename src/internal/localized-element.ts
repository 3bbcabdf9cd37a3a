import { LitElement } from 'lit';
import { withLocale } from '../session/texts.ts';
import { listenForLocale, loadLocale, resolveLocale, stopListeningForLocale, templatesOf, type Locale } from './localize.ts';

/**
 * The base of every element: it renders in its own locale (see `internal/localize.ts`), and waits for that
 * locale's translations before it renders, so a German page never flashes English first.
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
