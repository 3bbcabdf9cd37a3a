/**
 * Defines every matrix-embed element at once and exports the whole API (what the script-tag entry was before
 * it became a loader): `import 'matrix-embed/all.js'`. Named exports only.
 */
import './elements/login.ts';
import './elements/room.ts';
import './elements/join-button.ts';
import './elements/chat-launcher.ts';

export * from './classes.ts';
