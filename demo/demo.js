// Shared by the demo pages: points every matrix-embed element at the local homeserver started by `npm start`
// (its URL changes with $PORT, so pages never hard-code it), then loads the library from src/.
import { homeserver } from './config.js';

for (const el of document.querySelectorAll('[data-demo-homeserver]')) el.setAttribute('homeserver', homeserver.url);
for (const el of document.querySelectorAll('[data-demo-room]')) {
  el.setAttribute('room', `${el.dataset.demoRoom}:${homeserver.serverName}`);
}
for (const el of document.querySelectorAll('[data-demo-server-name]')) el.textContent = homeserver.serverName;

await import('../src/index.ts');
