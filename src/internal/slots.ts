/** What names an element without text: its own `aria-label`, an image's `alt`. */
const NAMED = '[aria-label]:not([aria-label=""]),img[alt]:not([alt=""])';

/**
 * What the page put into a slot that replaces built-in content (`slotchange` handlers read it): `0` nothing
 * (whitespace only, which a pretty-printed `<matrix-x>\n</matrix-x>` has), `1` content without a name of its
 * own (an icon alone: the element keeps its built-in text for assistive technology), `2` content with text
 * (or an `aria-label` / `alt`): it becomes the accessible name. `aria-hidden="true"` content has no name.
 */
export function slotted(slot: HTMLSlotElement): 0 | 1 | 2 {
  let kind: 0 | 1 | 2 = 0;
  for (const n of slot.assignedNodes({ flatten: true })) {
    const el = n instanceof Element ? n : undefined;
    if (el?.matches('[aria-hidden="true"]')) kind = 1;
    else if (n.textContent!.trim() || el?.matches(NAMED) || el?.querySelector(NAMED)) return 2;
    else if (el) kind = 1;
  }
  return kind;
}
