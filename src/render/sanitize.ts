/**
 * `formatted_body` (format `org.matrix.custom.html`) → Lit templates.
 *
 * Two layers, so one bug is not enough:
 * 1. DOMPurify parses the string in an inert document (`DOMParser`: no scripts run, no images load) and strips
 *    everything outside the spec allowlist. It returns nodes (`RETURN_DOM_FRAGMENT`), never a string, so no
 *    HTML string reaches a sink and the page may enforce Trusted Types.
 * 2. We walk that tree and BUILD new DOM from fixed Lit templates, one per allowed tag, re-validating every
 *    attribute we copy. Nothing from the input can name a tag or an attribute; text goes through Lit text
 *    bindings. Since the sanitized markup is never serialized and parsed again, mutation XSS (markup that
 *    changes meaning on re-parse) has nothing to act on.
 */
import DOMPurify from 'dompurify';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { until } from 'lit/directives/until.js';
import { cssProps, type CssProps } from './css-props.ts';
import { renderLink, safeLinkHref } from './links.ts';
import { lookAlikeHost } from './linkify.ts';
import { parseMxc, type MediaResolver } from './media.ts';
import { cleanName, cleanText, MAX_HTML_LENGTH } from './names.ts';
import { msg, str } from '../session/texts.ts';

/** Tags from the spec's list (+ legacy `font`, `strike`, and `mx-reply`, which we strip ourselves). */
export const ALLOWED_TAGS: readonly string[] = Object.freeze([
  'del', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'p', 'a', 'ul', 'ol', 'sup', 'sub', 'li', 'b', 'i',
  'u', 'strong', 'em', 's', 'code', 'hr', 'br', 'div', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'caption',
  'pre', 'span', 'img', 'details', 'summary', 'font', 'strike', 'mx-reply',
]);

/** Union of the spec's per-tag attributes; which tag may carry which is enforced when we rebuild. */
export const ALLOWED_ATTR: readonly string[] = Object.freeze([
  'data-mx-bg-color', 'data-mx-color', 'data-mx-spoiler', 'data-mx-maths', 'href', 'target', 'width', 'height',
  'alt', 'title', 'src', 'start', 'class', 'color',
]);

/** Nesting deeper than this is flattened to text (spec: "not rendered as-is"). */
export const MAX_DEPTH = 100;
/** Elements rebuilt per message; the rest is shown as text. Bounds the cost of a hostile message. */
export const MAX_ELEMENTS = 5000;
/** Longer `formatted_body` strings are not parsed at all; the caller shows the plain `body` (defined in names.ts). */
export { MAX_HTML_LENGTH };
/** Attribute values we copy (title, alt, maths source) are cut to this length. */
const MAX_ATTR_TEXT = 500;

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const COLOR = /^#[0-9A-Fa-f]{6}$/;
const CODE_CLASS = /^language-[A-Za-z0-9_+#.-]{1,40}$/;

/**
 * A private DOMPurify instance: hooks or config that other code on the page sets on the shared default instance
 * cannot weaken ours.
 */
const purifier = DOMPurify(window);

const PURIFY_CONFIG = {
  ALLOWED_TAGS: [...ALLOWED_TAGS],
  ALLOWED_ATTR: [...ALLOWED_ATTR],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  // DOMPurify tests EVERY non-URI-safe attribute value against this (so `start="3"` must pass it too): keep its
  // default shape (scheme-less values pass) and swap in the spec's schemes plus mxc for `img src`.
  ALLOWED_URI_REGEXP: /^(?:(?:https?|ftp|mailto|magnet|mxc):|[^a-z]|[a-z+.-]+(?:[^a-z+.:-]|$))/i,
  // A DOMPurify-level drop of content we would never show; defence in depth with the rebuild below.
  FORBID_CONTENTS: ['script', 'style', 'template', 'noscript', 'noembed', 'noframes', 'iframe', 'object', 'embed',
    'svg', 'math', 'title', 'textarea', 'xmp', 'plaintext', 'select', 'option', 'head'],
  KEEP_CONTENT: true,
  WHOLE_DOCUMENT: false,
  RETURN_DOM_FRAGMENT: true as const,
};

/** How images and other caller-specific parts are rendered. */
export interface RenderHtmlOptions {
  /**
   * Turns a validated mxc URI into a loadable URL (the room element passes one that fetches authenticated
   * media into a `blob:` URL). Without it, images show their alt text.
   */
  resolveMedia?: MediaResolver;
}

interface WalkState {
  options: RenderHtmlOptions;
  elements: number;
  tooDeep: boolean;
  truncated: boolean;
}

/**
 * Sanitize and render a `formatted_body`.
 * @returns the rendered content, or `null` when the input is not a usable string (not a string, or longer than
 *   `MAX_HTML_LENGTH`): the caller then renders the plain `body`.
 */
export function renderFormattedBody(formattedBody: unknown, options: RenderHtmlOptions = {}): TemplateResult | null {
  if (typeof formattedBody !== 'string' || formattedBody.length > MAX_HTML_LENGTH) return null;
  const fragment = purifier.sanitize(formattedBody, PURIFY_CONFIG);
  const state: WalkState = { options, elements: 0, tooDeep: false, truncated: false };
  const children = Array.from(fragment.childNodes);
  // Reply fallback: a leading <mx-reply> quotes the parent for clients without reply support. Not content.
  const first = children.findIndex((n) => !(n.nodeType === Node.TEXT_NODE && !n.textContent?.trim()));
  if (first >= 0 && isElement(children[first]) && children[first].localName === 'mx-reply') children.splice(first, 1);
  const parts = children.map((node) => renderNode(node, 1, state));
  return html`${parts}${state.tooDeep
    ? html`<span class="render-note" data-note="too-deep">${msg('(part of this message was nested too deeply to show its formatting)')}</span>`
    : nothing}${state.truncated
    ? html`<span class="render-note" data-note="truncated">${msg('(this message has too much formatting to show all of it)')}</span>`
    : nothing}`;
}

function isElement(node: Node): node is Element {
  return node.nodeType === Node.ELEMENT_NODE;
}

function renderChildren(node: Node, depth: number, state: WalkState): unknown[] {
  return Array.from(node.childNodes, (child) => renderNode(child, depth, state));
}

function renderNode(node: Node, depth: number, state: WalkState): unknown {
  if (node.nodeType === Node.TEXT_NODE) return cleanText((node as Text).data);
  if (!isElement(node)) return nothing; // comments, processing instructions
  if (depth > MAX_DEPTH) {
    state.tooDeep = true;
    return cleanText(node.textContent);
  }
  if (state.elements >= MAX_ELEMENTS) {
    state.truncated = true;
    return cleanText(node.textContent);
  }
  state.elements++;
  // Elements outside the HTML namespace (SVG/MathML that somehow survived) are never built: their
  // same-named tags (`a`, `title`, `style`) mean different things there. Keep only their text.
  if (node.namespaceURI !== HTML_NS) return renderChildren(node, depth, state);
  const inner = () => renderChildren(node, depth + 1, state);
  const tag = node.localName;
  const simple = SIMPLE_TAGS.get(tag);
  if (simple) return simple(inner());
  switch (tag) {
    case 'br':
      return html`<br />`;
    case 'hr':
      return html`<hr />`;
    case 'a':
      return renderAnchor(node, inner());
    case 'img':
      return renderImage(node, state.options);
    case 'ol': {
      const start = integerAttr(node, 'start', -1e9, 1e9);
      return html`<ol start=${ifDefined(start)}>${inner()}</ol>`;
    }
    case 'code': {
      const cls = node.getAttribute('class');
      return html`<code class=${ifDefined(cls && CODE_CLASS.test(cls) ? cls : undefined)}>${inner()}</code>`;
    }
    case 'span':
      return renderSpan(node, inner);
    case 'div': {
      const maths = node.getAttribute('data-mx-maths');
      return html`<div data-mx-maths=${ifDefined(maths === null ? undefined : cleanText(maths, MAX_ATTR_TEXT))}
        title=${ifDefined(maths === null ? undefined : cleanText(maths, MAX_ATTR_TEXT))}>${inner()}</div>`;
    }
    case 'font':
      return html`<span class="font" ${cssProps(colours(node, 'color'))}>${inner()}</span>`;
    default:
      // mx-reply that is not leading, or anything DOMPurify let through that we do not build: keep the content.
      return inner();
  }
}

/** Tags rebuilt without any attribute. A Map, so a tag named `__proto__` or `constructor` finds nothing. */
const SIMPLE_TAGS = new Map<string, (children: unknown) => TemplateResult>([
  ['p', (c) => html`<p>${c}</p>`],
  ['blockquote', (c) => html`<blockquote>${c}</blockquote>`],
  ['h1', (c) => html`<h1>${c}</h1>`],
  ['h2', (c) => html`<h2>${c}</h2>`],
  ['h3', (c) => html`<h3>${c}</h3>`],
  ['h4', (c) => html`<h4>${c}</h4>`],
  ['h5', (c) => html`<h5>${c}</h5>`],
  ['h6', (c) => html`<h6>${c}</h6>`],
  ['ul', (c) => html`<ul>${c}</ul>`],
  ['li', (c) => html`<li>${c}</li>`],
  ['b', (c) => html`<b>${c}</b>`],
  ['i', (c) => html`<i>${c}</i>`],
  ['u', (c) => html`<u>${c}</u>`],
  ['strong', (c) => html`<strong>${c}</strong>`],
  ['em', (c) => html`<em>${c}</em>`],
  ['s', (c) => html`<s>${c}</s>`],
  ['strike', (c) => html`<s>${c}</s>`],
  ['del', (c) => html`<del>${c}</del>`],
  ['sup', (c) => html`<sup>${c}</sup>`],
  ['sub', (c) => html`<sub>${c}</sub>`],
  ['pre', (c) => html`<pre>${c}</pre>`],
  ['table', (c) => html`<table>${c}</table>`],
  ['thead', (c) => html`<thead>${c}</thead>`],
  ['tbody', (c) => html`<tbody>${c}</tbody>`],
  ['tr', (c) => html`<tr>${c}</tr>`],
  ['th', (c) => html`<th>${c}</th>`],
  ['td', (c) => html`<td>${c}</td>`],
  ['caption', (c) => html`<caption>${c}</caption>`],
  // `open` is not on the allowlist: details start closed.
  ['details', (c) => html`<details>${c}</details>`],
  ['summary', (c) => html`<summary>${c}</summary>`],
]);

function renderAnchor(node: Element, children: unknown[]): unknown {
  // `target` is read by nobody: every link gets target=_blank (a user `_top` would navigate the host page).
  const href = safeLinkHref(node.getAttribute('href'));
  if (!href) return children;
  return renderLink(href, children, lookAlikeHost(node.textContent ?? '', href));
}

function renderSpan(node: Element, inner: () => unknown[]): unknown {
  const props = colours(node, 'data-mx-color');
  if (node.hasAttribute('data-mx-spoiler')) {
    const reason = cleanName(node.getAttribute('data-mx-spoiler'), 100);
    return html`<span class="spoiler" ${cssProps(props)} role="button" tabindex="0" aria-expanded="false"
      aria-label=${reason ? msg(str`Spoiler: ${reason}. Activate to reveal.`) : msg('Spoiler. Activate to reveal.')}
      @click=${revealSpoiler} @keydown=${spoilerKey}>${reason
      ? html`<span class="spoiler-reason">(${reason})</span> `
      : nothing}<span class="spoiler-content">${inner()}</span></span>`;
  }
  const maths = node.getAttribute('data-mx-maths');
  return html`<span ${cssProps(props)} data-mx-maths=${ifDefined(maths === null ? undefined : cleanText(maths, MAX_ATTR_TEXT))}
    title=${ifDefined(maths === null ? undefined : cleanText(maths, MAX_ATTR_TEXT))}>${inner()}</span>`;
}

/**
 * Text/background colours from `#RRGGBB` attributes only; anything else is ignored. A text colour on its own
 * goes to `--_fg`, which the tiles' stylesheet keeps readable on the theme's surface (a navy chosen on a light
 * client would vanish on our dark one); a pair of text and background colours is the sender's and kept as is.
 */
function colours(node: Element, colourAttr: 'color' | 'data-mx-color'): CssProps {
  const raw = node.getAttribute(colourAttr) ?? node.getAttribute('data-mx-color');
  const rawBg = node.getAttribute('data-mx-bg-color');
  const fg = raw && COLOR.test(raw) ? raw : undefined;
  const bg = rawBg && COLOR.test(rawBg) ? rawBg : undefined;
  return { [bg ? 'color' : '--_fg']: fg, 'background-color': bg };
}

function revealSpoiler(event: Event): void {
  const spoiler = event.currentTarget as HTMLElement;
  if (spoiler.hasAttribute('data-revealed')) return;
  // The first activation only reveals: a link hidden in the spoiler must not be followed blind.
  event.preventDefault();
  spoiler.setAttribute('data-revealed', '');
  spoiler.setAttribute('aria-expanded', 'true');
  spoiler.removeAttribute('role');
  spoiler.removeAttribute('aria-label');
}

function spoilerKey(event: KeyboardEvent): void {
  if (event.key !== 'Enter' && event.key !== ' ') return;
  const spoiler = event.currentTarget as HTMLElement;
  if (spoiler.hasAttribute('data-revealed')) return;
  event.preventDefault();
  revealSpoiler(event);
}

function integerAttr(node: Element, name: string, min: number, max: number): number | undefined {
  const raw = node.getAttribute(name);
  if (raw === null || !/^-?\d{1,10}$/.test(raw.trim())) return undefined;
  const n = Number(raw.trim());
  return n >= min && n <= max ? n : undefined;
}

/** Where an inline image is not loaded, its alt text stands in (no link: a tracking URL is not worth a click). */
function imagePlaceholder(alt: string): TemplateResult {
  return html`<span class="image-placeholder" data-image-placeholder>[${alt || 'image'}]</span>`;
}

/** Only URLs a resolver may hand back: our own blob URLs, or http(s) media URLs it chose. */
function isLoadableUrl(url: unknown): url is string {
  return typeof url === 'string' && /^(?:blob:|https?:\/\/)/i.test(url);
}

function renderImage(node: Element, options: RenderHtmlOptions): unknown {
  const alt = cleanName(node.getAttribute('alt') ?? node.getAttribute('title') ?? '', MAX_ATTR_TEXT);
  const title = node.hasAttribute('title') ? cleanName(node.getAttribute('title'), MAX_ATTR_TEXT) : undefined;
  const mxc = parseMxc(node.getAttribute('src'));
  if (!mxc || !options.resolveMedia) return imagePlaceholder(alt);
  const width = integerAttr(node, 'width', 1, 2000);
  const height = integerAttr(node, 'height', 1, 2000);
  const placeholder = imagePlaceholder(alt);
  let loading: Promise<unknown>;
  try {
    loading = options
      .resolveMedia(mxc, { thumbnail: { width: width ?? 800, height: height ?? 600, method: 'scale' } })
      .then(
        (url) =>
          isLoadableUrl(url)
            ? html`<img src=${url} alt=${alt} title=${ifDefined(title)} width=${ifDefined(width)}
                height=${ifDefined(height)} loading="lazy" referrerpolicy="no-referrer" />`
            : placeholder,
        () => placeholder,
      );
  } catch {
    return placeholder;
  }
  return until(loading, placeholder);
}
