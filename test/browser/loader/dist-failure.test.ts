// Checks the BUILT bundle (dist/): run `npm run build` first (.ci/run does). Its own page: the loader served
// from a path where the element modules are missing (web-test-runner.config.mjs answers 404 for them).
import { expect } from '@open-wc/testing';

const BASE = '/test-cdn/without-elements/x/';

describe('dist/matrix-embed.js when an element module cannot be loaded', () => {
  it('logs a clear message, fires matrix-error on the element, rejects allDefined() and retries on the next use', async () => {
    const probe = await fetch(`${BASE}matrix-embed.js`);
    if (!probe.ok) throw new Error('dist/matrix-embed.js is missing: run `npm run build` before the browser tests');
    expect((await fetch(`${BASE}elements/login.js`)).status, 'the element module really is missing').to.equal(404);

    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.map(String).join(' '));
    const events: Array<{ operation: string; errcode: string; message: string }> = [];
    const onError = (e: Event) => events.push((e as CustomEvent).detail);
    document.addEventListener('matrix-error', onError);
    try {
      const loader = (await import(`${BASE}matrix-embed.js`)) as { allDefined(): Promise<void> };
      const first = document.createElement('matrix-login');
      document.body.append(first);
      let rejected: unknown;
      await loader.allDefined().catch((e: unknown) => (rejected = e));
      expect(String(rejected)).to.contain('could not be loaded');
      expect(customElements.get('matrix-login')).to.equal(undefined);
      expect(events).to.have.length(1);
      expect(events[0]).to.include({ operation: 'load-element', errcode: 'ME_UNREACHABLE' });
      expect(events[0].message).to.contain('Could not load <matrix-login>');
      expect(errors.some((e) => e.includes('Could not load <matrix-login>'))).to.equal(true);

      // The failed import is not cached: the next element with that tag tries again (and fails again here).
      const second = document.createElement('matrix-login');
      document.body.append(second);
      await loader.allDefined().catch(() => undefined);
      expect(events.length, 'a second attempt, reported on both elements').to.equal(3);
      first.remove();
      second.remove();
    } finally {
      console.error = original;
      document.removeEventListener('matrix-error', onError);
    }
  });
});
