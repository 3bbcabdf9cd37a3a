/**
 * The plain matrix-js-sdk baseline: what a site would write without matrix-embed. createClient +
 * startClient (same options as our session: initialSyncLimit 20, lazy-loaded members), then the last 20
 * message bodies of the room in a <ul>, kept live. Bundled by bench/lib/build.ts with rollup + terser.
 */
import { ClientEvent, createClient, Direction, RoomEvent, type MatrixEvent, type Room } from 'matrix-js-sdk/lib/index.js';

interface BenchConfig {
  baseUrl: string;
  userId: string;
  deviceId: string;
  accessToken: string;
  room: string;
}

const config = (globalThis as unknown as { BENCH_CONFIG: BenchConfig }).BENCH_CONFIG;
const list = document.querySelector('#messages')!;
const client = createClient({
  baseUrl: config.baseUrl,
  userId: config.userId,
  deviceId: config.deviceId,
  accessToken: config.accessToken,
  timelineSupport: true,
});

const isMessage = (e: MatrixEvent) => e.getType() === 'm.room.message' && !e.isRelation('m.replace') && !e.isRedacted();

function render(room: Room): number {
  const events = room.getLiveTimeline().getEvents().filter(isMessage).slice(-20);
  list.replaceChildren(
    ...events.map((e) => {
      const li = document.createElement('li');
      li.textContent = String(e.getContent().body ?? '');
      return li;
    }),
  );
  return events.length;
}

async function main(): Promise<void> {
  const roomIdPromise = config.room.startsWith('#') ? client.getRoomIdForAlias(config.room).then((r) => r.room_id) : Promise.resolve(config.room);
  const prepared = new Promise<void>((resolve) => {
    client.on(ClientEvent.Sync, (state) => {
      if (state === 'PREPARED') resolve();
    });
  });
  await client.startClient({ initialSyncLimit: 20, lazyLoadMembers: true });
  const [roomId] = await Promise.all([roomIdPromise, prepared]);
  const room = client.getRoom(roomId);
  if (!room) throw new Error(`not joined to ${config.room}`);
  // Fill up to 20 messages when the first sync's 20 events include non-messages.
  for (let i = 0; i < 10 && render(room) < 20 && room.getLiveTimeline().getPaginationToken(Direction.Backward) !== null; i++) {
    await client.scrollback(room, 20);
  }
  client.on(RoomEvent.Timeline, (_e, r) => {
    if (r?.roomId === roomId) render(room);
  });
}

main().catch((e: unknown) => {
  document.body.dataset.error = String(e);
  console.error(e);
});
