import { css } from 'lit';

export const chatLauncherStyles = css`
  :host {
    --_offset: var(--matrix-launcher-offset, 1.25rem);
    --_button: var(--matrix-launcher-button-size, 3.5rem);
    position: fixed;
    inset-block-end: var(--_offset);
    inset-inline-end: var(--_offset);
    z-index: var(--matrix-launcher-z-index, 2147483000);
    display: block;
    font-family: var(--matrix-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--matrix-font-size, 0.9375rem);
    color: var(--matrix-color-text, #1f2328);
  }
  :host([position='bottom-left']) {
    inset-inline-end: auto;
    inset-inline-start: var(--_offset);
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
    position: relative;
  }
  .launcher {
    position: relative;
    display: grid;
    place-items: center;
    width: var(--_button);
    height: var(--_button);
    margin: 0;
    padding: 0;
    border: none;
    border-radius: var(--matrix-radius-round, 50%);
    background: var(--matrix-color-accent, #0969da);
    color: var(--matrix-color-on-accent, #ffffff);
    box-shadow: 0 0.25rem 1rem rgb(0 0 0 / 0.25);
    cursor: pointer;
  }
  .launcher:hover {
    filter: brightness(1.08);
  }
  .launcher .avatar {
    width: 100%;
    height: 100%;
  }
  .launcher .avatar.initial {
    font-size: calc(var(--_button) * 0.42);
    background: transparent;
    color: inherit;
  }
  button:focus-visible,
  [part='panel']:focus-visible {
    outline: 2px solid var(--matrix-color-focus, #0969da);
    outline-offset: 2px;
  }
  .avatar {
    flex: none;
    display: inline-grid;
    place-items: center;
    width: 2rem;
    height: 2rem;
    border-radius: var(--matrix-radius-round, 50%);
    object-fit: cover;
    font-weight: 600;
  }
  .avatar.initial {
    background: var(--matrix-color-accent, #0969da);
    color: var(--matrix-color-on-accent, #ffffff);
  }
  .badge {
    position: absolute;
    inset-block-start: -0.25rem;
    inset-inline-end: -0.25rem;
    min-width: 1.375rem;
    height: 1.375rem;
    padding: 0 0.375rem;
    border: 2px solid var(--matrix-color-surface, #ffffff);
    border-radius: var(--matrix-radius-pill, 999px);
    background: var(--matrix-color-badge, #cf222e);
    color: #ffffff;
    font-size: 0.75rem;
    font-weight: 700;
    line-height: 1.125rem;
    text-align: center;
  }
  [part='panel'] {
    position: absolute;
    inset-block-end: calc(100% + 0.75rem);
    inset-inline-end: 0;
    display: flex;
    flex-direction: column;
    width: min(var(--matrix-launcher-width, 24rem), calc(100vw - 2 * var(--_offset)));
    height: min(var(--matrix-launcher-height, 36rem), calc(100dvh - var(--_button) - 3 * var(--_offset)));
    overflow: hidden;
    border: 1px solid var(--matrix-color-border, #d0d7de);
    border-radius: var(--matrix-radius-m, 0.5rem);
    background: var(--matrix-color-surface, #ffffff);
    box-shadow: 0 0.5rem 2.5rem rgb(0 0 0 / 0.25);
  }
  :host([position='bottom-left']) [part='panel'] {
    inset-inline-end: auto;
    inset-inline-start: 0;
  }
  [part='panel'][hidden] {
    display: none;
  }
  [part='header'] {
    display: flex;
    align-items: center;
    gap: var(--matrix-space-s, 0.5rem);
    padding: var(--matrix-space-s, 0.5rem) var(--matrix-space-s, 0.5rem) var(--matrix-space-s, 0.5rem) var(--matrix-space-m, 0.75rem);
    border-block-end: 1px solid var(--matrix-color-border, #d0d7de);
  }
  .title {
    flex: 1;
    min-width: 0;
    margin: 0;
    font-size: 1em;
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .icon {
    flex: none;
    width: 2rem;
    height: 2rem;
    padding: 0;
    border: none;
    border-radius: var(--matrix-radius-s, 0.375rem);
    background: transparent;
    color: inherit;
    font-size: 1.25rem;
    line-height: 1;
    cursor: pointer;
  }
  .icon:hover {
    background: var(--matrix-color-hover, #f6f8fa);
  }
  .body {
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  matrix-room {
    flex: 1;
    min-height: 0;
    height: 100%;
    --matrix-room-height: 100%;
    border: none;
    border-radius: 0;
  }
  /* The title bar names the room: the room's own header keeps its topic, member count and Join, not a second name. */
  matrix-room::part(header-avatar),
  matrix-room::part(header-title) {
    display: none;
  }
  /* Narrow screens: the panel takes the whole window; its own header closes it. */
  @media (max-width: 639.98px) {
    /* A smaller button closer to the corner: less of the page under it on a phone. */
    :host {
      --_offset: var(--matrix-launcher-offset, 0.75rem);
      --_button: var(--matrix-launcher-button-size, 2.75rem);
    }
    [part='panel'] {
      position: fixed;
      inset: 0;
      width: 100%;
      height: 100%;
      border: none;
      border-radius: 0;
      box-shadow: none;
    }
    :host(:state(open)) .launcher {
      display: none;
    }
  }
`;
