import { css } from 'lit';
import { t, themeStyles } from './tokens.ts';

/**
 * Rules every element needs. Adopted first in each element's `static styles`, so its own sheet can build on them.
 * `.visually-hidden`: text for screen readers only (accessible names, live announcements), out of the layout.
 * `.icon-svg`: the inline SVG icons of `internal/icons.ts`, sitting on the text's baseline like a glyph.
 * The host's colour scheme (`theme`, see `tokens.ts`) and its base font come first, from the one token set.
 */
export const sharedStyles = [themeStyles, css`
  :host {
    font-family: ${t.fontFamily};
    font-size: ${t.fontSizeM};
    color: ${t.colorText};
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
  .icon-svg {
    flex: none;
    vertical-align: -0.125em;
  }
`];
