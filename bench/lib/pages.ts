/**
 * The bench pages, generated with the homeserver's URL: each loads matrix-embed exactly as a site owner
 * would (one module script tag) or a baseline bundle, and nothing else.
 */
import type { Homeserver, Login } from './matrix.ts';

const shell = (title: string, head: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>body{font-family:system-ui,sans-serif;margin:0;padding:16px} matrix-room{display:block;height:640px}</style>
${head}
</head><body>
${body}
</body></html>`;

const ourScript = '<script type="module" src="/dist/matrix-embed.js"></script>';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function entryPage(): string {
  return shell('entry only', ourScript, '<p>Only the script tag: what every page pays.</p>');
}

export function joinButtonPage(hs: Homeserver, room: string): string {
  return shell('join button', ourScript, `<matrix-join-button room="${esc(room)}" homeserver="${esc(hs.url)}"></matrix-join-button>`);
}

export function loginPage(hs: Homeserver): string {
  return shell('sign-in form', ourScript, `<matrix-login homeserver="${esc(hs.url)}"></matrix-login>`);
}

export function roomPage(hs: Homeserver, room: string): string {
  return shell('live room', ourScript, `<matrix-room room="${esc(room)}" homeserver="${esc(hs.url)}"></matrix-room>`);
}

/** Seeds localStorage with a signed-in session, as a returning visitor has it (run before page scripts). */
export function signedInInit(hs: Homeserver, who: Login): string {
  const session = {
    v: 1,
    homeserverUrl: hs.url,
    userId: who.userId,
    deviceId: who.deviceId,
    accessToken: who.accessToken,
    guest: false,
    auth: 'password',
  };
  return `try { localStorage.setItem('matrix-embed:v1:session', ${JSON.stringify(JSON.stringify(session))}); } catch (e) {}`;
}

const config = (c: unknown) => `<script>window.BENCH_CONFIG = ${JSON.stringify(c).replace(/</g, '\\u003c')};</script>`;

export function plainSdkPage(hs: Homeserver, who: Login, room: string): string {
  return shell(
    'plain matrix-js-sdk',
    `${config({ baseUrl: hs.url, userId: who.userId, deviceId: who.deviceId, accessToken: who.accessToken, room })}
<script type="module" src="/baseline/plain-sdk/plain-sdk.js"></script>`,
    '<ul id="messages"></ul>',
  );
}

export function hydrogenPage(hs: Homeserver, user: string, password: string, roomId: string): string {
  return shell(
    'hydrogen-view-sdk',
    `${config({ baseUrl: hs.url, user, password, roomId, assets: '/hydrogen-assets', olm: '/olm', serviceWorker: '/hydrogen-sw/sw.js' })}
<link rel="stylesheet" href="/hydrogen-assets/theme-element-light.css">
<script type="module" src="/baseline/hydrogen/hydrogen.js"></script>`,
    '<div id="app" class="hydrogen" style="height:640px"></div>',
  );
}

/** Conditions the watcher times (function sources run in the page each animation frame). */
export const CONDITIONS = {
  /** The page's scripts ran (our entry is a module script in the page: it runs before the load event). */
  ran: `() => document.readyState === 'complete'`,
  /** Join button: the room's name and "N members" are in its shadow DOM. */
  joinPainted: `() => {
    const t = document.querySelector('matrix-join-button')?.shadowRoot?.textContent ?? '';
    return /Lobby/.test(t) && /\\d[\\d,.\\s]*members?/i.test(t);
  }`,
  /** Sign-in form: the password field exists. */
  loginForm: `() => !!document.querySelector('matrix-login')?.shadowRoot?.querySelector('input[type="password"]')`,
  /** <matrix-room>: 20 message tiles and the composer. */
  room20: `() => {
    const r = document.querySelector('matrix-room')?.shadowRoot;
    return !!r && r.querySelectorAll('[part~="event"][data-kind="message"]').length >= 20
      && !!r.querySelector('[part~="composer"] textarea');
  }`,
  /** <matrix-room>: the same from the element's own rendering, the loader's last screen (a repeat visit) gone. */
  room20Own: `() => {
    const r = document.querySelector('matrix-room')?.shadowRoot;
    return !!r && !r.querySelector('.last-screen') && r.querySelectorAll('[part~="event"][data-kind="message"]').length >= 20
      && !!r.querySelector('[part~="composer"] textarea');
  }`,
  /** Plain SDK baseline: 20 bodies in the list. */
  plain20: `() => document.querySelectorAll('#messages li').length >= 20`,
  /** Hydrogen: 20 message bodies in its timeline. */
  /** Hydrogen: its timeline mounted with its first sync's messages (bench/pages/hydrogen.ts says how many). */
  hydrogenShown: `() => !!document.body.dataset.shown`,
} as const;
