// recipes/docs-site: a documentation site's page (sidebar, content, table of contents) with the chat launcher
// in its layout, under the strict CSP: the launcher shows, and opens on the room from its button and from a link.
import { expect } from '@open-wc/testing';
import { closeRecipes, cspViolations, openRecipe, waitUntil } from './helpers.ts';

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

async function launcherShown(doc: Document): Promise<Element> {
  return waitUntil(() => {
    const l = doc.querySelector('matrix-chat-launcher');
    const b = l?.shadowRoot?.querySelector('button[part="button"]');
    return b && /Chat: Documentation/.test(norm(l!.shadowRoot!.textContent)) ? l! : undefined;
  }, 'the launcher with the room\'s name', 30_000);
}

async function roomInPanel(launcher: Element): Promise<Element> {
  return waitUntil(() => {
    const room = launcher.shadowRoot!.querySelector('matrix-room');
    if (!room?.shadowRoot?.querySelector('[part="timeline"]')) return undefined;
    return norm(room.shadowRoot.textContent).includes('Documentation') ? room : undefined;
  }, 'the room Documentation in the open panel', 30_000);
}

describe('recipe: a documentation site with the chat launcher', function () {
  this.timeout(60_000);
  afterEach(closeRecipes);

  it('shows the page\'s layout and the launcher, which opens on the room', async () => {
    const doc = await openRecipe('docs-site', 1200, 800);
    expect(doc.querySelector('nav.md-nav--primary'), 'the sidebar').to.exist;
    expect(norm(doc.querySelector('article h1')?.textContent)).to.equal('Getting started');
    const launcher = await launcherShown(doc);
    launcher.shadowRoot!.querySelector<HTMLButtonElement>('button[part="button"]')!.click();
    await roomInPanel(launcher);
    expect((launcher as HTMLElement & { open: boolean }).open, 'the launcher is open').to.equal(true);
    expect(await cspViolations(doc), 'no CSP violation').to.deep.equal([]);
  });

  it('opens from a link in the page text (host-page API, external script)', async () => {
    const doc = await openRecipe('docs-site', 1200, 800);
    const launcher = await launcherShown(doc);
    doc.getElementById('ask')!.click();
    await roomInPanel(launcher);
  });
});
