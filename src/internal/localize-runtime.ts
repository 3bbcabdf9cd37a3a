/**
 * @lit/localize's runtime lookup (message ids by hash, `str` placeholders, translated `html` templates), installed
 * into `session/texts.ts` with the first translations a page loads: an English page never downloads it, because
 * English is the source and needs no lookup.
 */
import { runtimeMsg } from '@lit/localize/internal/runtime-msg.js';
import { installLookup } from '../session/texts.ts';

installLookup(runtimeMsg as unknown as Parameters<typeof installLookup>[0]);
