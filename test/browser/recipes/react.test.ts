// recipes/react: a React 19 app (bundled by `npm run build`, strict CSP): it renders the room, and the
// elements' events reach React state through the `onmatrix-error` / `onmatrix-after-join` props.
import { expect } from '@open-wc/testing';
import { registerUser } from '../room/helpers.ts';
import { closeRecipes, cspViolations, joinButtonShown, openRecipe, roomShown, waitUntil } from './helpers.ts';

interface FrameSession {
  signIn(o: { username: string; password: string; homeserver: string }): Promise<unknown>;
  signOut?(): Promise<unknown>;
}

async function openReactRecipe(): Promise<Document> {
  const probe = await fetch('/recipes/react/dist/app.js');
  if (!probe.ok) throw new Error('recipes/react/dist/app.js is missing: run `npm run build` before the browser tests');
  return openRecipe('react');
}

describe('recipe: a React 19 app', function () {
  this.timeout(60_000);
  beforeEach(() => localStorage.clear());
  afterEach(() => {
    closeRecipes();
    localStorage.clear();
  });

  it('renders under the strict CSP and shows the room and the join button', async () => {
    const doc = await openReactRecipe();
    await roomShown(doc);
    await joinButtonShown(doc);
    expect(doc.querySelector('#root form'), 'the app rendered').to.exist;
    expect(await cspViolations(doc), 'no CSP violation').to.deep.equal([]);
  });

  it('catches matrix-error through the onmatrix-error prop and shows it from React state', async () => {
    const doc = await openReactRecipe();
    await roomShown(doc);
    const serverName = globalThis.MATRIX_TEST.homeservers.main.serverName;
    const input = doc.querySelector<HTMLInputElement>('input[name="room"]')!;
    input.value = `#nowhere-${Date.now()}:${serverName}`;
    doc.querySelector('form')!.requestSubmit();
    const errors = await waitUntil(() => {
      const items = [...doc.querySelectorAll('[aria-label="Errors"] li')].map((li) => li.textContent ?? '');
      return items.some((t) => t.startsWith('matrix-join-button:')) ? items : undefined;
    }, 'the join button\'s error in the app', 20_000);
    expect(errors.join('\n')).to.match(/M_NOT_FOUND|not found|exist/i);
  });

  it('fires onmatrix-after-join when the signed-in visitor joins', async () => {
    const main = globalThis.MATRIX_TEST.homeservers.main;
    const user = await registerUser(main.url);
    const doc = await openReactRecipe();
    const button = await joinButtonShown(doc);
    const win = doc.defaultView as unknown as Record<symbol, FrameSession | undefined>;
    const session = await waitUntil(() => win[Symbol.for('matrix-embed.session')], 'the page\'s session', 20_000);
    await session.signIn({ username: user.username, password: user.password, homeserver: main.url });
    const inner = await waitUntil(() => {
      const b = button.shadowRoot!.querySelector<HTMLButtonElement>('button');
      return b && !b.disabled ? b : undefined;
    }, 'the join button enabled');
    inner.click();
    const status = await waitUntil(() => doc.querySelector('[role="status"]')?.textContent || undefined, 'the joined status from React state', 20_000);
    expect(status).to.match(/^Joined !/);
  });
});
