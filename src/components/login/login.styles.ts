import { css } from 'lit';
import { t, derived } from '../../styles/tokens.ts';

export const loginStyles = css`
  :host {
    display: block;
    font-family: ${t.fontFamily};
    font-size: ${t.fontSizeM};
    color: ${t.colorText};
    max-width: var(--matrix-login-max-width, 24rem);
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: ${t.spaceM};
    padding: ${t.spaceL};
    background: ${t.colorSurface};
    border: 1px solid ${t.colorBorder};
    border-radius: ${t.radiusM};
  }
  [role='tablist'] {
    display: flex;
    gap: ${t.spaceXs};
    border-bottom: 1px solid ${derived.divider};
  }
  [role='tab'] {
    flex: 1;
    font: inherit;
    background: none;
    border: none;
    border-bottom: 2px solid transparent;
    padding: ${t.spaceS};
    color: ${t.colorTextMuted};
    cursor: pointer;
  }
  [role='tab'][aria-selected='true'] {
    color: ${t.colorText};
    border-bottom-color: ${t.colorAccent};
    font-weight: 600;
  }
  [role='tabpanel'],
  form {
    display: flex;
    flex-direction: column;
    gap: ${t.spaceM};
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: ${t.spaceXs};
  }
  label {
    font-weight: 600;
    font-size: ${t.fontSizeS};
  }
  input[type='text'],
  input[type='password'] {
    font: inherit;
    padding: ${t.spaceS};
    border: 1px solid ${t.colorBorder};
    border-radius: ${t.radiusS};
    background: ${t.colorSurface};
    color: inherit;
  }
  input[aria-invalid='true'] {
    border-color: ${t.colorDanger};
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  .primary,
  .secondary {
    padding: ${t.spaceS} ${t.spaceM};
    border-radius: ${t.radiusS};
    border: 1px solid ${t.colorAccent};
  }
  .primary {
    background: ${t.colorAccent};
    color: ${t.colorOnAccent};
  }
  .secondary {
    background: transparent;
    color: ${t.colorAccent};
  }
  button[aria-busy='true'] {
    cursor: progress;
    opacity: 0.7;
  }
  button:focus-visible,
  input:focus-visible,
  [role='tab']:focus-visible {
    outline: 2px solid ${t.colorFocus};
    outline-offset: 2px;
  }
  .error {
    color: ${t.colorDanger};
    font-size: ${t.fontSizeS};
    margin: 0;
  }
  .hint {
    color: ${t.colorTextMuted};
    font-size: ${t.fontSizeS};
    margin: 0;
  }
  .ok {
    color: ${t.colorSuccess};
  }
  .notice {
    margin: 0;
    padding: ${t.spaceS};
    border-radius: ${t.radiusS};
    background: ${t.colorSurfaceRaised};
  }
  .divider {
    text-align: center;
    color: ${t.colorTextMuted};
    font-size: ${t.fontSizeS};
  }
  .policies {
    margin: 0;
    padding-left: 1.25rem;
  }
  .unsent-warning {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${t.spaceS};
    margin-top: ${t.spaceS};
  }
  .unsent-warning p {
    flex-basis: 100%;
    margin: 0;
  }
  .user {
    display: flex;
    align-items: center;
    gap: ${t.spaceM};
    border-radius: ${t.radiusS};
  }
  .user:focus-visible {
    outline: 2px solid ${t.colorFocus};
    outline-offset: 4px;
  }
  .avatar {
    width: var(--matrix-login-avatar-size, 2.5rem);
    height: var(--matrix-login-avatar-size, 2.5rem);
    border-radius: 50%;
    display: grid;
    place-items: center;
    background: ${t.colorAccent};
    color: ${t.colorOnAccent};
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
    color: ${t.colorTextMuted};
    font-size: ${t.fontSizeS};
  }
`;
