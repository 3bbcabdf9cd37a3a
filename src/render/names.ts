/**
 * Untrusted names as templates: rendered isolated in `<bdi>` so an RTL name cannot flip the surrounding
 * "Ana joined" sentence. Cleaning and disambiguation live in `session/names.ts` (DOM-free, re-exported here).
 */
import { html, type TemplateResult } from 'lit';
import { cleanName } from '../session/names.ts';

export * from '../session/names.ts';

/**
 * Render untrusted text isolated in `<bdi>`, after `cleanName`. Lit text bindings never parse HTML, so the text
 * itself cannot inject markup; `<bdi>` keeps its direction from leaking into our surrounding sentence.
 */
export function renderName(value: unknown): TemplateResult {
  return html`<bdi>${cleanName(value)}</bdi>`;
}
