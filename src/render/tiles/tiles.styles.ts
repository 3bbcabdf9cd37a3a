/**
 * Styles for timeline tiles and rendered message content. Adopted by the element that renders tiles (Lit
 * `static styles`), so they work under `style-src 'self'`. Tokens are `--matrix-<category>-<role>` with
 * built-in fallbacks: one script tag works with no stylesheet.
 */
import { css } from 'lit';
import { t, derived } from '../../styles/tokens.ts';

export const tileStyles = css`
  .event {
    display: grid;
    grid-template-columns: var(--matrix-avatar-size, 2rem) 1fr;
    column-gap: ${t.spaceS};
    padding: ${t.spaceXs} ${t.spaceM};
    font-family: ${t.fontFamily};
    font-size: ${t.fontSizeM};
    line-height: ${t.lineHeight};
    color: ${t.colorText};
    /* Untrusted content may not paint outside its tile (overlay/phishing via big or positioned content). */
    contain: layout paint;
    overflow-wrap: anywhere;
    min-width: 0;
  }
  .header {
    grid-column: 1 / -1;
    display: flex;
    align-items: baseline;
    gap: ${t.spaceS};
    min-width: 0;
  }
  .avatar {
    inline-size: var(--matrix-avatar-size, 2rem);
    block-size: var(--matrix-avatar-size, 2rem);
    border-radius: ${t.radiusRound};
    background: ${t.colorAccent};
    color: ${t.colorOnAccent};
    display: inline-grid;
    place-items: center;
    font-weight: 600;
    object-fit: cover;
    flex: none;
    align-self: center;
  }
  .sender {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    max-width: 30ch;
  }
  .time,
  .edited,
  .status {
    color: ${t.colorTextMuted};
    font-size: ${t.fontSizeS};
  }
  .status.failed {
    color: ${t.colorDanger};
  }
  .content {
    grid-column: 2;
    min-width: 0;
    max-width: 100%;
    overflow: hidden;
  }
  .body.plain {
    white-space: pre-wrap;
  }
  .body {
    unicode-bidi: isolate;
  }
  .body :is(h1, h2, h3, h4, h5, h6) {
    font-size: 1.1em;
    margin: 0.25em 0;
  }
  .body :is(p, ul, ol, blockquote, pre, table, details) {
    margin: 0.25em 0;
  }
  .body blockquote,
  .reply-quote {
    border-inline-start: 3px solid ${derived.divider};
    padding-inline-start: ${t.spaceS};
    margin-inline: 0;
    color: ${t.colorTextMuted};
  }
  .body pre,
  .body code {
    font-family: ${t.fontFamilyMono};
    font-size: 0.9em;
    background: ${t.colorSurfaceRaised};
    border-radius: ${t.radiusS};
  }
  .body pre {
    padding: ${t.spaceS};
    overflow-x: auto;
    white-space: pre;
  }
  .body table {
    border-collapse: collapse;
    display: block;
    overflow-x: auto;
    max-width: 100%;
  }
  .body :is(th, td) {
    border: 1px solid ${derived.divider};
    padding: 0.125em 0.375em;
  }
  .body img {
    max-width: 100%;
    max-height: 20rem;
    height: auto;
    vertical-align: middle;
  }
  a {
    color: ${derived.link};
  }
  .link-target,
  .render-note,
  .image-placeholder {
    color: ${t.colorTextMuted};
    font-size: ${t.fontSizeS};
  }
  .spoiler {
    background: ${t.colorText};
    border-radius: ${t.radiusS};
    cursor: pointer;
  }
  .spoiler:not([data-revealed]) .spoiler-content {
    visibility: hidden;
  }
  .spoiler[data-revealed] {
    background: transparent;
    cursor: auto;
  }
  .spoiler-reason {
    color: ${t.colorSurface};
  }
  .spoiler[data-revealed] .spoiler-reason {
    color: inherit;
  }
  .spoiler:focus-visible,
  button:focus-visible {
    outline: 2px solid ${t.colorFocus};
    outline-offset: 2px;
  }
  .message.notice {
    color: ${t.colorTextMuted};
  }
  /* A sender's text colour (--_fg, see render/sanitize.ts), its lightness clamped so that it reads on the
     theme's surface: at most 0.5 (OKLCH) on light, at least 0.78 on dark, hue and chroma kept. Where no colour was
     given, var(--_fg) is invalid and the text inherits; a browser without relative colours shows no colour.
     No specificity (:where), so that every rule of ours for a span (spoilers, notes) still wins. */
  :where(.body.formatted) :where(span, font) {
    color: light-dark(oklch(from var(--_fg) min(l, 0.5) c h), oklch(from var(--_fg) max(l, 0.78) c h));
  }
  .message.emote .body {
    display: inline;
  }
  .message.emote .body.plain,
  .message.emote .body.formatted > :first-child {
    display: inline;
  }
  .fold:not([data-expanded]) .fold-content {
    max-height: var(--matrix-timeline-fold-height, 16em);
    overflow: hidden;
    mask-image: linear-gradient(to bottom, #000 75%, transparent);
  }
  .fold[data-expanded] .label-more,
  .fold:not([data-expanded]) .label-less {
    display: none;
  }
  button {
    font: inherit;
    color: inherit;
  }
  .show-more,
  .reply-jump {
    background: none;
    border: none;
    padding: 0;
    color: ${derived.link};
    cursor: pointer;
    text-decoration: underline;
    text-align: start;
  }
  .reply-quote {
    display: flex;
    flex-direction: column;
    /* Lines start at the quote's edge: a stretched "In reply to" button would centre its text. */
    align-items: flex-start;
    margin-block: 0 ${t.spaceXs};
    font-size: ${t.fontSizeS};
  }
  .reply-preview {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .state-line,
  .fallback {
    grid-column: 1 / -1;
    color: ${t.colorTextMuted};
    font-size: ${t.fontSizeS};
    font-style: italic;
  }
  .event[data-kind='membership'] .content,
  .event[data-kind='state'] .content {
    grid-column: 1 / -1;
  }
  .event[data-status='pending'] .body {
    opacity: 0.6;
  }
  .reactions {
    grid-column: 2;
    display: flex;
    flex-wrap: wrap;
    gap: ${t.spaceXs};
    margin-block-start: ${t.spaceXs};
  }
  .reaction {
    display: inline-flex;
    gap: 0.25em;
    align-items: center;
    border: 1px solid ${t.colorBorder};
    border-radius: ${t.radiusPill};
    padding: 0 0.5em;
    background: ${t.colorSurface};
    max-width: 12em;
    overflow: hidden;
  }
  .reaction[aria-pressed='true'],
  .reaction[data-mine] {
    border-color: ${t.colorAccent};
    background: ${derived.accentSoft};
  }
  .image-open {
    border: none;
    padding: 0;
    background: ${t.colorSurfaceRaised};
    border-radius: ${t.radiusM};
    cursor: zoom-in;
    display: block;
    max-width: 100%;
  }
  .thumbnail {
    display: block;
    max-width: 100%;
    height: auto;
    border-radius: ${t.radiusM};
  }
  .image-loading {
    display: block;
    inline-size: 8rem;
    block-size: 6rem;
  }
  .image-dialog {
    max-width: 95vw;
    max-height: 95vh;
    padding: ${t.spaceS};
  }
  .image-dialog .full-size {
    display: block;
    max-width: 90vw;
    max-height: 85vh;
  }
  .file {
    display: flex;
    align-items: center;
    gap: ${t.spaceS};
  }
  .file-download {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 0.375em;
    align-items: baseline;
    border: 1px solid ${t.colorBorder};
    border-radius: ${t.radiusM};
    background: ${t.colorSurface};
    padding: ${t.spaceXs} ${t.spaceS};
    cursor: pointer;
    max-width: 100%;
    text-align: start;
  }
  .file-kind,
  .file-size {
    color: ${t.colorTextMuted};
  }
  .file-name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .file-action {
    color: ${derived.link};
    text-decoration: underline;
  }
  .file-error {
    display: none;
    color: ${t.colorDanger};
  }
  .file-download[data-error] + .file-error {
    display: inline;
  }
  /* A media button while its file loads. Only buttons: the room adopts these styles, and its loading wrapper
     (aria-busy too) faded the whole element, "Retry now" and the matrix.to link under 4.5:1 (axe). */
  button[aria-busy='true'] {
    cursor: progress;
    opacity: 0.7;
  }
`;
