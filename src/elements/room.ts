/** Defines `<matrix-room>`. For bundlers: `import 'matrix-embed/elements/room.js'`. */
import { defineElement } from '../internal/define.ts';
import { MatrixRoom } from '../components/room/room.ts';

defineElement('matrix-room', MatrixRoom);

// The room's "Join" opens a sign-in dialog holding a <matrix-login> once that element is defined (room.ts waits for
// it at the click). Load it beside the room, a moment later — its parse must not hold up the room's own first
// paint (the first messages) — or at once when a visitor presses Join sooner.
const loadLogin = () => void import('./login.ts').catch((e: unknown) => console.warn('matrix-embed: could not load <matrix-login> for the sign-in dialog:', e));
const later = setTimeout(loadLogin, 1000);
document.addEventListener('matrix-join', () => (clearTimeout(later), loadLogin()), { once: true });

export { MatrixRoom };
