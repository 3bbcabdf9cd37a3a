/** Timeline tiles: the public surface the room element uses. */
export type { TileContext, TileOptions, TileRenderer } from './context.ts';
export { renderEventBody, renderTimelineItem, rendererKey, TILE_RENDERERS } from './registry.ts';
export { buildTimeline, toTimelineItem, stripReplyFallback, MAX_BODY_LENGTH, type TimelineContext } from '../../session/timeline.ts';
export { tileStyles } from './tiles.styles.ts';
