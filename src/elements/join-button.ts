/**
 * Defines `<matrix-join-button>`. For bundlers: `import 'matrix-embed/elements/join-button.js'`. Its sign-in
 * dialog's `<matrix-login>` is loaded when that dialog first opens (see join-button.ts), not with the button.
 */
import { defineElement } from '../internal/define.ts';
import { MatrixJoinButton } from '../components/join-button/join-button.ts';

defineElement('matrix-join-button', MatrixJoinButton);

export { MatrixJoinButton };
