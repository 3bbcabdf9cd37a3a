import { css } from 'lit';

export const roomStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    height: var(--matrix-room-height, 32rem);
    font-family: var(--matrix-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--matrix-font-size, 0.9375rem);
    color: var(--matrix-color-text, #1f2328);
    background: var(--matrix-color-surface, #ffffff);
    border: 1px solid var(--matrix-color-border, #d0d7de);
    border-radius: var(--matrix-radius-m, 0.5rem);
    overflow: hidden;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  [part='base'] {
    display: flex;
    flex-direction: column;
    height: 100%;
    min-height: 0;
  }
  [part='header'] {
    display: flex;
    align-items: center;
    gap: var(--matrix-space-s, 0.5rem);
    padding: var(--matrix-space-s, 0.5rem) var(--matrix-space-m, 0.75rem);
    border-bottom: 1px solid var(--matrix-color-border, #d0d7de);
    min-height: 3rem;
  }
  .title {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .subtitle {
    color: var(--matrix-color-text-muted, #59636e);
    font-size: 0.85em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .header-avatar {
    display: contents;
  }
  .header-text {
    flex: 1;
    min-width: 0;
    display: flex;
    flex-direction: column;
  }
  .avatar {
    flex: none;
    width: var(--matrix-room-avatar-size, 2rem);
    height: var(--matrix-room-avatar-size, 2rem);
    border-radius: 50%;
    background: var(--matrix-color-accent-soft, #ddf4ff);
    color: var(--matrix-color-accent, #0969da);
    display: inline-flex;
    align-items: center;
    justify-content: center;
    font-weight: 600;
    overflow: hidden;
    object-fit: cover;
  }
  .avatar.large {
    width: 4rem;
    height: 4rem;
    font-size: 1.5rem;
  }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: var(--matrix-radius-s, 0.375rem);
    border: 1px solid var(--matrix-color-border, #d0d7de);
    background: var(--matrix-color-surface-raised, #f6f8fa);
    color: inherit;
    padding: 0.25rem 0.75rem;
  }
  button.primary {
    background: var(--matrix-color-accent, #0969da);
    border-color: var(--matrix-color-accent, #0969da);
    color: var(--matrix-color-on-accent, #ffffff);
  }
  button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  button:focus-visible,
  textarea:focus-visible,
  a:focus-visible {
    outline: 2px solid var(--matrix-color-focus, #0969da);
    outline-offset: 2px;
  }
  /* The current message of the keyboard's walk through the timeline: a ring inside the row, never clipped. */
  .row:focus-visible,
  summary.membership-run:focus-visible {
    outline: 2px solid var(--matrix-color-focus, #0969da);
    outline-offset: -2px;
    border-radius: var(--matrix-radius-s, 0.375rem);
  }
  .link-button {
    border: none;
    background: none;
    padding: 0;
    color: var(--matrix-color-accent, #0969da);
    text-decoration: underline;
  }

  /* Loading skeleton */
  .skeleton {
    flex: 1;
    padding: var(--matrix-space-m, 0.75rem);
    display: flex;
    flex-direction: column;
    gap: var(--matrix-space-m, 0.75rem);
  }
  .skeleton-line {
    height: 0.9rem;
    border-radius: 0.25rem;
    background: var(--matrix-color-skeleton, #eaeef2);
    animation: pulse 1.2s ease-in-out infinite;
  }
  .skeleton-line.short {
    width: 40%;
  }
  .skeleton-line.mid {
    width: 70%;
  }
  @keyframes pulse {
    50% {
      opacity: 0.5;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton-line,
    .spinner {
      animation: none;
    }
  }

  /* Summary card and messages */
  [part='card'],
  [part='error'] {
    flex: 1;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    text-align: center;
    gap: var(--matrix-space-s, 0.5rem);
    padding: var(--matrix-space-l, 1rem);
    overflow: auto;
  }
  [part='card'] .topic {
    color: var(--matrix-color-text-muted, #59636e);
    max-width: 40ch;
    overflow-wrap: anywhere;
  }
  [part='error'] .message {
    max-width: 45ch;
  }
  .notice {
    color: var(--matrix-color-text-muted, #59636e);
    font-size: 0.9em;
  }

  /* Timeline */
  .timeline-wrap {
    position: relative;
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  [part='timeline'] {
    /* The element keeps the reader's place itself (room.ts, updated()); the browser's own anchoring would
       move it a second time when a page of history arrives in two renders. */
    overflow-anchor: none;
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: var(--matrix-space-s, 0.5rem) 0;
  }
  .history-edge {
    display: flex;
    justify-content: center;
    padding: var(--matrix-space-s, 0.5rem);
    color: var(--matrix-color-text-muted, #59636e);
    font-size: 0.85em;
    min-height: 2rem;
  }
  .spinner {
    width: 1.25rem;
    height: 1.25rem;
    border: 2px solid var(--matrix-color-border, #d0d7de);
    border-top-color: var(--matrix-color-accent, #0969da);
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  .date-separator {
    display: flex;
    align-items: center;
    gap: var(--matrix-space-s, 0.5rem);
    margin: var(--matrix-space-m, 0.75rem) var(--matrix-space-m, 0.75rem) var(--matrix-space-s, 0.5rem);
    color: var(--matrix-color-text-muted, #59636e);
    font-size: 0.8em;
  }
  .date-separator::before,
  .date-separator::after {
    content: '';
    flex: 1;
    border-top: 1px solid var(--matrix-color-border, #d0d7de);
  }
  [part~='event'] {
    position: relative;
    display: grid;
    grid-template-columns: 2.5rem 1fr;
    column-gap: var(--matrix-space-s, 0.5rem);
    padding: 0.125rem var(--matrix-space-m, 0.75rem);
  }
  [part~='event']:hover,
  [part~='event']:focus-within {
    background: var(--matrix-color-hover, #f6f8fa);
  }
  [part~='event'].first {
    margin-top: var(--matrix-space-s, 0.5rem);
  }
  .sender {
    font-weight: 600;
  }
  time {
    color: var(--matrix-color-text-muted, #59636e);
    font-size: 0.75em;
  }
  /* A summary line, not a grid of tiles: as a grid its text sat in the 2.5rem avatar column, a word a line. */
  .membership-run {
    display: list-item;
    grid-column: 1 / -1;
    cursor: pointer;
    color: var(--matrix-color-text-muted, #59636e);
    font-size: 0.85em;
    padding-left: 3rem;
  }
  .unreachable {
    margin: 0;
    padding: 0.5rem 0.75rem;
    font-size: 0.875em;
    color: var(--matrix-color-text-muted, #59636e);
  }
  .connection {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 0.75rem;
    padding: 0.375rem 0.75rem;
    font-size: 0.875em;
    background: var(--matrix-color-warning-surface, #fff8c5);
    color: var(--matrix-color-text, #1f2328);
    border-bottom: 1px solid var(--matrix-color-border, #d1d9e0);
  }
  .status {
    font-size: 0.8em;
    color: var(--matrix-color-text-muted, #59636e);
  }
  .status.failed {
    color: var(--matrix-color-danger, #cf222e);
  }
  .pending .body {
    opacity: 0.6;
  }
  .row {
    position: relative;
  }
  /* Hidden until the row is hovered or holds focus, but never display:none: keyboard users Tab into it. */
  .actions {
    position: absolute;
    top: -0.5rem;
    right: var(--matrix-space-m, 0.75rem);
    display: flex;
    opacity: 0;
    pointer-events: none;
    gap: 0.125rem;
    background: var(--matrix-color-surface, #ffffff);
    border: 1px solid var(--matrix-color-border, #d0d7de);
    border-radius: var(--matrix-radius-s, 0.375rem);
    padding: 0.125rem;
  }
  .row:hover .actions,
  .row:focus-within .actions {
    opacity: 1;
    pointer-events: auto;
  }
  .actions button {
    border: none;
    padding: 0.125rem 0.375rem;
    background: none;
  }
  /* Under the message, lined up with its text, never against the element's edge. */
  .reaction-picker {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    padding: 0.25rem var(--matrix-space-m, 0.75rem) 0.25rem calc(var(--matrix-space-m, 0.75rem) + 3rem);
  }
  .reactions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    margin-top: 0.25rem;
  }
  .reaction {
    padding: 0 0.5rem;
    border-radius: 999px;
    font-size: 0.85em;
  }
  .reaction[aria-pressed='true'] {
    border-color: var(--matrix-color-accent, #0969da);
    background: var(--matrix-color-accent-soft, #ddf4ff);
  }
  .quote {
    display: block;
    width: 100%;
    text-align: start;
    border: none;
    border-left: 3px solid var(--matrix-color-border, #d0d7de);
    border-radius: 0;
    background: none;
    padding: 0 0 0 0.5rem;
    margin-bottom: 0.25rem;
    color: var(--matrix-color-text-muted, #59636e);
    font-size: 0.85em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .highlight {
    animation: flash 1.5s ease-out;
  }
  @keyframes flash {
    from {
      background: var(--matrix-color-accent-soft, #ddf4ff);
    }
  }
  .edited {
    color: var(--matrix-color-text-muted, #59636e);
    font-size: 0.75em;
  }
  .jump {
    position: absolute;
    bottom: var(--matrix-space-s, 0.5rem);
    left: 50%;
    transform: translateX(-50%);
    box-shadow: 0 1px 4px rgb(0 0 0 / 0.2);
  }
  .typing {
    min-height: 1.25rem;
    padding: 0 var(--matrix-space-m, 0.75rem);
    color: var(--matrix-color-text-muted, #59636e);
    font-size: 0.8em;
    font-style: italic;
  }

  /* Composer */
  [part='composer'] {
    border-top: 1px solid var(--matrix-color-border, #d0d7de);
    padding: var(--matrix-space-s, 0.5rem) var(--matrix-space-m, 0.75rem);
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }
  .composer-row {
    display: flex;
    gap: var(--matrix-space-s, 0.5rem);
    align-items: flex-end;
  }
  textarea {
    flex: 1;
    font: inherit;
    resize: none;
    min-height: 2.25rem;
    max-height: 8rem;
    padding: 0.375rem 0.5rem;
    border: 1px solid var(--matrix-color-border, #d0d7de);
    border-radius: var(--matrix-radius-s, 0.375rem);
    color: inherit;
    background: var(--matrix-color-surface, #ffffff);
  }
  .context {
    display: flex;
    justify-content: space-between;
    gap: var(--matrix-space-s, 0.5rem);
    font-size: 0.85em;
    color: var(--matrix-color-text-muted, #59636e);
  }
  progress {
    width: 100%;
  }
  dialog {
    border: 1px solid var(--matrix-color-border, #d0d7de);
    border-radius: var(--matrix-radius-m, 0.5rem);
    padding: var(--matrix-space-l, 1rem);
    max-width: min(28rem, 100vw - 2rem);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  .dialog-close {
    float: right;
  }
  .dialog-title {
    margin: 0 0 var(--matrix-space-s, 0.5rem);
    font-size: 1.1em;
  }
  .dialog-actions {
    display: flex;
    justify-content: flex-end;
    gap: var(--matrix-space-s, 0.5rem);
  }
`;
