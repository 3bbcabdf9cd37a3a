/**
 * matrix-js-sdk as matrix-embed loads it: with the stand-ins of sdk-shims/ in place of the modules it leaves
 * out (the test server serves the same list the build uses), and without the start-up requests it has no use
 * for. The rest of the browser suite covers sync, send, pagination and relations through the same client.
 */
import { expect } from '@open-wc/testing';
import { createUser, servers } from '../../test/browser/session/helpers.ts';
import type { Logger } from 'matrix-js-sdk/lib/logger.js';
import { loadSdk } from './sdk.ts';

const silent: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, getChild: () => silent };

async function login(url: string, username: string, password: string): Promise<{ userId: string; accessToken: string; deviceId: string }> {
  const res = await fetch(`${url}/_matrix/client/v3/login`, {
    method: 'POST',
    body: JSON.stringify({ type: 'm.login.password', identifier: { type: 'm.id.user', user: username }, password }),
  });
  const json = await res.json();
  return { userId: json.user_id, accessToken: json.access_token, deviceId: json.device_id };
}

describe('matrix-js-sdk as loaded by sdk.ts', () => {
  it('starts, syncs and sends without the start-up requests matrix-embed does not use', async () => {
    const server = servers().main;
    const user = await createUser(server, 'sdk');
    const creds = await login(server.url, user.username, user.password);
    const sdk = await loadSdk();
    const requests: string[] = [];
    const fetchFn = (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      requests.push(`${(init?.method ?? 'GET').toUpperCase()} ${url.pathname}${url.searchParams.has('filter') ? ` filter=${url.searchParams.get('filter')}` : ''}`);
      return fetch(input, init);
    };
    const client = sdk.createClient({ baseUrl: server.url, ...creds, fetchFn, timelineSupport: true, logger: silent });
    try {
      const synced = new Promise<void>((resolve) => {
        client.on(sdk.ClientEvent.Sync, (state: string) => {
          if (state === 'PREPARED') resolve();
        });
      });
      await client.startClient({ initialSyncLimit: 5, lazyLoadMembers: true });
      await synced;

      const beforeSync = requests.slice(0, requests.findIndex((r) => r.startsWith('GET /_matrix/client/v3/sync')));
      expect(beforeSync.map((r) => r.split(' filter=')[0])).to.deep.equal(['GET /_matrix/client/versions']);
      expect(requests.some((r) => /turnServer|pushrules|capabilities|rtc\/transports|\/filter/.test(r.split(' filter=')[0]))).to.equal(false);
      // Every /sync carries its filter inline (lazy-loaded members), never a stored filter ID.
      const syncs = requests.filter((r) => r.startsWith('GET /_matrix/client/v3/sync'));
      expect(syncs.length).to.be.greaterThan(0);
      for (const s of syncs) expect(JSON.parse(s.split(' filter=')[1]).room.state.lazy_load_members).to.equal(true);
      expect(Object.keys(localStorage).some((k) => k.startsWith('mxjssdk_memory_filter_'))).to.equal(false);

      // The features the stand-ins replace say "unsupported" instead of loading code.
      expect(client.supportsVoip()).to.equal(false);
      expect(client.createCall('!x:localhost')).to.equal(null);
      expect(client.matrixRTC.getActiveRoomSession(client.getRooms()[0] ?? ({ roomId: '!x' } as never))).to.equal(undefined);
      await client.initRustCrypto().then(
        () => expect.fail('initRustCrypto resolved'),
        (e: Error) => expect(e.message).to.match(/not supported/),
      );
      expect(client.getCrypto()).to.equal(undefined);
      // Capabilities are still there on demand.
      const caps = await client.getCapabilities();
      expect(caps).to.be.an('object');

      // And the client does what the widget needs: create a room, send, see the remote echo in the timeline.
      const { room_id: roomId } = await client.createRoom({ name: 'sdk test' });
      const { event_id: eventId } = await client.sendTextMessage(roomId, 'hello through the stand-ins');
      await new Promise<void>((resolve) => {
        const check = () => {
          const room = client.getRoom(roomId);
          if (room?.getLiveTimeline().getEvents().some((e) => e.getId() === eventId)) resolve();
          else setTimeout(check, 50);
        };
        check();
      });
    } finally {
      client.stopClient();
    }
  });
});
