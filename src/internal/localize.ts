/**
 * Which language each element writes in, and the translations it needs, loaded on demand.
 *
 * An element follows its nearest `lang` (its own attribute, an ancestor's — across shadow roots — then
 * `<html lang>`), then the browser's languages; the first one we ship wins, else English (the source). Changing
 * any `lang` on the page, or the browser's languages, re-renders the elements it concerns.
 *
 * The lookup is @lit/localize's runtime (`localize-runtime.ts`, loaded with the first translations; the modules
 * `lit-localize build` writes to `src/locales/`), installed into `session/texts.ts` — see there why not its
 * page-wide `configureLocalization`.
 */
import { allLocales, sourceLocale } from '../locales/locale-codes.ts';
import { setPageLocale } from '../session/texts.ts';

export type Templates = Record<string, unknown>;
export type Locale = (typeof allLocales)[number];

const loaders: Record<Exclude<Locale, typeof sourceLocale>, () => Promise<{ templates: Templates }>> = {
  de: () => import('../locales/de.ts'),
  fr: () => import('../locales/fr.ts'),
};
const loaded = new Map<Locale, Templates | undefined>([[sourceLocale, undefined]]);
const loading = new Map<Locale, Promise<void>>();

/** The translations of `locale` when they are loaded (`undefined` for English, which needs none). */
export function templatesOf(locale: Locale): Templates | undefined {
  return loaded.get(locale);
}

/** Loads `locale`'s translations once; a failed load (offline, a CDN miss) leaves that locale in English. */
export function loadLocale(locale: Locale): Promise<void> | undefined {
  if (loaded.has(locale)) return undefined;
  let p = loading.get(locale);
  if (!p) {
    p = Promise.all([loaders[locale as keyof typeof loaders](), import('./localize-runtime.ts')]).then(
      ([m]) => void loaded.set(locale, m.templates),
      (e: unknown) => {
        console.warn(`matrix-embed: could not load the "${locale}" translations; showing English.`, e);
        loaded.set(locale, undefined);
      },
    );
    loading.set(locale, p);
  }
  return p;
}

function hostOf(node: Element): Element | null {
  const root = node.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

/** The nearest non-empty `lang` at or above `el`, crossing shadow roots (`lang=""` means unknown: look higher). */
export function nearestLang(el: Element): string {
  let node: Element | null = el;
  while (node) {
    const found: Element | null = node.closest('[lang]');
    if (!found) {
      node = hostOf(node);
      continue;
    }
    const lang = found.getAttribute('lang')!.trim();
    if (lang) return lang;
    node = found.parentElement ?? hostOf(found);
  }
  return '';
}

/** The shipped locale for a BCP 47 tag: exact (`de`), else by its language (`de-AT` → `de`). */
export function matchLocale(tag: string): Locale | undefined {
  const lower = tag.toLowerCase();
  const exact = allLocales.find((l) => l.toLowerCase() === lower);
  return exact ?? allLocales.find((l) => l === lower.split(/[-_]/)[0]);
}

/** The locale an element writes in: its nearest `lang`, then the browser's languages, then English. */
export function resolveLocale(el: Element): Locale {
  for (const tag of [nearestLang(el), ...(globalThis.navigator?.languages ?? [])]) {
    const locale = tag ? matchLocale(tag) : undefined;
    if (locale) return locale;
  }
  return sourceLocale;
}

/** Something that re-resolves its locale when a `lang` or the browser's languages change. */
export interface LocaleListener {
  localeMayHaveChanged(): void;
}
const listeners = new Set<LocaleListener>();
let observer: MutationObserver | undefined;

function notifyAll(): void {
  updatePageLocale();
  for (const l of listeners) l.localeMayHaveChanged();
}

/** Watches `el` (its own `lang`, which a document-wide observer misses inside a shadow root) and the page. */
export function listenForLocale(el: Element, listener: LocaleListener): void {
  if (!observer) {
    observer = new MutationObserver(notifyAll);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
    globalThis.addEventListener('languagechange', notifyAll);
  }
  if (hostOf(el)) observer.observe(el, { attributes: true, attributeFilter: ['lang'] });
  listeners.add(listener);
}

export function stopListeningForLocale(listener: LocaleListener): void {
  listeners.delete(listener);
}

/** Text written outside any element (the session's notices) follows `<html lang>`, then the browser. */
let pageRequest = 0;
function updatePageLocale(): void {
  if (typeof document === 'undefined') return;
  const locale = resolveLocale(document.documentElement);
  const request = ++pageRequest;
  const apply = () => {
    if (request === pageRequest) setPageLocale(locale, templatesOf(locale));
  };
  const pending = loadLocale(locale);
  if (pending) void pending.then(apply);
  else apply();
}
updatePageLocale();
