import type { ReactiveElement } from 'lit';
import { loadRenderer } from '../../render/lazy.ts';

/**
 * Resolves once what `host` shows now is on screen, with the timeline renderer in (a first page of messages is
 * painted as tiles, not as the skeleton): the room's session code loads matrix-js-sdk only then, so parsing it
 * never delays the first messages.
 */
export async function afterPaint(host: ReactiveElement): Promise<void> {
  await loadRenderer().catch(() => undefined);
  await host.updateComplete;
  await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}
