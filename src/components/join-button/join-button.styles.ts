import { css } from 'lit';

export const joinButtonStyles = css`
  :host {
    --_avatar: 2rem;
    --_pad-block: 0.375rem;
    --_pad-inline: 0.875rem 1.125rem;
    display: inline-block;
    vertical-align: middle;
    font-family: var(--matrix-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--matrix-font-size, 0.9375rem);
    line-height: var(--matrix-line-height, 1.3);
    color: var(--matrix-color-text, #1f2328);
  }
  :host([size='small']) {
    --_avatar: 1.5rem;
    --_pad-block: 0.25rem;
    --_pad-inline: 0.5rem 0.75rem;
    font-size: var(--matrix-font-size-s, 0.8125rem);
  }
  :host([size='large']) {
    --_avatar: 2.75rem;
    --_pad-block: 0.5rem;
    --_pad-inline: 1rem 1.5rem;
    font-size: var(--matrix-font-size-l, 1.125rem);
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
    display: inline-flex;
    flex-direction: column;
    align-items: flex-start;
    gap: var(--matrix-space-xs, 0.25rem);
    max-width: 100%;
  }
  .row {
    display: inline-flex;
    align-items: center;
    flex-wrap: wrap;
    gap: var(--matrix-space-s, 0.5rem);
    max-width: 100%;
  }
  .main {
    display: inline-flex;
    align-items: center;
    gap: var(--matrix-space-s, 0.5rem);
    max-width: 100%;
    min-height: 2.75em;
    margin: 0;
    padding-block: var(--_pad-block);
    padding-inline: var(--_pad-inline);
    border: 2px solid var(--matrix-color-accent, #0969da);
    border-radius: var(--matrix-radius-pill, 999px);
    background: var(--matrix-color-accent, #0969da);
    color: var(--matrix-color-on-accent, #ffffff);
    font: inherit;
    text-align: start;
    cursor: pointer;
  }
  button.main:hover {
    filter: brightness(1.08);
  }
  button.main[aria-disabled='true'] {
    cursor: default;
    filter: none;
  }
  :host([variant='outline']) .main {
    background: transparent;
    color: var(--matrix-color-accent, #0969da);
  }
  :host(:state(joined)) .main {
    background: transparent;
    color: var(--matrix-color-text, #1f2328);
    border-color: var(--matrix-color-border, #d0d7de);
  }
  .main.unavailable {
    cursor: default;
    background: transparent;
    color: var(--matrix-color-text-muted, #59636e);
    border-color: var(--matrix-color-border, #d0d7de);
  }
  button:focus-visible,
  a:focus-visible {
    outline: 2px solid var(--matrix-color-focus, #0969da);
    outline-offset: 2px;
  }
  .avatar {
    flex: none;
    width: var(--matrix-join-button-avatar-size, var(--_avatar));
    height: var(--matrix-join-button-avatar-size, var(--_avatar));
    border-radius: var(--matrix-radius-round, 50%);
    object-fit: cover;
  }
  .avatar.initial {
    display: inline-grid;
    place-items: center;
    font-weight: 600;
    font-size: calc(var(--matrix-join-button-avatar-size, var(--_avatar)) * 0.45);
    background: var(--matrix-color-on-accent, #ffffff);
    color: var(--matrix-color-accent, #0969da);
  }
  :host([variant='outline']) .avatar.initial,
  :host(:state(joined)) .avatar.initial,
  .unavailable .avatar.initial {
    background: var(--matrix-color-accent, #0969da);
    color: var(--matrix-color-on-accent, #ffffff);
  }
  .text {
    display: inline-flex;
    flex-direction: column;
    min-width: 0;
  }
  .label {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .check {
    margin-inline-end: 0.25em;
  }
  /* Full colour: faded (opacity 0.85) the small count fell below 4.5:1 on the accent (WCAG 1.4.3, axe). */
  .count {
    font-size: 0.8em;
    white-space: nowrap;
  }
  .secondary {
    min-height: 2.25em;
    padding: 0.25em 1em;
    border: 1px solid var(--matrix-color-border, #d0d7de);
    border-radius: var(--matrix-radius-pill, 999px);
    background: var(--matrix-color-surface, #ffffff);
    color: var(--matrix-color-text, #1f2328);
    font: inherit;
    cursor: pointer;
  }
  .message {
    margin: 0;
    font-size: 0.85em;
    color: var(--matrix-color-danger, #cf222e);
  }
  .link-button {
    margin-inline-start: 0.25em;
    padding: 0;
    border: none;
    background: none;
    color: var(--matrix-color-link, #0969da);
    font: inherit;
    text-decoration: underline;
    cursor: pointer;
  }
  [part='app-link'] {
    font-size: 0.8em;
    color: var(--matrix-color-link, #0969da);
  }
  dialog {
    width: min(28rem, calc(100vw - 2rem));
    max-height: calc(100dvh - 2rem);
    padding: var(--matrix-space-l, 1.25rem);
    border: 1px solid var(--matrix-color-border, #d0d7de);
    border-radius: var(--matrix-radius-m, 0.5rem);
    background: var(--matrix-color-surface, #ffffff);
    color: var(--matrix-color-text, #1f2328);
    font-size: var(--matrix-font-size, 0.9375rem);
    box-shadow: 0 1rem 3rem rgb(0 0 0 / 0.25);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  .dialog-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--matrix-space-s, 0.5rem);
  }
  .dialog-head h2 {
    margin: 0;
    font-size: 1.15em;
  }
  .dialog-text {
    margin: var(--matrix-space-s, 0.5rem) 0 var(--matrix-space-m, 0.75rem);
    color: var(--matrix-color-text-muted, #59636e);
  }
  .close {
    width: 2rem;
    height: 2rem;
    border: none;
    border-radius: var(--matrix-radius-round, 50%);
    background: transparent;
    color: inherit;
    font-size: 1.4rem;
    line-height: 1;
    cursor: pointer;
  }
  .close:hover {
    background: var(--matrix-color-hover, #f6f8fa);
  }
`;
