import { expect } from '@open-wc/testing';
import { chooseFlow } from './auth/legacy.ts';

describe('chooseFlow (UIA)', () => {
  const flows = [['m.login.terms', 'm.login.registration_token'], ['m.login.recaptcha']];

  it('prefers the flow the form can show itself over one that needs the fallback page', () => {
    expect(chooseFlow(flows, [])).to.deep.equal(['m.login.terms', 'm.login.registration_token']);
  });

  it('avoiding a stage (no token) picks another flow, even with other stages already completed', () => {
    expect(chooseFlow(flows, ['m.login.terms'], new Set(['m.login.registration_token']))).to.deep.equal(['m.login.recaptcha']);
  });

  it('prefers the flow with fewer stages left, and offers none when every flow needs an avoided stage', () => {
    expect(chooseFlow([['m.login.dummy', 'm.login.terms'], ['m.login.terms']], ['m.login.terms'])).to.deep.equal(['m.login.terms']);
    expect(chooseFlow([['m.login.registration_token']], [], new Set(['m.login.registration_token']))).to.equal(undefined);
  });
});
