/**
 * What a tile needs from the element that hosts it. Plain callbacks: tiles stay pure functions of
 * (item, context) and never reach into the session.
 */
import type { TemplateResult } from 'lit';
import type { TimelineItem, TimelineReaction } from '../../session/types.ts';
import type { MediaResolver } from '../media.ts';

/** Callbacks and lookups the host element supplies. All optional: without one, the matching control is not shown. */
export interface TileContext {
  /** Loads media (`createMediaResolver` from `render/media.ts`). Without it, media shows as unavailable. */
  resolveMedia?: MediaResolver;
  /** The parent of a reply, if it is loaded. */
  getEvent?: (eventId: string) => TimelineItem | undefined;
  /** Scroll to (and load, if needed) an event: used by reply quotes. */
  onJumpTo?: (eventId: string) => void;
  /** Toggle the user's own reaction `key` on `item`. */
  onReact?: (item: TimelineItem, reaction: TimelineReaction) => void;
  /** Resend / discard a failed local echo. */
  onRetry?: (item: TimelineItem) => void;
  onDiscard?: (item: TimelineItem) => void;
}

/** Options for one tile. */
export interface TileOptions {
  /** Same sender as the previous tile within a few minutes: the header (avatar, name) is left out. */
  continuation?: boolean;
}

/** Renders the content part of one item (below the sender line). Must not be called outside the registry. */
export type TileRenderer = (item: TimelineItem, context: TileContext) => TemplateResult;
