/**
 * Styles for timeline tiles and rendered message content. Adopted by the element that renders tiles (Lit
 * `static styles`), so they work under `style-src 'self'`. Tokens are `--matrix-<category>-<role>` with
 * built-in fallbacks: one script tag works with no stylesheet.
 */
import { css } from 'lit';

export const tileStyles = css`
  .event {
    display: grid;
    grid-template-columns: var(--matrix-avatar-size, 2rem) 1fr;
    column-gap: var(--matrix-space-s, 0.5rem);
    padding: var(--matrix-space-xs, 0.25rem) var(--matrix-space-m, 0.75rem);
    font-family: var(--matrix-font-family, system-ui, sans-serif);
    font-size: var(--matrix-font-size-m, 0.9375rem);
    line-height: var(--matrix-line-height, 1.4);
    color: var(--matrix-color-text, #1d1d1f);
    /* Untrusted content may not paint outside its tile (overlay/phishing via big or positioned content). */
    contain: layout paint;
    overflow-wrap: anywhere;
    min-width: 0;
  }
  .header {
    grid-column: 1 / -1;
    display: flex;
    align-items: baseline;
    gap: var(--matrix-space-s, 0.5rem);
    min-width: 0;
  }
  .avatar {
    inline-size: var(--matrix-avatar-size, 2rem);
    block-size: var(--matrix-avatar-size, 2rem);
    border-radius: var(--matrix-radius-round, 50%);
    background: var(--matrix-color-avatar, #8a8fbf);
    color: var(--matrix-color-on-accent, #fff);
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
    color: var(--matrix-color-text-muted, #6b6b73);
    font-size: var(--matrix-font-size-s, 0.8125rem);
  }
  .status.failed {
    color: var(--matrix-color-danger, #c0262d);
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
    border-inline-start: 3px solid var(--matrix-color-border, #d0d0d7);
    padding-inline-start: var(--matrix-space-s, 0.5rem);
    margin-inline: 0;
    color: var(--matrix-color-text-muted, #6b6b73);
  }
  .body pre,
  .body code {
    font-family: var(--matrix-font-family-mono, ui-monospace, monospace);
    font-size: 0.9em;
    background: var(--matrix-color-surface-sunken, #f2f2f5);
    border-radius: var(--matrix-radius-s, 4px);
  }
  .body pre {
    padding: var(--matrix-space-s, 0.5rem);
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
    border: 1px solid var(--matrix-color-border, #d0d0d7);
    padding: 0.125em 0.375em;
  }
  .body img {
    max-width: 100%;
    max-height: 20rem;
    height: auto;
    vertical-align: middle;
  }
  a {
    color: var(--matrix-color-link, #0b5cad);
  }
  .link-target,
  .render-note,
  .image-placeholder {
    color: var(--matrix-color-text-muted, #6b6b73);
    font-size: var(--matrix-font-size-s, 0.8125rem);
  }
  .spoiler {
    background: var(--matrix-color-spoiler, #3b3b42);
    border-radius: var(--matrix-radius-s, 4px);
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
    color: var(--matrix-color-on-accent, #fff);
  }
  .spoiler[data-revealed] .spoiler-reason {
    color: inherit;
  }
  .spoiler:focus-visible,
  button:focus-visible {
    outline: 2px solid var(--matrix-color-focus, #0b5cad);
    outline-offset: 2px;
  }
  .message.notice {
    color: var(--matrix-color-text-muted, #6b6b73);
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
    color: var(--matrix-color-link, #0b5cad);
    cursor: pointer;
    text-decoration: underline;
    text-align: start;
  }
  .reply-quote {
    display: flex;
    flex-direction: column;
    /* Lines start at the quote's edge: a stretched "In reply to" button would centre its text. */
    align-items: flex-start;
    margin-block: 0 var(--matrix-space-xs, 0.25rem);
    font-size: var(--matrix-font-size-s, 0.8125rem);
  }
  .reply-preview {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .state-line,
  .fallback {
    grid-column: 1 / -1;
    color: var(--matrix-color-text-muted, #6b6b73);
    font-size: var(--matrix-font-size-s, 0.8125rem);
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
    gap: var(--matrix-space-xs, 0.25rem);
    margin-block-start: var(--matrix-space-xs, 0.25rem);
  }
  .reaction {
    display: inline-flex;
    gap: 0.25em;
    align-items: center;
    border: 1px solid var(--matrix-color-border, #d0d0d7);
    border-radius: var(--matrix-radius-pill, 999px);
    padding: 0 0.5em;
    background: var(--matrix-color-surface, #fff);
    max-width: 12em;
    overflow: hidden;
  }
  .reaction[aria-pressed='true'],
  .reaction[data-mine] {
    border-color: var(--matrix-color-accent, #0b5cad);
    background: var(--matrix-color-accent-subtle, #e6f0fa);
  }
  .image-open {
    border: none;
    padding: 0;
    background: var(--matrix-color-surface-sunken, #f2f2f5);
    border-radius: var(--matrix-radius-m, 8px);
    cursor: zoom-in;
    display: block;
    max-width: 100%;
  }
  .thumbnail {
    display: block;
    max-width: 100%;
    height: auto;
    border-radius: var(--matrix-radius-m, 8px);
  }
  .image-loading {
    display: block;
    inline-size: 8rem;
    block-size: 6rem;
  }
  .image-dialog {
    max-width: 95vw;
    max-height: 95vh;
    padding: var(--matrix-space-s, 0.5rem);
  }
  .image-dialog .full-size {
    display: block;
    max-width: 90vw;
    max-height: 85vh;
  }
  .file {
    display: flex;
    align-items: center;
    gap: var(--matrix-space-s, 0.5rem);
  }
  .file-download {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 0.375em;
    align-items: baseline;
    border: 1px solid var(--matrix-color-border, #d0d0d7);
    border-radius: var(--matrix-radius-m, 8px);
    background: var(--matrix-color-surface, #fff);
    padding: var(--matrix-space-xs, 0.25rem) var(--matrix-space-s, 0.5rem);
    cursor: pointer;
    max-width: 100%;
    text-align: start;
  }
  .file-kind,
  .file-size {
    color: var(--matrix-color-text-muted, #6b6b73);
  }
  .file-name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .file-action {
    color: var(--matrix-color-link, #0b5cad);
    text-decoration: underline;
  }
  .file-error {
    display: none;
    color: var(--matrix-color-danger, #c0262d);
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
