/**
 * axe-core (WCAG 2.1 A/AA) over the four elements in the dark theme (the visitor's `prefers-color-scheme:
 * dark`, emulated): the dark palette passes the same contrast rules as the light one, on real rendered states.
 */
import { emulateMedia } from '@web/test-runner-commands';
import '../../../src/all.ts';
import { cleanPage } from '../join-button/helpers.ts';
import { mountAll } from '../theming/theme-helpers.ts';
import { expectNoAxeViolations } from './axe.ts';

describe('axe: the elements in the dark theme', function () {
  this.timeout(90_000);

  before(cleanPage);
  after(async () => {
    await emulateMedia({ colorScheme: 'light' });
    document.documentElement.style.removeProperty('color-scheme');
    document.documentElement.style.removeProperty('background');
    await cleanPage();
  });

  it('login, room preview, join button and the open launcher, dark', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    // A page in dark mode: it declares its color-scheme (which the inline join button follows) and paints its
    // own dark background (axe takes an unpainted page as white).
    document.documentElement.style.setProperty('color-scheme', 'light dark');
    document.documentElement.style.setProperty('background', '#0d1117');
    await mountAll();
    await expectNoAxeViolations('the four elements in the dark theme');
  });
});
