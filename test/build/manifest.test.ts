/**
 * The generated custom-elements.json is usable by editors, Storybook and framework wrappers: every element has
 * its tag, attributes that map to properties, only its documented `matrix-*` events, each typed with its event
 * class (whose `detail` has a type), and documented parts / states / custom properties.
 * Runs the analyzer first (the same `cem analyze` as `npm run build`), so a stale manifest is never checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
execFileSync('npx', ['cem', 'analyze', '--quiet'], { cwd: ROOT, stdio: 'pipe' });

interface Named { name?: string; description?: string; type?: { text?: string }; default?: string; fieldName?: string; attribute?: string; kind?: string; static?: boolean }
interface Declaration extends Named {
  customElement?: boolean; tagName?: string; members?: Named[]; attributes?: Named[]; events?: Named[];
  cssParts?: Named[]; cssStates?: Named[]; cssProperties?: Named[]; slots?: Named[];
}
const manifest = JSON.parse(readFileSync(`${ROOT}custom-elements.json`, 'utf8')) as { modules: { path: string; declarations?: Declaration[] }[] };
const declarations = manifest.modules.flatMap((m) => m.declarations ?? []);
const elements = declarations.filter((d) => d.customElement);
const byName = new Map(declarations.map((d) => [d.name, d]));

test('every element has its tag', () => {
  assert.deepEqual(elements.map((e) => e.tagName).sort(), ['matrix-chat-launcher', 'matrix-join-button', 'matrix-login', 'matrix-room']);
  for (const e of elements) assert.equal(e.name, `Matrix${e.tagName!.slice('matrix-'.length).replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase())}`);
});

test('every attribute maps to a public property of the same type, and back', () => {
  for (const e of elements) {
    assert.ok(e.attributes?.length, `${e.tagName} has attributes`);
    for (const a of e.attributes!) {
      assert.match(a.name!, /^[a-z]+(-[a-z]+)*$/, `${e.tagName}[${a.name}] is kebab-case`);
      const field = e.members?.find((m) => m.kind === 'field' && m.name === a.fieldName);
      assert.ok(field, `${e.tagName}[${a.name}] has the property ${a.fieldName}`);
      assert.equal(field.attribute, a.name);
      assert.equal(field.type?.text, a.type?.text, `${e.tagName}[${a.name}] and .${a.fieldName} have one type`);
      assert.ok(a.description, `${e.tagName}[${a.name}] is documented`);
    }
  }
});

test('events: only documented matrix-* events, each typed with its event class and detail type', () => {
  for (const e of elements) {
    assert.ok(e.events?.some((ev) => ev.name === 'matrix-error'), `${e.tagName} fires matrix-error`);
    for (const ev of e.events!) {
      assert.match(ev.name ?? '', /^matrix-[a-z-]+$/, `${e.tagName} event name ${ev.name}`);
      assert.ok(ev.description, `${e.tagName} ${ev.name} is documented`);
      const cls = byName.get(ev.type?.text);
      assert.ok(cls, `${e.tagName} ${ev.name} is typed with an event class in the manifest (got ${ev.type?.text})`);
      assert.equal(cls.members?.find((m) => m.static && m.name === 'type')?.default, `'${ev.name}'`);
      assert.ok(cls.members?.find((m) => m.name === 'detail')?.type?.text, `${ev.type?.text} has a typed detail`);
    }
    assert.equal(new Set(e.events!.map((ev) => ev.name)).size, e.events!.length, `${e.tagName} lists each event once`);
  }
});

test('parts, states and custom properties are documented (structure of whatever is present)', () => {
  for (const e of elements) {
    assert.ok(e.cssParts?.some((p) => p.name === 'base'), `${e.tagName} documents part="base"`);
    for (const p of e.cssParts!) assert.match(p.name!, /^[a-z]+(-[a-z]+)*$/, `${e.tagName} part ${p.name}`);
    for (const s of e.cssStates ?? []) assert.ok(s.name && s.description, `${e.tagName} state ${s.name} is documented`);
    // The token set (issue 13 item 1) documents every @cssprop with its default; here only the shape of those present.
    for (const c of e.cssProperties ?? []) {
      assert.match(c.name!, /^--matrix-[a-z]+(-[a-z]+)*$/, `${e.tagName} ${c.name}`);
      assert.ok(c.description, `${e.tagName} ${c.name} is documented`);
    }
  }
});

test('every element documents the whole token set with its defaults, and the theme attribute', async () => {
  const { tokenList } = await import('../../src/styles/tokens.ts');
  for (const e of elements) {
    for (const token of tokenList()) {
      const prop = e.cssProperties?.find((c) => c.name === token.name);
      assert.ok(prop, `${e.tagName} documents ${token.name}`);
      assert.equal(prop.default, token.value, `${e.tagName} ${token.name} has the default of src/styles/tokens.ts`);
    }
    const theme = e.attributes?.find((a) => a.name === 'theme');
    assert.ok(theme, `${e.tagName}[theme]`);
    assert.match(theme.type?.text ?? '', /Theme/, `${e.tagName}[theme] is typed`);
  }
});

/** The slots a site fills with its own content (issue 13, item 3); '' is the default slot. */
const SLOTS: Record<string, string[]> = {
  'matrix-join-button': [''],
  'matrix-room': ['empty', 'header-actions'],
  'matrix-chat-launcher': ['button'],
  'matrix-login': [],
};

/** The `<slot>`s an element's templates render: src/components/<tag minus matrix->/*.ts. */
function renderedSlots(tag: string): string[] {
  const dir = `${ROOT}src/components/${tag.slice('matrix-'.length)}/`;
  const names = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    for (const m of readFileSync(dir + file, 'utf8').matchAll(/<slot\b(?:[^>]*?\sname="([a-z-]+)")?/g)) names.add(m[1] ?? '');
  }
  return [...names].sort();
}

test('slots: each element documents the slots it renders (@slot), each with a description', () => {
  for (const e of elements) {
    const documented = (e.slots ?? []).map((s) => s.name ?? '').sort();
    assert.deepEqual(documented, [...SLOTS[e.tagName!]].sort(), `${e.tagName} documents its slots`);
    assert.deepEqual(renderedSlots(e.tagName!), documented, `${e.tagName} renders exactly the slots it documents`);
    for (const s of e.slots ?? []) {
      assert.match(s.name ?? '', /^([a-z]+(-[a-z]+)*)?$/, `${e.tagName} slot "${s.name}" is kebab-case`);
      assert.ok((s.description ?? '').length > 40, `${e.tagName} slot "${s.name}" says what it replaces and when it shows`);
    }
  }
});
