/**
 * Colours as the elements render them: a token resolved inside an element's shadow root (its colour scheme,
 * the page's overrides), a real node's computed colour, WCAG contrast. Shared by the theming and dark axe tests.
 */
import { derived, t } from '../../../src/styles/tokens.ts';
import { JoinButtonHarness } from '../../harnesses/join-button-harness.ts';
import { LauncherHarness } from '../../harnesses/launcher-harness.ts';
import { LoginHarness } from '../../harnesses/login-harness.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import type { MatrixLogin } from '../../../src/components/login/login.ts';
import { publicRoom, registerUser, server, sendText } from '../join-button/helpers.ts';

export type Rgb = [number, number, number];

const canvas = document.createElement('canvas');
canvas.width = canvas.height = 1;
const ctx = canvas.getContext('2d', { willReadFrequently: true })!;

/** Any CSS colour the browser computed (`rgb()`, `color(srgb …)`) as 8-bit sRGB, composited on white if translucent. */
export function rgb(cssColour: string): Rgb {
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, 1, 1);
  ctx.fillStyle = cssColour;
  ctx.fillRect(0, 0, 1, 1);
  const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
  return [r, g, b];
}

export const hex = (c: Rgb) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

/** WCAG 2.x relative luminance and contrast ratio. */
function luminance([r, g, b]: Rgb): number {
  const lin = (v: number) => { const s = v / 255; return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The colour roles the elements paint with, as they read them (`var(--matrix-…, default)`). */
export const roles = {
  surface: t.colorSurface, surfaceRaised: t.colorSurfaceRaised, text: t.colorText, textMuted: t.colorTextMuted,
  accent: t.colorAccent, onAccent: t.colorOnAccent, border: t.colorBorder, danger: t.colorDanger, success: t.colorSuccess,
  focus: t.colorFocus, link: derived.link, accentSoft: derived.accentSoft, hover: derived.hover,
  warningSurface: derived.warningSurface, badge: derived.badge, onBadge: derived.onBadge,
} as const;
export type Role = keyof typeof roles;

/** `role` resolved where `host` paints: a probe in its shadow root, so its colour scheme and inherited overrides apply. */
export function resolve(host: HTMLElement, role: Role): Rgb {
  const probe = document.createElement('span');
  probe.style.setProperty('color', roles[role].cssText);
  host.shadowRoot!.append(probe);
  const colour = getComputedStyle(probe).color;
  probe.remove();
  return rgb(colour);
}

/**
 * Every pair the elements paint, with the WCAG AA minimum: 4.5 for text, 3 for UI boundaries and the focus ring
 * (1.4.11). `fg` on `bg`.
 */
export const PAIRS: { fg: Role; bg: Role; min: number; use: string }[] = [
  { fg: 'text', bg: 'surface', min: 4.5, use: 'text' },
  { fg: 'text', bg: 'surfaceRaised', min: 4.5, use: 'text on buttons, code, notices' },
  { fg: 'text', bg: 'hover', min: 4.5, use: 'text of a hovered row' },
  { fg: 'text', bg: 'accentSoft', min: 4.5, use: 'a pressed reaction' },
  { fg: 'text', bg: 'warningSurface', min: 4.5, use: 'the connection banner' },
  { fg: 'textMuted', bg: 'surface', min: 4.5, use: 'times, hints' },
  { fg: 'textMuted', bg: 'surfaceRaised', min: 4.5, use: 'hints on raised surfaces' },
  { fg: 'textMuted', bg: 'hover', min: 4.5, use: 'times in a hovered row' },
  { fg: 'onAccent', bg: 'accent', min: 4.5, use: 'primary buttons, the launcher, avatars' },
  { fg: 'accent', bg: 'surface', min: 4.5, use: 'accent as text (outline button, selected tab)' },
  { fg: 'accent', bg: 'accentSoft', min: 4.5, use: 'the room avatar initial' },
  { fg: 'link', bg: 'surface', min: 4.5, use: 'links' },
  { fg: 'link', bg: 'hover', min: 4.5, use: 'links in a hovered row' },
  { fg: 'danger', bg: 'surface', min: 4.5, use: 'errors, "Not sent"' },
  { fg: 'success', bg: 'surface', min: 4.5, use: 'confirmations' },
  { fg: 'onBadge', bg: 'badge', min: 4.5, use: 'the unread badge' },
  { fg: 'surface', bg: 'text', min: 4.5, use: 'a spoiler reason' },
  { fg: 'border', bg: 'surface', min: 3, use: 'field and button borders' },
  { fg: 'border', bg: 'surfaceRaised', min: 3, use: 'borders of raised buttons' },
  { fg: 'focus', bg: 'surface', min: 3, use: 'the focus ring' },
  { fg: 'focus', bg: 'surfaceRaised', min: 3, use: 'the focus ring on raised surfaces' },
  { fg: 'accent', bg: 'surface', min: 3, use: 'a primary button against the surface' },
];

export interface Elements { login: MatrixLogin; room: HTMLElement; join: HTMLElement; launcher: HTMLElement; inner: HTMLElement; all: HTMLElement[] }

/** The four elements on one page, each showing a real room (the launcher open, so its `<matrix-room>` renders). */
export async function mountAll(): Promise<Elements> {
  const alice = await registerUser(server().url, 'Alice');
  const { roomId, alias } = await publicRoom(alice, 'Theme Room');
  await sendText(alice, roomId, 'Hello in colour');
  const login = document.createElement('matrix-login') as MatrixLogin;
  login.setAttribute('homeserver', server().url);
  document.body.append(login);
  const lh = new LoginHarness(login);
  await lh.settle();
  await lh.waitFor(() => !!lh.field('Password'), 'the sign-in form');
  const room = RoomHarness.create({ room: roomId, homeserver: server().url });
  await room.waitForState('preview', 20_000);
  const join = JoinButtonHarness.create({ room: alias, homeserver: server().url });
  await join.waitForState('ready', 20_000);
  const launcher = LauncherHarness.create({ room: roomId, homeserver: server().url, open: '' });
  const inner = await waitUntil(() => launcher.roomElement(), 'the launcher room', 20_000);
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const els = { login, room: room.element, join: join.element, launcher: launcher.element, inner: inner as HTMLElement };
  return { ...els, all: [els.login, els.room, els.join, els.launcher, els.inner] };
}
