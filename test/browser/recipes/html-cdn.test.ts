// recipes/html-cdn: the built package from a CDN-like nested path, one script tag, a join button and a room.
import { expect } from '@open-wc/testing';
import { closeRecipes, cspViolations, joinButtonShown, openRecipe, roomShown, scriptsFetched } from './helpers.ts';

describe('recipe: plain HTML from a CDN path', function () {
  this.timeout(60_000);
  after(closeRecipes);

  it('shows the room and the join button, with every chunk fetched from beside the loader', async () => {
    const doc = await openRecipe('html-cdn');
    const room = await roomShown(doc);
    const button = await joinButtonShown(doc);
    expect(room.shadowRoot!.querySelector('[part="timeline"]')!.textContent!.trim().length, 'messages in the timeline').to.be.greaterThan(0);
    expect(button.localName).to.equal('matrix-join-button');
    const base = '/cdn/matrix-embed@0.1.0/dist/';
    const scripts = scriptsFetched(doc);
    expect(scripts, 'the loader, from the CDN path').to.include(`${base}matrix-embed.js`);
    expect(scripts.filter((p) => p.startsWith(`${base}chunks/`)).length, 'the elements\' chunks, from beside it').to.be.greaterThan(3);
    expect(scripts.filter((p) => p.startsWith('/dist/')), 'nothing from /dist/ directly').to.deep.equal([]);
    expect(await cspViolations(doc), 'no CSP violation').to.deep.equal([]);
  });
});
