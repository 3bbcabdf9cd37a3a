import { expect } from '@open-wc/testing';
import { isServerName, matrixToLink, parseRoomAddress, type RoomAddress } from './room-address.ts';

function ok(input: string): RoomAddress {
  const r = parseRoomAddress(input);
  if (!r.ok) throw new Error(`expected ${input} to parse, got: ${r.message}`);
  return r.address;
}

function bad(input: string | null | undefined): string {
  const r = parseRoomAddress(input);
  if (r.ok) throw new Error(`expected ${input} to be refused, got ${JSON.stringify(r.address)}`);
  return r.message;
}

describe('parseRoomAddress', () => {
  it('parses aliases and room IDs', () => {
    expect(ok('#lobby:localhost')).to.deep.equal({ kind: 'alias', value: '#lobby:localhost', serverName: 'localhost', via: [] });
    expect(ok('  !abc123:example.org ')).to.deep.equal({ kind: 'id', value: '!abc123:example.org', serverName: 'example.org', via: [] });
    expect(ok('#room:127.0.0.1:8448').serverName).to.equal('127.0.0.1:8448');
    expect(ok('#room:[::1]:8448').serverName).to.equal('[::1]:8448');
    // Room version 12 IDs have no server part.
    expect(ok('!Ab1_-x9')).to.include({ kind: 'id', value: '!Ab1_-x9', serverName: '' });
  });

  it('parses matrix.to links, encoded or not, with via and event', () => {
    expect(ok('https://matrix.to/#/%23lobby%3Alocalhost')).to.include({ kind: 'alias', value: '#lobby:localhost' });
    expect(ok('https://matrix.to/#/#lobby:localhost').value).to.equal('#lobby:localhost');
    const a = ok('https://matrix.to/#/!abc:example.org/$ev1?via=example.org&via=other.org&via=example.org&via=bad%20name');
    expect(a).to.deep.equal({ kind: 'id', value: '!abc:example.org', serverName: 'example.org', via: ['example.org', 'other.org'], eventId: '$ev1' });
  });

  it('parses matrix: URIs', () => {
    expect(ok('matrix:r/lobby:localhost')).to.include({ kind: 'alias', value: '#lobby:localhost' });
    const a = ok('matrix:roomid/abc:example.org/e/ev1?via=example.org&action=join');
    expect(a).to.deep.equal({ kind: 'id', value: '!abc:example.org', serverName: 'example.org', via: ['example.org'], eventId: '$ev1' });
    expect(ok('matrix:r/caf%C3%A9:example.org').value).to.equal('#café:example.org');
  });

  it('refuses invalid input with a clear message', () => {
    expect(bad('')).to.match(/No room given/);
    expect(bad(null)).to.match(/No room given/);
    expect(bad('lobby')).to.match(/not a room address/);
    expect(bad('#lobby')).to.match(/needs a name and a server/);
    expect(bad('#:localhost')).to.match(/needs a name and a server/);
    expect(bad('#lobby:bad_server!')).to.match(/not a valid server name/);
    expect(bad('#lobby:host:99999')).to.match(/not a valid server name/);
    expect(bad('#lob by:localhost')).to.match(/characters/);
    expect(bad('!:localhost')).to.match(/not a room ID/);
    expect(bad(`#${'a'.repeat(300)}:localhost`)).to.match(/too long/);
    expect(bad('https://matrix.to/#/@ana:localhost')).to.match(/does not point to a room/);
    expect(bad('https://matrix.to/#/%E0%A4%A')).to.match(/not correctly encoded/);
    expect(bad('https://matrix.to/#/#a:localhost/notanevent')).to.match(/invalid event/);
    expect(bad('matrix:u/ana:localhost')).to.match(/does not point to a room/);
    expect(bad('matrix:r/lobby:localhost/x/y')).to.match(/invalid path/);
    expect(bad('javascript:alert(1)')).to.match(/not a room address/);
  });

  it('validates server names', () => {
    for (const good of ['localhost', 'example.org', 'a-b.example.org:8448', '1.2.3.4', '[::1]', '[2001:db8::1]:443']) {
      expect(isServerName(good), good).to.equal(true);
    }
    for (const nope of ['', 'ex ample.org', '-bad.org', '300.1.1.1', 'host:0', 'host:70000', 'a/b', '[::1']) {
      expect(isServerName(nope), nope).to.equal(false);
    }
  });

  it('builds matrix.to links', () => {
    expect(matrixToLink(ok('#lobby:localhost'))).to.equal('https://matrix.to/#/%23lobby%3Alocalhost');
    expect(matrixToLink(ok('matrix:roomid/abc:example.org?via=example.org'))).to.equal(
      'https://matrix.to/#/!abc%3Aexample.org?via=example.org',
    );
  });
});
