import { css } from 'lit';
import { t, derived } from '../../styles/tokens.ts';

export const joinButtonStyles = css`
  /* The join button sits in the page's own text, on the page's background (its outline, its count, the app link):
     without a theme it follows the page-wide --matrix-color-scheme, else the page's own color-scheme (var() with
     no fallback is invalid when unset, and an invalid inherited property inherits). Following the visitor's
     preference instead put dark-theme light blue on a light-only page (3.1:1, axe). */
  :host {
    color-scheme: var(--matrix-color-scheme);
    --_avatar: 2rem;
    --_pad-block: 0.375rem;
    --_pad-inline: 0.875rem 1.125rem;
    display: inline-block;
    vertical-align: middle;
    font-family: ${t.fontFamily};
    font-size: ${t.fontSizeM};
    line-height: ${t.lineHeight};
    color: ${t.colorText};
  }
  :host([size='small']) {
    --_avatar: 1.5rem;
    --_pad-block: 0.25rem;
    --_pad-inline: 0.5rem 0.75rem;
    font-size: ${t.fontSizeS};
  }
  :host([size='large']) {
    --_avatar: 2.75rem;
    --_pad-block: 0.5rem;
    --_pad-inline: 1rem 1.5rem;
    font-size: ${t.fontSizeL};
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
    gap: ${t.spaceXs};
    max-width: 100%;
  }
  .row {
    display: inline-flex;
    align-items: center;
    flex-wrap: wrap;
    gap: ${t.spaceS};
    max-width: 100%;
  }
  .main {
    display: inline-flex;
    align-items: center;
    gap: ${t.spaceS};
    max-width: 100%;
    min-height: 2.75em;
    margin: 0;
    padding-block: var(--_pad-block);
    padding-inline: var(--_pad-inline);
    border: 2px solid ${t.colorAccent};
    border-radius: ${t.radiusPill};
    background: ${t.colorAccent};
    color: ${t.colorOnAccent};
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
    color: ${t.colorAccent};
  }
  :host(:state(joined)) .main {
    background: transparent;
    color: ${t.colorText};
    border-color: ${t.colorBorder};
  }
  .main.unavailable {
    cursor: default;
    background: transparent;
    color: ${t.colorTextMuted};
    border-color: ${t.colorBorder};
  }
  button:focus-visible,
  a:focus-visible {
    outline: 2px solid ${t.colorFocus};
    outline-offset: 2px;
  }
  .avatar {
    flex: none;
    width: var(--matrix-join-button-avatar-size, var(--_avatar));
    height: var(--matrix-join-button-avatar-size, var(--_avatar));
    border-radius: ${t.radiusRound};
    object-fit: cover;
  }
  .avatar.initial {
    display: inline-grid;
    place-items: center;
    font-weight: 600;
    font-size: calc(var(--matrix-join-button-avatar-size, var(--_avatar)) * 0.45);
    background: ${t.colorOnAccent};
    color: ${t.colorAccent};
  }
  :host([variant='outline']) .avatar.initial,
  :host(:state(joined)) .avatar.initial,
  .unavailable .avatar.initial {
    background: ${t.colorAccent};
    color: ${t.colorOnAccent};
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
    border: 1px solid ${t.colorBorder};
    border-radius: ${t.radiusPill};
    background: ${t.colorSurface};
    color: ${t.colorText};
    font: inherit;
    cursor: pointer;
  }
  .message {
    margin: 0;
    font-size: 0.85em;
    color: ${t.colorDanger};
  }
  .link-button {
    margin-inline-start: 0.25em;
    padding: 0;
    border: none;
    background: none;
    color: ${derived.link};
    font: inherit;
    text-decoration: underline;
    cursor: pointer;
  }
  [part='app-link'] {
    font-size: 0.8em;
    color: ${derived.link};
  }
`;
