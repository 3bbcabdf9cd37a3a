/**
 * Shared by the slot tests: accessible names as Chromium computes them (its accessibility tree, through the
 * a11y-snapshot command: slotted content, aria-hidden and visually hidden text all counted as a screen reader
 * gets them), and whether a node is really on screen.
 */
import { a11ySnapshot } from '@web/test-runner-commands';
import { cleanPage, registerUser, server, type TestUser } from '../join-button/helpers.ts';

interface AxNode {
  role: string;
  name?: string;
  children?: AxNode[];
}

/**
 * The accessible role and name of the element `selector` finds; `>>>` pierces shadow roots
 * (`'#launcher >>> button[part="button"]'`).
 */
export async function axNode(selector: string): Promise<{ role: string; name: string }> {
  const node = (await a11ySnapshot({ selector })) as unknown as AxNode | null;
  if (!node) throw new Error(`no accessibility node for ${selector}`);
  return { role: node.role, name: (node.name ?? '').replace(/\s+/g, ' ').trim() };
}

/**
 * On screen for a sighted visitor: rendered, not hidden by any ancestor (display, visibility, `hidden`), and
 * larger than the 1 px box of `.visually-hidden` text (which is there for screen readers only).
 */
export function shown(node: Element | null | undefined): boolean {
  if (!node || !node.checkVisibility({ visibilityProperty: true })) return false;
  return [...node.getClientRects()].some((r) => r.width > 1 && r.height > 1);
}

/** `inner`'s box lies inside `outer`'s (1 px tolerance). */
export function inside(inner: Element, outer: Element): boolean {
  const a = inner.getBoundingClientRect();
  const b = outer.getBoundingClientRect();
  return a.left >= b.left - 1 && a.right <= b.right + 1 && a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
}

const pageStyles: HTMLStyleElement[] = [];

/** A page stylesheet (light DOM styles for the slotted content), until the end of the test (`slotSuiteHooks`). */
export function pageStyle(css: string): void {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  pageStyles.push(style);
}

/**
 * The hooks every slot suite shares: a clean page and a room owner (Alice) before it; the page styles removed
 * and a clean page after each test. `owner()` is Alice, once the suite has started.
 */
export function slotSuiteHooks(): { owner: () => TestUser } {
  let owner: TestUser | undefined;
  before(async () => {
    await cleanPage();
    owner = await registerUser(server('main').url, 'Alice');
  });
  afterEach(async () => {
    for (const style of pageStyles.splice(0)) style.remove();
    await cleanPage();
  });
  return { owner: () => owner! };
}

/** Builds light-DOM children from markup written by the test itself (never from a server). */
export function children(el: HTMLElement, markup: string): void {
  const template = document.createElement('template');
  template.innerHTML = markup;
  el.append(template.content);
}
