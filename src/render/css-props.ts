/**
 * Set CSS properties on an element through CSSOM only.
 *
 * Why not Lit's `styleMap`: on its first render it returns a string that Lit writes as the `style` attribute,
 * and a page with `style-src 'self'` (no `'unsafe-inline'`) blocks inline style attributes. CSSOM
 * (`style.setProperty`) is not affected by CSP, so colours from messages still show there.
 */
import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

/** Property name (dash-case) → value; `undefined` removes the property. */
export type CssProps = Record<string, string | undefined>;

class CssPropsDirective extends Directive {
  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.ELEMENT) throw new Error('cssProps must be used in element position');
  }

  render(_props: CssProps): unknown {
    return noChange;
  }

  override update(part: ElementPart, [props]: [CssProps]): unknown {
    const style = (part.element as HTMLElement).style;
    for (const [name, value] of Object.entries(props)) {
      if (value === undefined) style.removeProperty(name);
      else style.setProperty(name, value);
    }
    return noChange;
  }
}

/** Element directive: `<span ${cssProps({ color: '#ff0000' })}>`. Values must be validated by the caller. */
export const cssProps = directive(CssPropsDirective);
