import { VERSION } from './version.ts';

const registryKey = Symbol.for('matrix-embed.versions');
type VersionRegistry = Map<string, string>;
const warned = new Set<string>();

/**
 * Defines a custom element once. A page may load matrix-embed twice (two bundles, two CDN URLs): defining a
 * tag again must not throw, and if the other copy is a different version we warn once per tag, because the
 * first definition wins and the page gets that version's behaviour.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  const g = globalThis as unknown as Record<symbol, VersionRegistry | undefined>;
  const versions = (g[registryKey] ??= new Map());
  const existing = customElements.get(tag);
  if (existing) {
    const other = versions.get(tag);
    if (existing !== ctor && other !== VERSION && !warned.has(tag)) {
      warned.add(tag);
      console.warn(
        `matrix-embed: <${tag}> is already defined by ${other ? `matrix-embed ${other}` : 'another script'}; ` +
          `this copy (${VERSION}) will not redefine it.`,
      );
    }
    return;
  }
  customElements.define(tag, ctor);
  versions.set(tag, VERSION);
}
