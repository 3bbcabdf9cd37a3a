/**
 * axe-core in the test page: the WCAG 2.1 A and AA rules it checks, over the whole document (axe walks into
 * open shadow roots, so every element's own DOM is checked too). axe-core is CommonJS (UMD); the test runner's
 * cjs-to-esm plugin (dev/cjs-to-esm.mjs) serves it as an ES module with a default export. Its minified file,
 * because the plugin takes the unminified one for an ES module (a line of it starts with `import_`).
 */
import type AxeCore from 'axe-core';
// @ts-expect-error -- the same module as 'axe-core', whose types (axe.d.ts) are imported above
import axeMin from 'axe-core/axe.min.js';

const axe = axeMin as typeof AxeCore;

// The test runner's page stands in for the site's page: give it what every real page has (a language and a
// title), so the rules about the page itself judge the host page as a site owner writes it, and the elements
// are what is tested.
document.documentElement.lang ||= 'en';
document.title ||= 'matrix-embed: accessibility checks';

export const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** One line per failing node: rule, impact, where (shadow-piercing selector path) and axe's summary. */
function describe(violations: AxeCore.Result[]): string {
  return violations
    .flatMap((v) =>
      v.nodes.map((n) => `  [${v.id}] (${v.impact}) ${JSON.stringify(n.target)}: ${n.failureSummary?.replace(/\s+/g, ' ')}`),
    )
    .join('\n');
}

/**
 * Runs axe over `context` (the document by default) and fails with every violation listed. Waits two frames
 * first, so what was just rendered is laid out and painted (colour contrast reads computed colours).
 */
export async function expectNoAxeViolations(what: string, context: AxeCore.ElementContext = document): Promise<void> {
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const results = await axe.run(context, {
    runOnly: { type: 'tag', values: WCAG21_AA },
    resultTypes: ['violations'],
  });
  if (results.violations.length) {
    throw new Error(`axe: ${results.violations.length} WCAG 2.1 A/AA rule(s) violated in ${what}:\n${describe(results.violations)}`);
  }
}

/**
 * The same check inside a frame (a demo page as a site serves it): axe-core runs in the frame's own window
 * (its source, `axe.source`, is added to the frame as a script), over the frame's document.
 */
export async function expectNoAxeViolationsInFrame(what: string, frame: HTMLIFrameElement): Promise<void> {
  const win = frame.contentWindow as (Window & { axe?: typeof AxeCore }) | null;
  const doc = frame.contentDocument;
  if (!win || !doc) throw new Error(`no document in the frame for ${what}`);
  if (!win.axe) {
    const script = doc.createElement('script');
    script.textContent = axe.source;
    doc.head.append(script);
  }
  await new Promise((r) => win.requestAnimationFrame(() => win.requestAnimationFrame(r)));
  const results = await win.axe!.run(doc, { runOnly: { type: 'tag', values: WCAG21_AA }, resultTypes: ['violations'] });
  if (results.violations.length) {
    throw new Error(`axe: ${results.violations.length} WCAG 2.1 A/AA rule(s) violated in ${what}:\n${describe(results.violations)}`);
  }
}
