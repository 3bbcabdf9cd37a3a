// recipes/react: a React 19 app (bundled by `npm run build`, strict CSP): it renders the room, and the
// elements' events reach React state through the `onmatrix-error` / `onmatrix-after-join` props.
import { expect } from '@open-wc/testing';
import { askForMissingRoom, closeRecipes, cspViolations, joinButtonShown, openRecipe, roomShown, signInAndJoin, waitUntil } from './helpers.ts';

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
    askForMissingRoom(doc);
    const errors = await waitUntil(() => {
      const items = [...doc.querySelectorAll('[aria-label="Errors"] li')].map((li) => li.textContent ?? '');
      return items.some((t) => t.startsWith('matrix-join-button:')) ? items : undefined;
    }, 'the join button\'s error in the app', 20_000);
    expect(errors.join('\n')).to.match(/M_NOT_FOUND|not found|exist/i);
  });

  it('fires onmatrix-after-join when the signed-in visitor joins', async () => {
    const doc = await openReactRecipe();
    const status = await signInAndJoin(doc, await joinButtonShown(doc));
    expect(status).to.match(/^Joined !/);
  });
});
