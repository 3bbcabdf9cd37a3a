/**
 * The join button's sign-in dialog: its markup, its styles and `<matrix-login>`, loaded with the first click that
 * needs them (a visitor who is not signed in yet), not with the button's first paint.
 */
import { adoptStyles, html, type LitElement, type TemplateResult } from 'lit';
import '../../elements/login.ts';
import { closeIcon } from '../../internal/icons.ts';
import { msg, str } from '../../session/texts.ts';
import { signInDialogStyles } from './sign-in-dialog.styles.ts';

export interface SignInDialogOptions {
  /** Prefix of the dialog's element IDs (unique per button). */
  uid: string;
  roomName: string;
  /** The homeserver the form starts with ('' for the page's default). */
  homeserver: string;
  /** The dialog closed (Escape, the close button, or `close()` after signing in). */
  onClose: () => void;
  /** Closes the dialog (the close button). */
  close: () => void;
}

const adopted = new WeakSet<ShadowRoot>();

/** Adds the dialog's styles to `host`'s shadow root, once, after the element's own. */
export function adoptDialogStyles(host: LitElement): void {
  const root = host.renderRoot;
  if (!(root instanceof ShadowRoot) || adopted.has(root)) return;
  adopted.add(root);
  adoptStyles(root, [...(host.constructor as typeof LitElement).elementStyles, signInDialogStyles]);
}

export function renderSignInDialog(o: SignInDialogOptions): TemplateResult {
  const titleId = `${o.uid}-title`;
  return html`<dialog part="dialog" aria-labelledby=${titleId} aria-describedby=${`${o.uid}-desc`} @close=${o.onClose}>
    <div class="dialog-head">
      <h2 id=${titleId}>${msg(str`Join ${o.roomName}`)}</h2>
      <button type="button" class="close" aria-label=${msg('Close')} @click=${o.close}>${closeIcon()}</button>
    </div>
    <p id=${`${o.uid}-desc`} class="dialog-text">${msg('Sign in or create an account. You join the room as soon as you are signed in.')}</p>
    ${o.homeserver ? html`<matrix-login homeserver=${o.homeserver}></matrix-login>` : html`<matrix-login></matrix-login>`}
  </dialog>`;
}
