// The host page signs its visitor in: getSession().signInWithJwt (org.matrix.login.jwt) and
// signInWithLoginToken (m.login.token from login/get_token), against the local homeserver.
import { expect } from '@open-wc/testing';
import { getSession } from '../../../src/session/get-session.ts';
import { MatrixApiError } from '../../../src/session/errors.ts';
import type { MatrixErrorInfo } from '../../../src/session/types.ts';
import { mintJwt } from '../../helpers/jwt.ts';
import { createUser, resetPageSession, servers, stored, unique, whoami } from './helpers.ts';

const inAMinute = () => Math.floor(Date.now() / 1000) + 60;

/** Runs `call`, which must reject, and returns the rejection and the session's `matrix-error` details. */
async function refusal(call: () => Promise<unknown>): Promise<{ error: unknown; events: MatrixErrorInfo[] }> {
  const events: MatrixErrorInfo[] = [];
  const onError = (e: Event) => events.push((e as CustomEvent<MatrixErrorInfo>).detail);
  getSession().addEventListener('matrix-error', onError);
  try {
    await call();
    throw new Error('expected a rejection');
  } catch (error) {
    return { error, events };
  } finally {
    getSession().removeEventListener('matrix-error', onError);
  }
}

describe('host-page sign-in', function () {
  this.timeout(30000);
  beforeEach(() => resetPageSession());

  it('signInWithJwt signs a new visitor in on the page default homeserver, creating the account', async () => {
    const main = servers().main;
    const session = getSession();
    session.setDefaultHomeserver(main.url);
    const sub = unique('site');
    const user = await session.signInWithJwt(await mintJwt({ sub, exp: inAMinute() }));
    expect(user.userId).to.equal(`@${sub}:${main.serverName}`);
    expect(session.status).to.equal('signed-in');
    expect(session.authKind).to.equal('jwt');
    expect((await whoami(main, stored().accessToken)).body.user_id).to.equal(user.userId);
  });

  it('signInWithJwt with a token signed by another secret rejects with a clear message and fires matrix-error', async () => {
    const main = servers().main;
    const jwt = await mintJwt({ sub: unique('mallory'), exp: inAMinute() }, 'not the secret');
    const { error, events } = await refusal(() => getSession().signInWithJwt(jwt, { homeserver: main.url }));
    expect(error).to.be.instanceOf(MatrixApiError);
    expect((error as MatrixApiError).errcode).to.equal('M_FORBIDDEN');
    expect((error as MatrixApiError).message).to.contain('refused the sign-in token from this site');
    expect(events).to.have.length(1);
    expect(events[0]).to.include({ operation: 'sign-in-jwt', errcode: 'M_FORBIDDEN', message: (error as MatrixApiError).message });
    expect(getSession().status).to.equal('signed-out');
  });

  it('signInWithLoginToken signs in with a token from login/get_token, once', async () => {
    const main = servers().main;
    const u = await createUser(main);
    const login = await (await fetch(`${main.url}/_matrix/client/v3/login`, {
      method: 'POST',
      body: JSON.stringify({ type: 'm.login.password', identifier: { type: 'm.id.user', user: u.username }, password: u.password }),
    })).json();
    const issued = await (await fetch(`${main.url}/_matrix/client/v1/login/get_token`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${login.access_token}` },
      body: '{}',
    })).json();
    const user = await getSession().signInWithLoginToken(issued.login_token, { homeserver: main.url });
    expect(user.userId).to.equal(u.userId);
    expect(getSession().authKind).to.equal('login-token');

    resetPageSession();
    const { error, events } = await refusal(() => getSession().signInWithLoginToken(issued.login_token, { homeserver: main.url }));
    expect((error as MatrixApiError).errcode).to.equal('M_FORBIDDEN');
    expect(events[0]).to.include({ operation: 'sign-in-token', errcode: 'M_FORBIDDEN' });
    expect(events[0].message).to.contain('already used');
  });

  it('without a homeserver anywhere, rejects with ME_BAD_URL and fires matrix-error', async () => {
    const { error, events } = await refusal(() => getSession().signInWithJwt('x.y.z'));
    expect((error as MatrixApiError).errcode).to.equal('ME_BAD_URL');
    expect(events[0]).to.include({ operation: 'sign-in-jwt', errcode: 'ME_BAD_URL' });
  });
});
