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

/** A token: its custom property, its default (a CSS value, for colours `light-dark(light, dark)`) and its use. */
export interface Token { name: string; value: string; description: string }

const ld = (light: string, dark: string): string => `light-dark(${light}, ${dark})`;

/** Every token with its default, in the order the README table lists them. */
export const TOKENS = {
  colorSurface: { name: '--matrix-color-surface', value: ld('#ffffff', '#0d1117'), description: 'Background of every element.' },
  colorSurfaceRaised: { name: '--matrix-color-surface-raised', value: ld('#f6f8fa', '#161b22'), description: 'Buttons, code, notices, hovered rows.' },
  colorText: { name: '--matrix-color-text', value: ld('#1f2328', '#e6edf3'), description: 'Text.' },
  colorTextMuted: { name: '--matrix-color-text-muted', value: ld('#59636e', '#9198a1'), description: 'Secondary text: times, hints, topics.' },
  colorAccent: { name: '--matrix-color-accent', value: ld('#0969da', '#4493f8'), description: 'Primary buttons, links, the selected tab, the launcher.' },
  colorOnAccent: { name: '--matrix-color-on-accent', value: ld('#ffffff', '#0d1117'), description: 'Text and icons on the accent colour.' },
  colorBorder: { name: '--matrix-color-border', value: ld('#818b98', '#656c76'), description: 'Borders of fields, buttons and panels (3:1 on the surface).' },
  colorDanger: { name: '--matrix-color-danger', value: ld('#cf222e', '#f85149'), description: 'Errors, "Not sent", the unread badge.' },
  colorSuccess: { name: '--matrix-color-success', value: ld('#1a7f37', '#3fb950'), description: 'Confirmations.' },
  colorFocus: { name: '--matrix-color-focus', value: ld('#0969da', '#4493f8'), description: 'Focus ring.' },
  fontFamily: { name: '--matrix-font-family', value: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", description: 'Font.' },
  fontFamilyMono: { name: '--matrix-font-family-mono', value: 'ui-monospace, monospace', description: 'Code in messages.' },
  fontSizeS: { name: '--matrix-font-size-s', value: '0.8125rem', description: 'Small text: times, hints, labels.' },
  fontSizeM: { name: '--matrix-font-size-m', value: '0.9375rem', description: 'Body text (`--matrix-font-size` is read as an alias).' },
  fontSizeL: { name: '--matrix-font-size-l', value: '1.125rem', description: 'Large join button.' },
  lineHeight: { name: '--matrix-line-height', value: '1.4', description: 'Line height of text.' },
  spaceXs: { name: '--matrix-space-xs', value: '0.25rem', description: 'Smallest gap.' },
  spaceS: { name: '--matrix-space-s', value: '0.5rem', description: 'Small gap and padding.' },
  spaceM: { name: '--matrix-space-m', value: '0.75rem', description: 'Medium gap and padding.' },
  spaceL: { name: '--matrix-space-l', value: '1rem', description: 'Padding of cards and dialogs.' },
  radiusS: { name: '--matrix-radius-s', value: '0.375rem', description: 'Corners of fields and small buttons.' },
  radiusM: { name: '--matrix-radius-m', value: '0.5rem', description: 'Corners of panels, cards and dialogs.' },
  radiusPill: { name: '--matrix-radius-pill', value: '999px', description: 'Pill buttons, badges, reactions.' },
  radiusRound: { name: '--matrix-radius-round', value: '50%', description: 'Avatars.' },
  shadowS: { name: '--matrix-shadow-s', value: '0 1px 4px rgb(0 0 0 / 0.2)', description: 'Small floating controls.' },
  shadowM: { name: '--matrix-shadow-m', value: '0 0.25rem 1rem rgb(0 0 0 / 0.25)', description: 'The launcher button.' },
  shadowL: { name: '--matrix-shadow-l', value: '0 0.5rem 2.5rem rgb(0 0 0 / 0.25)', description: 'Panels and dialogs.' },
} satisfies Record<string, Token>;

type Name = keyof typeof TOKENS;
const read = (n: Name, fallback = TOKENS[n].value): CSSResult => unsafeCSS(`var(${TOKENS[n].name}, ${fallback})`);

/** `var(--matrix-…, default)` for every token, to interpolate in Lit `css`. */
export const t = Object.fromEntries(Object.keys(TOKENS).map((k) => [k, read(k as Name)])) as Record<Name, CSSResult>;

// The body size had two names (`--matrix-font-size` in room/join/launcher, `--matrix-font-size-m` in login and the
// tiles); `-m` is the token, the old name still works.
t.fontSizeM = unsafeCSS(`var(--matrix-font-size-m, var(--matrix-font-size, ${TOKENS.fontSizeM.value}))`);

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
