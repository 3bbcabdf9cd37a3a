/**
 * The one design-token set of matrix-embed: `--matrix-<category>-<role>`, each read with a built-in default so a
 * single script tag works with no stylesheet. A host page overrides any token by setting the custom property
 * (inherited through every shadow root); an unset token falls back to the default here.
 *
 * Colours default to `light-dark(light, dark)`: they follow the element's `color-scheme`, which each element sets
 * from its `theme` attribute, else from `--matrix-color-scheme` (page-wide), else `light dark` (the visitor's
 * `prefers-color-scheme`). See `themeStyles`.
 *
 * Every element and the tiles read tokens through `t` (a `var()` with the default), never a literal of their own.
 */
import { css, unsafeCSS, type CSSResult } from 'lit';

/**
 * A token: its custom property and its default (a CSS value, for colours `light-dark(light, dark)`). This module
 * ships in every element's first paint, so what each is for is a comment (and the README's table), and the
 * property name is derived from the key (`colorSurface` → `--matrix-color-surface`) rather than written twice.
 */
export interface Token { name: string; value: string }

const ld = (light: string, dark: string): string => `light-dark(${light}, ${dark})`;

/** Every token's default, by key, in the order the README table lists them. */
export const TOKENS = {
  colorSurface: ld('#ffffff', '#0d1117'), // Background of every element.
  colorSurfaceRaised: ld('#f6f8fa', '#161b22'), // Buttons, code, notices, hovered rows.
  colorText: ld('#1f2328', '#e6edf3'), // Text.
  colorTextMuted: ld('#59636e', '#9198a1'), // Secondary text: times, hints, topics.
  colorAccent: ld('#0969da', '#4493f8'), // Primary buttons, links, the selected tab, the launcher.
  colorOnAccent: ld('#ffffff', '#0d1117'), // Text and icons on the accent colour.
  colorBorder: ld('#818b98', '#656c76'), // Borders of fields, buttons and panels (3:1 on the surface).
  colorDanger: ld('#cf222e', '#f85149'), // Errors, "Not sent", the unread badge.
  colorSuccess: ld('#1a7f37', '#3fb950'), // Confirmations.
  colorFocus: ld('#0969da', '#4493f8'), // Focus ring.
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", // Font.
  fontFamilyMono: 'ui-monospace, monospace', // Code in messages.
  fontSizeS: '0.8125rem', // Small text: times, hints, labels.
  fontSizeM: '0.9375rem', // Body text (`--matrix-font-size` is read as an alias).
  fontSizeL: '1.125rem', // Large join button.
  lineHeight: '1.4', // Line height of text.
  spaceXs: '0.25rem', // Smallest gap.
  spaceS: '0.5rem', // Small gap and padding.
  spaceM: '0.75rem', // Medium gap and padding.
  spaceL: '1rem', // Padding of cards and dialogs.
  radiusS: '0.375rem', // Corners of fields and small buttons.
  radiusM: '0.5rem', // Corners of panels, cards and dialogs.
  radiusPill: '999px', // Pill buttons, badges, reactions.
  radiusRound: '50%', // Avatars.
  shadowS: '0 1px 4px rgb(0 0 0 / 0.2)', // Small floating controls.
  shadowM: '0 0.25rem 1rem rgb(0 0 0 / 0.25)', // The launcher button.
  shadowL: '0 0.5rem 2.5rem rgb(0 0 0 / 0.25)', // Panels and dialogs.
} satisfies Record<string, string>;

type Name = keyof typeof TOKENS;

/** `colorSurface` → `--matrix-color-surface`. */
export const tokenName = (key: string): string => `--matrix-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The whole set as custom property and default (for documentation and tests). */
export const tokenList = (): Token[] => Object.entries(TOKENS).map(([key, value]) => ({ name: tokenName(key), value }));

const read = (n: Name, fallback: string = TOKENS[n]): CSSResult => unsafeCSS(`var(${tokenName(n)}, ${fallback})`);

/** `var(--matrix-…, default)` for every token, to interpolate in Lit `css`. */
export const t = Object.fromEntries(Object.keys(TOKENS).map((k) => [k, read(k as Name)])) as Record<Name, CSSResult>;

// The body size had two names (`--matrix-font-size` in room/join/launcher, `--matrix-font-size-m` in login and the
// tiles); `-m` is the token, the old name still works.
t.fontSizeM = unsafeCSS(`var(--matrix-font-size-m, var(--matrix-font-size, ${TOKENS.fontSizeM}))`);

/**
 * Roles derived from the tokens, overridable but documented as knobs: links follow the accent, a soft accent
 * (pressed reactions, the room avatar) is the accent mixed into the surface, hover is the raised surface.
 */
export const derived = {
  link: unsafeCSS(`var(--matrix-color-link, ${t.colorAccent.cssText})`),
  accentSoft: unsafeCSS(`var(--matrix-color-accent-soft, color-mix(in srgb, ${t.colorAccent.cssText} 8%, ${t.colorSurface.cssText}))`),
  hover: unsafeCSS(`var(--matrix-color-hover, ${t.colorSurfaceRaised.cssText})`),
  /** Lines of the separators and dividers: decoration, not a component boundary, so lighter than the border. */
  divider: unsafeCSS(`var(--matrix-color-divider, color-mix(in srgb, ${t.colorBorder.cssText} 45%, ${t.colorSurface.cssText}))`),
  warningSurface: unsafeCSS(`var(--matrix-color-warning-surface, ${ld('#fff8c5', '#3b2e00')})`),
  badge: unsafeCSS(`var(--matrix-color-badge, ${t.colorDanger.cssText})`),
  onBadge: unsafeCSS(`var(--matrix-color-on-badge, ${t.colorOnAccent.cssText})`),
};

/**
 * The colour scheme: `theme="light|dark|auto"` on an element wins; else the page-wide `--matrix-color-scheme`
 * (`light`, `dark` or `light dark`, set on `<html>` or any ancestor); else `light dark`, the visitor's
 * `prefers-color-scheme`. The attribute also sets `--matrix-color-scheme`, so elements inside (the launcher's
 * room) follow it. Adopted through `sharedStyles` by every element.
 */
export const themeStyles = css`
  :host {
    color-scheme: var(--matrix-color-scheme, light dark);
  }
  :host([theme='light']) {
    --matrix-color-scheme: light;
    color-scheme: light;
  }
  :host([theme='dark']) {
    --matrix-color-scheme: dark;
    color-scheme: dark;
  }
  :host([theme='auto']) {
    --matrix-color-scheme: light dark;
    color-scheme: light dark;
  }
`;

/** The `theme` attribute of every element: `light`, `dark`, or `auto` (the visitor's `prefers-color-scheme`). */
export type Theme = 'light' | 'dark' | 'auto';
