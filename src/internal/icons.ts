/**
 * The icons of the elements' controls, as inline SVG drawn in `currentColor`. Emoji and symbol glyphs (📎, ×)
 * render as empty boxes on machines without a font that has them; SVG draws everywhere. Built with Lit's
 * `svg` tag (no markup strings parsed at run time, so nothing here needs `innerHTML` or an inline style).
 *
 * Every icon is decorative (`aria-hidden`): the control that holds it carries the name (its text or
 * `aria-label`). Sized `1em`, so the control's `font-size` sets it. The join button's tick is in check-icon.ts.
 */
import { svg, type TemplateResult } from 'lit';
import { icon } from './icon.ts';

/** A paper clip: "Upload a file". */
export const attachIcon = (): TemplateResult =>
  icon('attach', svg`<path d="M21.4 11.1l-9.2 9.2a6 6 0 0 1-8.5-8.5l9.2-9.2a4 4 0 0 1 5.7 5.7l-9.2 9.2a2 2 0 0 1-2.8-2.8l8.5-8.5"/>`);

/** A cross: "Close". */
export const closeIcon = (): TemplateResult => icon('close', svg`<path d="M6 6l12 12M18 6L6 18"/>`);

/** A bar at the bottom: "Minimize". */
export const minimizeIcon = (): TemplateResult => icon('minimize', svg`<path d="M5 18h14"/>`);
