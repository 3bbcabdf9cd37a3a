import { css } from 'lit';
import { t, derived } from '../../styles/tokens.ts';

export const roomStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    height: var(--matrix-room-height, 32rem);
    font-family: ${t.fontFamily};
    font-size: ${t.fontSizeM};
    color: ${t.colorText};
    background: ${t.colorSurface};
    border: 1px solid ${t.colorBorder};
    border-radius: ${t.radiusM};
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
  /* The last visit's screen, painted by the loader (SCREEN_CLASS, session/room-cache.ts): laid out as the room. */
  .last-screen {
    display: contents;
  }
  [part='header'] {
    display: flex;
    align-items: center;
    gap: ${t.spaceS};
    padding: ${t.spaceS} ${t.spaceM};
    border-bottom: 1px solid ${derived.divider};
    min-height: 3rem;
  }
  .title {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .subtitle {
    color: ${t.colorTextMuted};
    font-size: 0.85em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .header-avatar {
    display: contents;
  }
  /* The page's header actions are items of the header's row, kept whole: the title shrinks (ellipsis) instead. */
  ::slotted([slot='header-actions']) {
    flex: none;
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
    background: ${derived.accentSoft};
    color: ${t.colorAccent};
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
    border-radius: ${t.radiusS};
    border: 1px solid ${t.colorBorder};
    background: ${t.colorSurfaceRaised};
    color: inherit;
    padding: 0.25rem 0.75rem;
  }
  button.primary {
    background: ${t.colorAccent};
    border-color: ${t.colorAccent};
    color: ${t.colorOnAccent};
  }
  button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  button:focus-visible,
  textarea:focus-visible,
  a:focus-visible {
    outline: 2px solid ${t.colorFocus};
    outline-offset: 2px;
  }
  /* The current message of the keyboard's walk through the timeline: a ring inside the row, never clipped. */
  .row:focus-visible,
  summary.membership-run:focus-visible {
    outline: 2px solid ${t.colorFocus};
    outline-offset: -2px;
    border-radius: ${t.radiusS};
  }
  .link-button {
    border: none;
    background: none;
    padding: 0;
    color: ${t.colorAccent};
    text-decoration: underline;
  }

  /* Loading skeleton */
  .skeleton {
    flex: 1;
    padding: ${t.spaceM};
    display: flex;
    flex-direction: column;
    gap: ${t.spaceM};
  }
  .skeleton-line {
    height: 0.9rem;
    border-radius: 0.25rem;
    background: ${t.colorSurfaceRaised};
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
    gap: ${t.spaceS};
    padding: ${t.spaceL};
    overflow: auto;
  }
  [part='card'] .topic {
    color: ${t.colorTextMuted};
    max-width: 40ch;
    overflow-wrap: anywhere;
  }
  [part='error'] .message {
    max-width: 45ch;
  }
  .notice {
    color: ${t.colorTextMuted};
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
    padding: ${t.spaceS} 0;
  }
  .history-edge {
    display: flex;
    justify-content: center;
    padding: ${t.spaceS};
    color: ${t.colorTextMuted};
    font-size: 0.85em;
    min-height: 2rem;
  }
  .empty {
    padding: ${t.spaceL};
    color: ${t.colorTextMuted};
    text-align: center;
  }
  .spinner {
    width: 1.25rem;
    height: 1.25rem;
    border: 2px solid ${t.colorBorder};
    border-top-color: ${t.colorAccent};
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
    gap: ${t.spaceS};
    margin: ${t.spaceM} ${t.spaceM} ${t.spaceS};
    color: ${t.colorTextMuted};
    font-size: 0.8em;
  }
  .date-separator::before,
  .date-separator::after {
    content: '';
    flex: 1;
    border-top: 1px solid ${derived.divider};
  }
  [part~='event'] {
    position: relative;
    display: grid;
    grid-template-columns: 2.5rem 1fr;
    column-gap: ${t.spaceS};
    padding: 0.125rem ${t.spaceM};
  }
  [part~='event']:hover,
  [part~='event']:focus-within {
    background: ${derived.hover};
  }
  [part~='event'].first {
    margin-top: ${t.spaceS};
  }
  .sender {
    font-weight: 600;
  }
  time {
    color: ${t.colorTextMuted};
    font-size: 0.75em;
  }
  /* A summary line, not a grid of tiles: as a grid its text sat in the 2.5rem avatar column, a word a line. */
  .membership-run {
    display: list-item;
    grid-column: 1 / -1;
    cursor: pointer;
    color: ${t.colorTextMuted};
    font-size: 0.85em;
    padding-left: 3rem;
  }
  .unreachable {
    margin: 0;
    padding: 0.5rem 0.75rem;
    font-size: 0.875em;
    color: ${t.colorTextMuted};
  }
  .connection {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 0.75rem;
    padding: 0.375rem 0.75rem;
    font-size: 0.875em;
    background: ${derived.warningSurface};
    color: ${t.colorText};
    border-bottom: 1px solid ${derived.divider};
  }
  .status {
    font-size: 0.8em;
    color: ${t.colorTextMuted};
  }
  .status.failed {
    color: ${t.colorDanger};
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
    right: ${t.spaceM};
    display: flex;
    opacity: 0;
    pointer-events: none;
    gap: 0.125rem;
    background: ${t.colorSurface};
    border: 1px solid ${t.colorBorder};
    border-radius: ${t.radiusS};
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
    padding: 0.25rem ${t.spaceM} 0.25rem calc(${t.spaceM} + 3rem);
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
    border-color: ${t.colorAccent};
    background: ${derived.accentSoft};
  }
  .quote {
    display: block;
    width: 100%;
    text-align: start;
    border: none;
    border-left: 3px solid ${derived.divider};
    border-radius: 0;
    background: none;
    padding: 0 0 0 0.5rem;
    margin-bottom: 0.25rem;
    color: ${t.colorTextMuted};
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
      background: ${derived.accentSoft};
    }
  }
  .edited {
    color: ${t.colorTextMuted};
    font-size: 0.75em;
  }
  .jump {
    position: absolute;
    bottom: ${t.spaceS};
    left: 50%;
    transform: translateX(-50%);
    box-shadow: ${t.shadowS};
  }
  .typing {
    min-height: 1.25rem;
    padding: 0 ${t.spaceM};
    color: ${t.colorTextMuted};
    font-size: 0.8em;
    font-style: italic;
  }

  /* Composer */
  [part='composer'] {
    border-top: 1px solid ${derived.divider};
    padding: ${t.spaceS} ${t.spaceM};
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }
  .composer-row {
    display: flex;
    gap: ${t.spaceS};
    align-items: flex-end;
  }
  textarea {
    flex: 1;
    font: inherit;
    resize: none;
    min-height: 2.25rem;
    max-height: 8rem;
    padding: 0.375rem 0.5rem;
    border: 1px solid ${t.colorBorder};
    border-radius: ${t.radiusS};
    color: inherit;
    background: ${t.colorSurface};
  }
  .context {
    display: flex;
    justify-content: space-between;
    gap: ${t.spaceS};
    font-size: 0.85em;
    color: ${t.colorTextMuted};
  }
  progress {
    width: 100%;
  }
  dialog {
    background: ${t.colorSurface};
    color: ${t.colorText};
    border: 1px solid ${t.colorBorder};
    border-radius: ${t.radiusM};
    padding: ${t.spaceL};
    max-width: min(28rem, 100vw - 2rem);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  .dialog-close {
    float: right;
  }
  .dialog-title {
    margin: 0 0 ${t.spaceS};
    font-size: 1.1em;
  }
  .dialog-actions {
    display: flex;
    justify-content: flex-end;
    gap: ${t.spaceS};
  }
`;
