/**
 * Lazy doors to the heavy parts of the render layer, so the entry module stays small:
 * - the Markdown parser (markdown-it, ~100 kB min) is needed only when the visitor sends or edits a message;
 * - the timeline renderer (tiles + DOMPurify + linkify-it) only once a room shows its timeline.
 *
 * Each `load*()` starts the `import()` once (a failed load is retried on the next call); the `loaded*()`
 * getters return the module synchronously once it has resolved, so callers can stay synchronous after that.
 * Rollup puts each dynamic import in its own chunk under `chunks/`, resolved against this module's URL.
 */
import type { MessageText } from './markdown.ts';

/** Outgoing composer text → message content (see `markdown.ts`). */
export type MarkdownToContent = (text: string) => MessageText;
/** The timeline renderer module (`tiles/registry.ts`): `renderTimelineItem`, `renderEventBody`, … */
export type TimelineRenderer = typeof import('./tiles/registry.ts');

let markdown: MarkdownToContent | undefined;
let markdownLoading: Promise<MarkdownToContent> | undefined;
let renderer: TimelineRenderer | undefined;
let rendererLoading: Promise<TimelineRenderer> | undefined;

/** Loads the Markdown parser (once); call early (composer focus/input) so the first send is not delayed. */
export function loadMarkdown(): Promise<MarkdownToContent> {
  markdownLoading ??= import('./markdown.ts').then(
    (m) => (markdown = m.markdownToContent),
    (e: unknown) => {
      markdownLoading = undefined;
      throw e;
    },
  );
  return markdownLoading;
}

/** The Markdown converter if it has already loaded. */
export function loadedMarkdown(): MarkdownToContent | undefined {
  return markdown;
}

/** Loads the timeline renderer (tiles, sanitizer, linkifier) once. */
export function loadRenderer(): Promise<TimelineRenderer> {
  // The linkifier is a chunk of its own (the Markdown parser shares it): fetched beside the renderer, not after it.
  if (!rendererLoading) void import('linkify-it').catch(() => undefined);
  rendererLoading ??= import('./tiles/registry.ts').then(
    (m) => {
      setTimeout(() => m.warmUp(), 0); // before the first messages arrive, not when they are rendered
      return (renderer = m);
    },
    (e: unknown) => {
      rendererLoading = undefined;
      throw e;
    },
  );
  return rendererLoading;
}

/** The timeline renderer if it has already loaded. */
export function loadedRenderer(): TimelineRenderer | undefined {
  return renderer;
}
