/**
 * Test host for the hostile corpus: a small Lit element that renders timeline tiles in its shadow DOM exactly
 * as the room element does (tile styles adopted, `renderTimelineItem` per item), plus the checks every case
 * runs against it.
 */
import { expect } from '@open-wc/testing';
import { html, LitElement } from 'lit';
import type { TimelineItem } from '../../../src/session/types.ts';
import type { Mxc } from '../../../src/render/media.ts';
import { renderTimelineItem, tileStyles, type TileContext } from '../../../src/render/tiles/index.ts';

declare global {
  interface Window {
    __pwned?: unknown;
  }
}

/** A 1×1 transparent PNG, so resolved images are real images without any network. */
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

/** Media the fake resolver was asked for. */
export const resolvedMedia: Mxc[] = [];

/** A resolver that serves every valid mxc from a local blob: no request leaves the page. */
export function fakeResolver(mxc: Mxc): Promise<string> {
  resolvedMedia.push(mxc);
  return Promise.resolve(URL.createObjectURL(new Blob([PNG], { type: 'image/png' })));
}

export class HostileTestHost extends LitElement {
  static override styles = tileStyles;
  items: TimelineItem[] = [];
  context: TileContext = { resolveMedia: fakeResolver };

  /** Render these items and wait for Lit to commit them. */
  async show(items: TimelineItem[]): Promise<void> {
    this.items = items;
    this.requestUpdate();
    await this.updateComplete;
  }

  override render() {
    return html`<div part="timeline" role="log">${this.items.map((item) => renderTimelineItem(item, this.context))}</div>`;
  }
}
if (!customElements.get('hostile-test-host')) customElements.define('hostile-test-host', HostileTestHost);

/** Make a fresh host in the document. */
export async function makeHost(): Promise<HostileTestHost> {
  const host = document.createElement('hostile-test-host') as HostileTestHost;
  document.body.append(host);
  await host.updateComplete;
  return host;
}

/** Elements our renderers may produce. Anything else in the shadow DOM means input chose a tag. */
export const OUTPUT_TAGS = new Set([
  'div', 'span', 'a', 'p', 'b', 'i', 'u', 'strong', 'em', 's', 'del', 'sup', 'sub', 'code', 'pre', 'blockquote',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'hr', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  'caption', 'details', 'summary', 'img', 'bdi', 'button', 'time', 'dialog',
]);

/** Attributes our renderers may set. `on*`, `style` strings, `srcset`, `id`, `name`, `slot`... never. */
const OUTPUT_ATTRS = new Set([
  'class', 'href', 'rel', 'target', 'title', 'start', 'width', 'height', 'alt', 'src', 'part', 'role',
  'tabindex', 'type', 'dir', 'loading', 'referrerpolicy', 'datetime', 'style', 'data-event-id', 'data-kind',
  'data-status', 'data-mine', 'data-continuation', 'data-mx-maths', 'data-note', 'data-real-host',
  'data-image-placeholder', 'data-msgtype', 'data-reply-to', 'data-membership', 'data-state-type',
  'data-revealed', 'data-expanded', 'data-error', 'aria-expanded', 'aria-label', 'aria-pressed', 'aria-hidden',
  'aria-busy',
]);

const ALLOWED_SCHEMES = new Set(['https:', 'http:', 'ftp:', 'mailto:', 'magnet:']);
const HTML_NS = 'http://www.w3.org/1999/xhtml';

/** Every element under `root`, descending into nothing but this shadow root (tiles create no nested roots). */
export function allElements(root: ParentNode): Element[] {
  return Array.from(root.querySelectorAll('*'));
}

/** The checks that hold for every rendered hostile input. */
export function assertSafeDom(root: ShadowRoot): void {
  for (const el of allElements(root)) {
    expect(el.namespaceURI, `namespace of <${el.localName}>`).to.equal(HTML_NS);
    expect(OUTPUT_TAGS.has(el.localName), `forbidden element <${el.localName}>`).to.equal(true);
    for (const attr of Array.from(el.attributes)) {
      expect(OUTPUT_ATTRS.has(attr.name), `forbidden attribute ${attr.name} on <${el.localName}>`).to.equal(true);
    }
    const style = (el as HTMLElement).style;
    for (let i = 0; i < style.length; i++) {
      expect(['color', 'background-color'], `style property on <${el.localName}>`).to.include(style[i]);
    }
    if (el.localName === 'a') {
      const href = el.getAttribute('href') ?? '';
      expect(ALLOWED_SCHEMES.has(new URL(href).protocol), `link scheme of ${href.slice(0, 80)}`).to.equal(true);
      expect(el.getAttribute('rel')).to.equal('noopener noreferrer');
      expect(el.getAttribute('target')).to.equal('_blank');
    }
    if (el.localName === 'img') {
      expect(el.getAttribute('src') ?? '', 'image source').to.match(/^blob:/);
    }
    for (const value of [el.getAttribute('href'), el.getAttribute('title'), el.getAttribute('alt')]) {
      if (value) expect(/[\u202A-\u202E\u2066-\u2069]/.test(value), 'bidi control in attribute').to.equal(false);
    }
  }
  const text = root.textContent ?? '';
  expect(/[\u202A-\u202E\u2066-\u2069]/.test(text), 'bidi override in rendered text').to.equal(false);
}

function isLocal(name: string): boolean {
  try {
    const url = new URL(name.startsWith('blob:') ? name.slice(5) : name);
    return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.protocol === 'data:';
  } catch {
    return false;
  }
}

/** Resource URLs the page requested that are not on the local test server. */
export function foreignRequests(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => !isLocal(name));
}

/** Give handlers and image loads a chance to fire (two frames and a macrotask). */
export async function settle(): Promise<void> {
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  await new Promise((resolve) => setTimeout(resolve, 30));
}
