import { css } from 'lit';

export const loginStyles = css`
  :host {
    display: block;
    font-family: var(--matrix-font-family, system-ui, sans-serif);
    font-size: var(--matrix-font-size-m, 1rem);
    color: var(--matrix-color-text, #1b1d22);
    max-width: var(--matrix-login-max-width, 24rem);
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: var(--matrix-space-m, 0.75rem);
    padding: var(--matrix-space-l, 1rem);
    background: var(--matrix-color-surface, #fff);
    border: 1px solid var(--matrix-color-border, #d5d9e0);
    border-radius: var(--matrix-radius-m, 0.5rem);
  }
  [role='tablist'] {
    display: flex;
    gap: var(--matrix-space-s, 0.25rem);
    border-bottom: 1px solid var(--matrix-color-border, #d5d9e0);
  }
  [role='tab'] {
    flex: 1;
    font: inherit;
    background: none;
    border: none;
    border-bottom: 2px solid transparent;
    padding: var(--matrix-space-s, 0.5rem);
    color: var(--matrix-color-text-muted, #5c6470);
    cursor: pointer;
  }
  [role='tab'][aria-selected='true'] {
    color: var(--matrix-color-text, #1b1d22);
    border-bottom-color: var(--matrix-color-accent, #0b7a5c);
    font-weight: 600;
  }
  [role='tabpanel'],
  form {
    display: flex;
    flex-direction: column;
    gap: var(--matrix-space-m, 0.75rem);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: var(--matrix-space-xs, 0.25rem);
  }
  label {
    font-weight: 600;
    font-size: var(--matrix-font-size-s, 0.875rem);
  }
  input[type='text'],
  input[type='password'] {
    font: inherit;
    padding: var(--matrix-space-s, 0.5rem);
    border: 1px solid var(--matrix-color-border, #a9b0bb);
    border-radius: var(--matrix-radius-s, 0.25rem);
    background: var(--matrix-color-input, #fff);
    color: inherit;
  }
  input[aria-invalid='true'] {
    border-color: var(--matrix-color-danger, #c4271e);
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  .primary,
  .secondary {
    padding: var(--matrix-space-s, 0.5rem) var(--matrix-space-m, 0.75rem);
    border-radius: var(--matrix-radius-s, 0.25rem);
    border: 1px solid var(--matrix-color-accent, #0b7a5c);
  }
  .primary {
    background: var(--matrix-color-accent, #0b7a5c);
    color: var(--matrix-color-on-accent, #fff);
  }
  .secondary {
    background: transparent;
    color: var(--matrix-color-accent, #0b7a5c);
  }
  button[aria-busy='true'] {
    cursor: progress;
    opacity: 0.7;
  }
  button:focus-visible,
  input:focus-visible,
  [role='tab']:focus-visible {
    outline: 2px solid var(--matrix-color-focus, #2563eb);
    outline-offset: 2px;
  }
  .error {
    color: var(--matrix-color-danger, #c4271e);
    font-size: var(--matrix-font-size-s, 0.875rem);
    margin: 0;
  }
  .hint {
    color: var(--matrix-color-text-muted, #5c6470);
    font-size: var(--matrix-font-size-s, 0.875rem);
    margin: 0;
  }
  .ok {
    color: var(--matrix-color-success, #0b7a5c);
  }
  .notice {
    margin: 0;
    padding: var(--matrix-space-s, 0.5rem);
    border-radius: var(--matrix-radius-s, 0.25rem);
    background: var(--matrix-color-surface-alt, #f3f5f8);
  }
  .divider {
    text-align: center;
    color: var(--matrix-color-text-muted, #5c6470);
    font-size: var(--matrix-font-size-s, 0.875rem);
  }
  .policies {
    margin: 0;
    padding-left: 1.25rem;
  }
  .unsent-warning {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--matrix-space-s, 0.5rem);
    margin-top: var(--matrix-space-s, 0.5rem);
  }
  .unsent-warning p {
    flex-basis: 100%;
    margin: 0;
  }
  .user {
    display: flex;
    align-items: center;
    gap: var(--matrix-space-m, 0.75rem);
    border-radius: var(--matrix-radius-s, 0.375rem);
  }
  .user:focus-visible {
    outline: 2px solid var(--matrix-color-focus, #0969da);
    outline-offset: 4px;
  }
  .avatar {
    width: var(--matrix-login-avatar-size, 2.5rem);
    height: var(--matrix-login-avatar-size, 2.5rem);
    border-radius: 50%;
    display: grid;
    place-items: center;
    background: var(--matrix-color-accent, #0b7a5c);
    color: var(--matrix-color-on-accent, #fff);
    font-weight: 600;
    flex: none;
  }
  .who {
    display: flex;
    flex-direction: column;
    min-width: 0;
    flex: 1;
  }
  .who > * {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .user-id {
    color: var(--matrix-color-text-muted, #5c6470);
    font-size: var(--matrix-font-size-s, 0.875rem);
  }
`;
