/**
 * Going through the homeserver's own pages (OAuth authorization, SSO, UIA fallback) in a real browser window.
 *
 * The widget leaves the page for the server's page and comes back to its `redirect_uri`. A test cannot leave
 * its own page, so it captures the address the session would navigate to, opens it in a popup (a top-level
 * window, like the real redirect: first-party cookies, no framing), and types into the server's page through
 * the `homeserver-page` test-runner command (web-test-runner.config.mjs), since test code cannot script
 * another origin. Once the server sends the popup back to our origin, the test reads it directly.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import type { MatrixSession } from '../../../src/session/session.ts';
import { until } from './helpers.ts';

export interface ServerPage {
  title: string;
  text: string;
  labels: string[];
  buttons: string[];
}

/** Text, labels and buttons of the homeserver page whose address starts with `url` (origin + path). */
export function readServerPage(url: string): Promise<ServerPage> {
  return executeServerCommand<ServerPage, unknown>('homeserver-page', { url, read: true });
}

/** Types into the fields named by their labels, ticks checkboxes, and clicks the button named `submit`. */
export async function fillServerPage(
  url: string,
  opts: { fill?: Record<string, string>; check?: string[]; submit: string },
): Promise<void> {
  await executeServerCommand('homeserver-page', { url, ...opts });
}

/** Origin + path of an address (what the server page is found by; never the query, which carries secrets). */
export const pageOf = (href: string) => {
  const u = new URL(href);
  return `${u.origin}${u.pathname}`;
};

/** Address of a file next to this one, on the test page's origin. */
export const ownPage = (name: string) => new URL(`./${name}`, import.meta.url).href.split('?')[0];

/** Replaces the session's navigation with a capture: resolves with the address it would have left for. */
export function captureNavigation(session: MatrixSession): Promise<string> {
  return new Promise((resolve) => {
    session.navigate = (url) => resolve(url);
  });
}

/** The popup's address once the server has sent it back to our origin (readable again). */
export async function returnedTo(popup: Window, path: string, timeoutMs = 15000): Promise<URL> {
  let found: URL | undefined;
  await until(() => {
    try {
      const href = popup.location.href;
      const u = new URL(href);
      if (u.origin === location.origin && u.pathname === path && popup.document.readyState === 'complete') found = u;
    } catch {
      // Still on the homeserver's origin.
    }
    return !!found;
  }, `the popup to come back to ${path}`, timeoutMs);
  return found!;
}

const popups: Window[] = [];

export function openPopup(url: string, name: string): Window {
  const w = window.open(url, name, 'popup,width=600,height=700');
  if (!w) throw new Error('The browser blocked the popup');
  popups.push(w);
  return w;
}

export function closePopups(): void {
  for (const w of popups.splice(0)) w.close();
}

/** The names of the resources fetched since `performance.clearResourceTimings()`, as paths. */
export const fetchedPaths = () => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);
