/** Defines `<matrix-login>` (and nothing else). For bundlers: `import 'matrix-embed/elements/login.js'`. */
import { defineElement } from '../internal/define.ts';
import { MatrixLogin } from '../components/login/login.ts';

defineElement('matrix-login', MatrixLogin);

export { MatrixLogin };
