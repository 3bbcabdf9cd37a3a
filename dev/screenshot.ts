/**
 * `npm run screenshot`: retakes the README's picture (docs/demo.png). Starts `npm start` on free ports (the
 * seeded local homeserver and the demo pages), opens the community demo at 1280×800 in Debian's Chromium, signs
 * in as the seeded `alice` through the form as a visitor would, waits for the live #lobby with its messages
 * and composer, and saves the page. The browser is the bench's (bench/lib/browser.ts: Debian's Chromium, or
 * CHROME_PATH).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../bench/lib/browser.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = fileURLToPath(new URL('../docs/demo.png', import.meta.url));
const port = 18000 + Math.floor(Math.random() * 900);

const server = spawn(process.execPath, ['--import', 'tsx', 'dev/start.ts'], {
  cwd: root,
  env: { ...process.env, PORT: String(port + 1000), DEMO_PORT: String(port) },
  stdio: ['ignore', 'pipe', 'inherit'],
  detached: true,
});
const stop = () => {
  try {
    process.kill(-server.pid!, 'SIGTERM');
  } catch {
    // already gone
  }
};
process.on('exit', stop);

await new Promise<void>((resolve, reject) => {
  let seen = '';
  server.stdout!.on('data', (chunk: Buffer) => {
    seen += chunk.toString();
    if (seen.includes('Demo pages:')) resolve();
  });
  server.once('exit', (code) => reject(new Error(`npm start exited with ${code}`)));
});

const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(`http://127.0.0.1:${port}/demo/community.html`);
  // The sign-in form, through its shadow root, as a visitor fills it.
  await page.locator('matrix-login >>> input[autocomplete="username"]').fill('alice');
  await page.locator('matrix-login >>> input[type="password"]').fill('password-alice');
  await page.locator('matrix-login >>> button[type="submit"]').click();
  await page.waitForFunction(
    () => {
      const room = document.querySelector('matrix-room')?.shadowRoot;
      return !!room?.querySelector('textarea') && room.querySelectorAll('[role="article"]').length >= 8;
    },
    { timeout: 30_000 },
  );
  // Let avatars and the scroll position settle, and take focus off the form so no ring is in the picture.
  await new Promise((r) => setTimeout(r, 1500));
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: out as `${string}.png` });
  console.log(`saved ${out}`);
} finally {
  await browser.close();
  stop();
}
