/**
 * matrix-js-sdk as matrix-embed loads it: with the stand-ins of sdk-shims/ in place of the modules it leaves
 * out (the test server serves the same list the build uses), and without the start-up requests it has no use
 * for. The rest of the browser suite covers sync, send, pagination and relations through the same client.
 */
import { expect } from '@open-wc/testing';
import { createUser, servers, until } from '../../test/browser/session/helpers.ts';
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

  it('keeps push rules that arrive as account data but evaluates none (sdk-shims/pushprocessor.ts)', async () => {
    const server = servers().main;
    const [alice, bob] = await Promise.all([createUser(server, 'pushA'), createUser(server, 'pushB')]);
    const [a, b] = await Promise.all([login(server.url, alice.username, alice.password), login(server.url, bob.username, bob.password)]);
    const call = async (creds: { accessToken: string }, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.url}/_matrix/client/v3${path}`, {
        method,
        headers: { authorization: `Bearer ${creds.accessToken}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(res.status, `${method} ${path}`).to.equal(200);
      return res.json();
    };
    const everything = { rule_id: 'me.everything', default: false, enabled: true, conditions: [], actions: ['notify', { set_tweak: 'highlight' }] };
    const { room_id: roomId } = await call(a, 'POST', '/createRoom', { preset: 'public_chat', name: 'push rules' });
    await call(b, 'POST', `/join/${encodeURIComponent(roomId)}`, {});

    const sdk = await loadSdk();
    const client = sdk.createClient({ baseUrl: server.url, ...a, timelineSupport: true, logger: silent });
    try {
      await client.startClient({ initialSyncLimit: 5, lazyLoadMembers: true });
      // What sync.js does with `m.push_rules` account data (Synapse sends it; the test server does not let a
      // client write it): the rules go through PushProcessor.rewriteDefaultRules and updateCachedPushRuleKeys.
      client.setPushRules({ global: { override: [everything] } } as never);
      expect(client.pushProcessor.getPushRuleById('me.everything')).to.deep.equal(everything);
      expect(client.pushRules?.global.override).to.deep.equal([everything], 'kept as sent, no client-side defaults merged in');

      const { event_id: eventId } = await call(b, 'PUT', `/rooms/${encodeURIComponent(roomId)}/send/m.room.message/t${Date.now()}`, { msgtype: 'm.text', body: 'from bob' });
      await until(() => !!client.getRoom(roomId)?.getLiveTimeline().getEvents().some((e) => e.getId() === eventId), "bob's message in alice's timeline");
      const event = client.getRoom(roomId)!.findEventById(eventId)!;
      // The real evaluator would answer notify + highlight here; the stand-in matches no rule.
      expect(client.getPushActionsForEvent(event)).to.equal(null);
    } finally {
      client.stopClient();
    }
  });
});
