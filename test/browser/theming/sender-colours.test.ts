/**
 * A sender's text colour (data-mx-color / <font color>) stays readable in both themes: its lightness is clamped
 * against the theme's surface (WCAG AA, 4.5:1), its hue kept; a colour paired with a background is the sender's
 * and shown as sent. Rendered in a real <matrix-room> (the tiles' stylesheet), emulating neither theme: set by
 * the `theme` attribute.
 */
import { expect } from '@open-wc/testing';
import '../../../src/all.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import { cleanPage, publicRoom, registerUser, server, type TestUser } from '../join-button/helpers.ts';
import { sendEvent } from '../room/helpers.ts';

const main = server('main');

function luminance([r, g, b]: number[]): number {
  const c = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * c(r) + 0.7152 * c(g) + 0.0722 * c(b);
}
const contrast = (a: number[], b: number[]) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};
/** A computed colour as sRGB 0–255 (Chromium reports oklch() results as `oklch(...)` or `color(srgb ...)`). */
function srgb(css: string): number[] {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.fillStyle = css;
  ctx.fillRect(0, 0, 1, 1);
  return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)];
}

/** The first opaque background at or above `el`, crossing out of the shadow root. */
function backgroundBehind(el: Element): string {
  for (let n: Element | null = el; n; n = n.parentElement ?? ((n.getRootNode() as ShadowRoot).host ?? null)) {
    const bg = getComputedStyle(n).backgroundColor;
    if (bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') return bg;
  }
  return 'white';
}

describe('sender colours in light and dark themes', function () {
  this.timeout(60_000);
  let owner: TestUser;
  before(async () => {
    await cleanPage();
    owner = await registerUser(main.url, 'Alice');
  });
  afterEach(cleanPage);

  for (const theme of ['light', 'dark'] as const) {
    it(`${theme}: navy, yellow and white text read on the surface; a colour with its own background is kept`, async () => {
      const { roomId, alias } = await publicRoom(owner, `Colours ${theme}`);
      await sendEvent(owner, roomId, 'm.room.message', {
        msgtype: 'm.text', body: 'colours', format: 'org.matrix.custom.html',
        formatted_body: '<font color="#000080">navy</font> <span data-mx-color="#ffff00">yellow</span> <span data-mx-color="#ffffff">white</span> <span data-mx-color="#ffffff" data-mx-bg-color="#000000">paired</span>',
      });
      const r = RoomHarness.create({ room: alias, homeserver: main.url, theme });
      await r.waitForState('preview', 30_000);
      await waitUntil(() => r.root.querySelector('.body.formatted span'), 'the formatted message');
      const body = r.root.querySelector<HTMLElement>('.body.formatted')!;
      const surface = srgb(backgroundBehind(body));
      const spans = [...body.querySelectorAll<HTMLElement>('span')];
      const byText = (t: string) => spans.find((s) => s.textContent === t)!;
      for (const word of ['navy', 'yellow', 'white']) {
        const c = srgb(getComputedStyle(byText(word)).color);
        expect(contrast(c, surface), `${word} on the ${theme} surface (${c})`).to.be.at.least(4.5);
      }
      const navy = srgb(getComputedStyle(byText('navy')).color);
      expect(navy[2], 'navy stays blue').to.be.greaterThan(Math.max(navy[0], navy[1]));
      const paired = getComputedStyle(byText('paired'));
      expect(srgb(paired.color)).to.deep.equal([255, 255, 255]);
      expect(srgb(paired.backgroundColor)).to.deep.equal([0, 0, 0]);
    });
  }
});
