// recipes/vue: a Vue 3 app (browser ESM build, render functions, strict CSP) binding `room` from reactive state.
import { expect } from '@open-wc/testing';
import { registerUser } from '../room/helpers.ts';
import { closeRecipes, cspViolations, joinButtonShown, openRecipe, roomShown, waitUntil } from './helpers.ts';

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
    const serverName = globalThis.MATRIX_TEST.homeservers.main.serverName;
    const input = doc.querySelector<HTMLInputElement>('input[name="room"]')!;
    input.value = `#nowhere-${Date.now()}:${serverName}`;
    doc.querySelector('form')!.requestSubmit();
    const room = doc.querySelector('matrix-room') as HTMLElement & { room: string };
    await waitUntil(() => room.room === input.value, 'the room property follows the state');
    const alert = await waitUntil(() => doc.querySelector('[role="alert"]')?.textContent?.trim() || undefined, 'the error shown by the app', 20_000);
    expect(alert.length).to.be.greaterThan(0);
  });

  it('updates its state from matrix-after-join when the signed-in visitor joins', async () => {
    const main = globalThis.MATRIX_TEST.homeservers.main;
    const user = await registerUser(main.url);
    const doc = await openRecipe('vue');
    const button = await joinButtonShown(doc);
    const win = doc.defaultView as unknown as Record<symbol, { signIn(o: object): Promise<unknown> } | undefined>;
    const session = await waitUntil(() => win[Symbol.for('matrix-embed.session')], 'the page\'s session', 20_000);
    await session.signIn({ username: user.username, password: user.password, homeserver: main.url });
    const inner = await waitUntil(() => {
      const b = button.shadowRoot!.querySelector<HTMLButtonElement>('button');
      return b && !b.disabled ? b : undefined;
    }, 'the join button enabled');
    inner.click();
    const status = await waitUntil(() => doc.querySelector('[role="status"]')?.textContent || undefined, 'the joined status from Vue state', 20_000);
    expect(status).to.match(/^Joined !/);
  });
});
