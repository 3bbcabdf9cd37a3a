/**
 * The one way our controls draw an icon (see icons.ts): inline SVG in `currentColor`, `1em`, decorative. Its own
 * module so that each element's first paint carries only the icons it shows, not every control's.
 */
import { html, type SVGTemplateResult, type TemplateResult } from 'lit';

export function icon(name: string, body: SVGTemplateResult): TemplateResult {
  return html`<svg class="icon-svg" data-icon=${name} width="1em" height="1em" viewBox="0 0 24 24" fill="none"
    stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"
    focusable="false">${body}</svg>`;
}
