/**
 * @custom-elements-manifest/analyzer config (`cem analyze` reads it; `npm run build` runs it).
 *
 * One plugin makes the manifest usable by editors and framework wrappers:
 * - `tagName`: the tags are defined through `defineElement('matrix-x', Class)` in src/elements/ (idempotent,
 *   version-aware), which the analyzer does not recognise, so we read those calls instead of repeating each tag
 *   in JSDoc.
 * - `events`: only the ones documented with `@fires` are public. The analyzer also infers events from every
 *   `dispatchEvent(new X(...))` and names them after a nearby identifier (`done`, `notice`, `user`, unnamed);
 *   those are dropped. Each documented event gets its event class as `type` (found by the class's
 *   `static type = 'matrix-…'` in src/events/), whose `detail` field (added here: a parameter property
 *   the analyzer misses) carries the detail type.
 */
import { readdirSync, readFileSync } from 'node:fs';

function tagsFromDefineCalls() {
  const tags = new Map();
  for (const file of readdirSync('src/elements').filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const src = readFileSync(`src/elements/${file}`, 'utf8');
    for (const m of src.matchAll(/defineElement\('([a-z]+-[a-z-]+)', (\w+)\)/g)) tags.set(m[2], m[1]);
  }
  return tags;
}

function matrixEmbedManifest() {
  return {
    name: 'matrix-embed-manifest',
    packageLinkPhase({ customElementsManifest }) {
      const tags = tagsFromDefineCalls();
      const eventClasses = new Map();
      for (const mod of customElementsManifest.modules) {
        if (!mod.path.startsWith('src/events/')) continue;
        for (const d of mod.declarations ?? []) {
          const type = d.members?.find((m) => m.static && m.name === 'type')?.default;
          if (!type) continue;
          eventClasses.set(type.replace(/^'|'$/g, ''), { name: d.name, module: mod.path });
          // `constructor(readonly detail: X)` is a parameter property, which the analyzer does not list.
          const detail = readFileSync(mod.path, 'utf8').match(/constructor\(readonly detail: ([\w<>, ]+)\)/)?.[1];
          if (detail && !d.members.some((m) => m.name === 'detail')) d.members.push({ kind: 'field', name: 'detail', type: { text: detail }, readonly: true });
        }
      }
      for (const mod of customElementsManifest.modules) {
        for (const d of mod.declarations ?? []) {
          const tag = tags.get(d.name);
          // Elements extend our LocalizedElement, not LitElement directly: the define call says what is an element.
          // And LocalizedElement, which extends LitElement, is a base class, not an element of its own.
          if (tag) Object.assign(d, { customElement: true, tagName: tag });
          else delete d.customElement;
          if (!d.customElement) continue;
          d.events = (d.events ?? [])
            .filter((e) => e.name?.startsWith('matrix-') && e.description)
            .map((e) => {
              const cls = eventClasses.get(e.name);
              return cls ? { ...e, type: { text: cls.name, references: [{ name: cls.name, package: 'matrix-embed', module: cls.module }] } } : e;
            });
        }
      }
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  litelement: true,
  plugins: [matrixEmbedManifest()],
};
