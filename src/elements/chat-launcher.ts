/**
 * Defines `<matrix-chat-launcher>`. For bundlers: `import 'matrix-embed/elements/chat-launcher.js'`. The
 * `<matrix-room>` of its panel is loaded when the panel first opens (or with `preload`), see chat-launcher.ts.
 */
import { defineElement } from '../internal/define.ts';
import { MatrixChatLauncher } from '../components/chat-launcher/chat-launcher.ts';

defineElement('matrix-chat-launcher', MatrixChatLauncher);

export { MatrixChatLauncher };
