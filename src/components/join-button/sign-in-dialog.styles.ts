import { css } from 'lit';
import { t, derived } from '../../styles/tokens.ts';

/** The join button's sign-in dialog; adopted into the button's shadow root when the dialog first loads. */
export const signInDialogStyles = css`
  dialog {
    width: min(28rem, calc(100vw - 2rem));
    max-height: calc(100dvh - 2rem);
    padding: ${t.spaceL};
    border: 1px solid ${t.colorBorder};
    border-radius: ${t.radiusM};
    background: ${t.colorSurface};
    color: ${t.colorText};
    font-size: ${t.fontSizeM};
    box-shadow: ${t.shadowL};
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  .dialog-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: ${t.spaceS};
  }
  .dialog-head h2 {
    margin: 0;
    font-size: 1.15em;
  }
  .dialog-text {
    margin: ${t.spaceS} 0 ${t.spaceM};
    color: ${t.colorTextMuted};
  }
  .close {
    width: 2rem;
    height: 2rem;
    border: none;
    border-radius: ${t.radiusRound};
    background: transparent;
    color: inherit;
    font-size: 1.4rem;
    line-height: 1;
    cursor: pointer;
  }
  .close:hover {
    background: ${derived.hover};
  }
`;
