/**
 * Whether an element may move focus after its own view changed under the visitor (a sign-in, a join): focus is
 * nowhere (on `<body>`, where it falls when the focused control is removed), or still inside this element. A
 * focus the visitor put elsewhere on the page is never taken away.
 */
export function focusIsFree(el: HTMLElement): boolean {
  let active: Element | null = document.activeElement;
  // The element focus is really on: shadow roots report their host to the document.
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  if (!active || active === document.body || active === document.documentElement) return true;
  // `el` itself, something in its shadow root, or a host whose shadow root holds `el` (focus fell to it).
  return active === el || !!el.shadowRoot?.contains(active) || !!active.shadowRoot?.contains(el);
}
