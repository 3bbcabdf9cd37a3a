import { css } from 'lit';
import { t, derived } from '../../styles/tokens.ts';

export const chatLauncherStyles = css`
  :host {
    --_offset: var(--matrix-launcher-offset, 1.25rem);
    --_button: var(--matrix-launcher-button-size, 3.5rem);
    position: fixed;
    inset-block-end: var(--_offset);
    inset-inline-end: var(--_offset);
    z-index: var(--matrix-launcher-z-index, 2147483000);
    display: block;
    font-family: ${t.fontFamily};
    font-size: ${t.fontSizeM};
    color: ${t.colorText};
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
    border-radius: ${t.radiusRound};
    background: ${t.colorAccent};
    color: ${t.colorOnAccent};
    box-shadow: ${t.shadowM};
    cursor: pointer;
  }
  /* The page's own content (the button slot): a pill around it, at least the size of the round button. */
  .launcher.own {
    display: flex;
    align-items: center;
    justify-content: center;
    gap: ${t.spaceS};
    width: auto;
    min-width: var(--_button);
    padding-inline: ${t.spaceL};
    border-radius: ${t.radiusPill};
    font: inherit;
    font-weight: 600;
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
    outline: 2px solid ${t.colorFocus};
    outline-offset: 2px;
  }
  .avatar {
    flex: none;
    display: inline-grid;
    place-items: center;
    width: 2rem;
    height: 2rem;
    border-radius: ${t.radiusRound};
    object-fit: cover;
    font-weight: 600;
  }
  .avatar.initial {
    background: ${t.colorAccent};
    color: ${t.colorOnAccent};
  }
  .badge {
    position: absolute;
    inset-block-start: -0.25rem;
    inset-inline-end: -0.25rem;
    min-width: 1.375rem;
    height: 1.375rem;
    padding: 0 0.375rem;
    border: 2px solid ${t.colorSurface};
    border-radius: ${t.radiusPill};
    background: ${derived.badge};
    color: ${derived.onBadge};
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
    border: 1px solid ${t.colorBorder};
    border-radius: ${t.radiusM};
    background: ${t.colorSurface};
    box-shadow: ${t.shadowL};
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
    gap: ${t.spaceS};
    padding: ${t.spaceS} ${t.spaceS} ${t.spaceS} ${t.spaceM};
    border-block-end: 1px solid ${derived.divider};
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
    border-radius: ${t.radiusS};
    background: transparent;
    color: inherit;
    font-size: 1.25rem;
    line-height: 1;
    cursor: pointer;
  }
  .icon:hover {
    background: ${derived.hover};
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
