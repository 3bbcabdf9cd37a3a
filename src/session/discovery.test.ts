import { expect } from '@open-wc/testing';
import { discoverHomeserver, serverNameOf, validateBaseUrl } from './discovery.ts';
import { MatrixApiError } from './errors.ts';
import { servers } from '../../test/browser/session/helpers.ts';

async function errcodeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return e instanceof MatrixApiError ? e.errcode : `not a MatrixApiError: ${String(e)}`;
  }
  return 'resolved';
}

describe('homeserver discovery', () => {
  it('validates a base URL with /versions', async () => {
    const info = await discoverHomeserver(servers().main.url);
    expect(info.baseUrl).to.equal(servers().main.url.replace(/\/$/, ''));
    expect(info.versions).to.include('v1.15');
  });

  it('resolves a server name through .well-known, and a full user ID to its server', async () => {
    const second = servers().second;
    const byName = await discoverHomeserver(second.serverName);
    expect(byName.baseUrl).to.equal(second.url.replace(/\/$/, ''));
    expect(byName.serverName).to.equal(second.serverName);
    const byUser = await discoverHomeserver(`@someone:${second.serverName}`);
    expect(byUser.baseUrl).to.equal(byName.baseUrl);
  });

  it('says "not a Matrix server" for a web server that is not one', async () => {
    // The test page's own origin is a plain web server: /_matrix/client/versions is not there.
    expect(await errcodeOf(discoverHomeserver(location.origin))).to.equal('ME_NOT_MATRIX');
  });

  it('says "unreachable" when nothing listens', async () => {
    expect(await errcodeOf(discoverHomeserver('http://127.0.0.1:9'))).to.equal('ME_UNREACHABLE');
  });

  it('accepts only https (http only on loopback) and never userinfo', () => {
    expect(() => validateBaseUrl('http://example.org')).to.throw(/https/);
    expect(() => validateBaseUrl('https://ana:pw@example.org')).to.throw(/user name or password/);
    expect(() => validateBaseUrl('javascript:alert(1)')).to.throw();
    expect(validateBaseUrl('https://example.org/')).to.equal('https://example.org');
    expect(validateBaseUrl('http://127.0.0.1:8008/')).to.equal('http://127.0.0.1:8008');
    expect(validateBaseUrl('http://localhost:8008')).to.equal('http://localhost:8008');
  });

  it('reads server names out of user IDs', () => {
    expect(serverNameOf('@ana:example.org')).to.equal('example.org');
    expect(serverNameOf('@ana:127.0.0.1:8448')).to.equal('127.0.0.1:8448');
    expect(serverNameOf('ana')).to.equal(undefined);
    expect(serverNameOf('@ana')).to.equal(undefined);
  });
});
