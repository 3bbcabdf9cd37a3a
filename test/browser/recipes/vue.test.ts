// recipes/vue: a Vue 3 app (browser ESM build, render functions, strict CSP) binding `room` from reactive state.
import { expect } from '@open-wc/testing';
import { askForMissingRoom, closeRecipes, cspViolations, joinButtonShown, openRecipe, roomShown, signInAndJoin, waitUntil } from './helpers.ts';

describe('recipe: a Vue 3 app', function () {
  this.timeout(60_000);
  beforeEach(() => localStorage.clear());
  afterEach(() => {
    closeRecipes();
    localStorage.clear();
  });

  it('mounts under the strict CSP and shows the room and the join button', async () => {
    const doc = await openRecipe('vue');
    await roomShown(doc);
    await joinButtonShown(doc);
    expect(doc.querySelector('#app form'), 'the app mounted').to.exist;
    expect(await cspViolations(doc), 'no CSP violation').to.deep.equal([]);
  });

  it('binds room from its state and catches the element\'s matrix-error through onMatrixError', async () => {
    const doc = await openRecipe('vue');
    await roomShown(doc);
    const asked = askForMissingRoom(doc);
    const room = doc.querySelector('matrix-room') as HTMLElement & { room: string };
    await waitUntil(() => room.room === asked, 'the room property follows the state');
    const alert = await waitUntil(() => doc.querySelector('[role="alert"]')?.textContent?.trim() || undefined, 'the error shown by the app', 20_000);
    expect(alert.length).to.be.greaterThan(0);
  });

  it('updates its state from matrix-after-join when the signed-in visitor joins', async () => {
    const doc = await openRecipe('vue');
    const status = await signInAndJoin(doc, await joinButtonShown(doc));
    expect(status).to.match(/^Joined !/);
  });
});
