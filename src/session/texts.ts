/**
 * Every sentence people read goes through `msg()`: the elements', the tiles' and the session's own (its error
 * texts). The signatures carry @lit/localize's type brands, so `lit-localize extract` finds these calls as its
 * own and writes them to `xliff/<locale>.xlf`; `lit-localize build` turns the translations into
 * `src/locales/<locale>.ts` (runtime mode), loaded on demand by `src/internal/localize.ts`.
 *
 * Why not @lit/localize's global `msg`: it has one locale per page, installed once per page — a page whose own
 * code also uses @lit/localize would then fail to configure it (or we would) — and our elements each follow
 * their nearest `lang`. So the lookup is installed here by `internal/localize.ts` (session/ stays free of Lit
 * packages, test/architecture), and the locale is the element's being rendered (`withLocale`).
 */

/** What `str\`…\`` returns: @lit/localize's shape, so its runtime lookup and its generated modules fit. */
export interface StrResult {
  strTag: true;
  strings: TemplateStringsArray;
  values: unknown[];
}
export interface MsgOptions {
  /** A fixed id, for two messages with the same English words but different meanings. */
  id?: string;
  /** Context for translators (written to the XLIFF `<note>`). */
  desc?: string;
}
/** A Lit `html` template (structurally: session/ imports nothing of Lit); its translation keeps the values. */
interface HtmlTemplate {
  strings: TemplateStringsArray;
  values: readonly unknown[];
}
type Templates = Record<string, unknown>;
type Lookup = (templates: Templates | undefined, template: string | StrResult | HtmlTemplate, options?: MsgOptions) => unknown;

/** A message with interpolated values: `msg(str\`Joined ${name}\`)`. */
export const str = ((strings: TemplateStringsArray, ...values: unknown[]): StrResult => ({ strTag: true, strings, values })) as ((
  strings: TemplateStringsArray,
  ...values: unknown[]
) => StrResult) & { _LIT_LOCALIZE_STR_?: never };

function english(template: string | StrResult | HtmlTemplate): unknown {
  if (typeof template === 'string' || !('strTag' in template)) return template;
  return template.strings.reduce((out, s, i) => out + String(template.values[i - 1]) + s);
}

interface Active {
  locale: string;
  templates: Templates | undefined;
}
let lookup: Lookup = (_t, template) => english(template);
let pageLocale: Active = { locale: 'en', templates: undefined };
let active: Active = pageLocale;

interface Msg {
  (template: string | StrResult, options?: MsgOptions): string;
  /** A sentence with markup in it, such as a name isolated in `<bdi>`: `msg(html\`${renderName(n)} joined\`)`. */
  <T extends HtmlTemplate>(template: T, options?: MsgOptions): T;
  _LIT_LOCALIZE_MSG_?: never;
}

/** The translated text of `template` in the active locale (English, the source, when it has no translation). */
export const msg = ((template: string | StrResult | HtmlTemplate, options?: MsgOptions) => lookup(active.templates, template, options)) as Msg;

/** Installs the translation lookup (@lit/localize's runtime), once, from the components layer. */
export function installLookup(fn: Lookup): void {
  lookup = fn;
}

/** The locale for text made outside any element's render (the page's: `<html lang>`, then the browser). */
export function setPageLocale(locale: string, templates: Templates | undefined): void {
  const wasActive = active === pageLocale;
  pageLocale = { locale, templates };
  if (wasActive) active = pageLocale;
}

/** Runs `fn` with `locale` active: an element's render, or an element's handler that writes a message. */
export function withLocale<T>(locale: string, templates: Templates | undefined, fn: () => T): T {
  const before = active;
  active = { locale, templates };
  try {
    return fn();
  } finally {
    active = before;
  }
}

/** The locale text is being written in now: for `Intl` plurals, numbers and dates. */
export function currentLocale(): string {
  return active.locale;
}

/** Intl objects of the active locale by kind (and options): building one loads locale data (~15 ms the first time, 4× that on a slow phone). */
const intlObjects = new Map<string, unknown>();

/** The `kind` Intl object for the active locale, made by `make` on first use and kept. */
export function intlFor<T>(kind: string, make: (locale: string) => T): T {
  const locale = currentLocale();
  const key = `${kind}|${locale}`;
  if (!intlObjects.has(key)) intlObjects.set(key, make(locale));
  return intlObjects.get(key) as T;
}

/**
 * `one` or `other` by the active locale's plural rules (`Intl.PluralRules`): French counts 0 as "one", English
 * does not. Both forms are full messages, so translators write each: `plural(n, msg(str\`${x} member\`), …)`.
 */
export function plural(n: number, one: string, other: string): string {
  return intlFor('plural', (l) => new Intl.PluralRules(l)).select(n) === 'one' ? one : other;
}

/** `n` written the active locale's way (1,234 / 1.234 / 1 234). */
export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return intlFor(`number${options ? JSON.stringify(options) : ''}`, (l) => new Intl.NumberFormat(l, options)).format(n);
}
