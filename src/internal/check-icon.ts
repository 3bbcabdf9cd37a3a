import { svg, type TemplateResult } from 'lit';
import { icon } from './icon.ts';

/** A tick: "Joined". */
export const checkIcon = (): TemplateResult => icon('check', svg`<path d="M4 12.5l5 5L20 6.5"/>`);
