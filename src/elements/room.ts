/** Defines `<matrix-room>`. For bundlers: `import 'matrix-embed/elements/room.js'`. */
import { defineElement } from '../internal/define.ts';
import { MatrixRoom } from '../components/room/room.ts';

defineElement('matrix-room', MatrixRoom);

// The room's "Join" opens a sign-in dialog holding a <matrix-login> when that element is defined (room.ts checks
// customElements at the click). Load it beside the room, a moment later: its parse must not hold up the room's
// own first paint (the first messages).
setTimeout(() => void import('./login.ts').catch((e: unknown) => console.warn('matrix-embed: could not load <matrix-login> for the sign-in dialog:', e)), 1000);

export { MatrixRoom };
