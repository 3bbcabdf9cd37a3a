/**
 * Seeds an empty store with realistic users, rooms and history for the demo and the tests. Deterministic:
 * the same users, rooms, messages and order on every start (event and room IDs are random, timestamps are
 * relative to the start time so the history always looks recent). Fast: no password hashing at start
 * (the hashes below were computed once with the store's scrypt format), a few hundred events in total.
 *
 * Accounts (password = "password-<localpart>"):
 *   @alice     "Alice"     password-alice     admin of every seeded room
 *   @bob       "Bob"       password-bob
 *   @carol     "Carol"     password-carol
 *   @dave      "Dave"      password-dave      has a pending invite to #private
 *   @erin      "Erin"      password-erin      joined #lobby, then left
 *   @sam       "Sam"       password-sam       shares the display name "Sam" with @samantha
 *   @samantha  "Sam"       password-samantha
 *
 * Rooms:
 *   #lobby    public, world-readable, guests can join, in the directory, avatar; ~290 events over 3 days
 *   #docs     public, world-readable, guests can join, in the directory; ~30 questions and answers
 *   #private  invite-only, history "shared", not in the directory, not world-readable
 */
import type { Homeserver } from './homeserver.ts';
import type { RoomData, Store, StoredEvent } from './store.ts';
import { changeMembership, createRoom, redact, sendEvent } from './rooms.ts';
import { mulberry32 } from './prng.ts';
import { DOCS_TALK, LOBBY_TALK, PRIVATE_TALK, type Exchange, type Line } from './seed-conversations.ts';

export interface SeedUser {
  localpart: string;
  displayname: string;
  password: string;
}

/** The seeded accounts with their passwords, for the demo and the tests. */
export const SEED_USERS: readonly SeedUser[] = [
  { localpart: 'alice', displayname: 'Alice', password: 'password-alice' },
  { localpart: 'bob', displayname: 'Bob', password: 'password-bob' },
  { localpart: 'carol', displayname: 'Carol', password: 'password-carol' },
  { localpart: 'dave', displayname: 'Dave', password: 'password-dave' },
  { localpart: 'erin', displayname: 'Erin', password: 'password-erin' },
  { localpart: 'sam', displayname: 'Sam', password: 'password-sam' },
  { localpart: 'samantha', displayname: 'Sam', password: 'password-samantha' },
];

/** scrypt `salt:hash` of each password above (salt = first 16 bytes of sha256("matrix-embed-seed-<name>")). */
const PASSWORD_HASHES: Record<string, string> = {
  alice: '0d8ee0caed821f0588f5733222f081cc:f5bee2b48508c0fc1ec3264343b286245c085d1b196250b467689cb6708178d9',
  bob: '251e5ffd0539efbf9cd57e423a0e5923:3fac2720459cf7f89844bae57fe983aa7d9972c4cc3d3ac50718ddd440063786',
  carol: 'f3d5b54a32e1b6ce3294142025e26f44:d8836478025072bf6d2a571318149da04d357a282735be06239d1167b6630dbb',
  dave: '681fb63c34e57cd082f747e84b17d959:54d0149e94bd30793e50e0153d4f2386bd1b6ec0a94229d4c8977c51dee62544',
  erin: 'a4c23b4c9794d3556fb6839d39e6d6d5:bcbed8623155d3b71f0142529870b3d35b7ea095f5bf1898e3ba66c16f2d8282',
  sam: '00b9411060b17fec2b047121fc2fbee2:b81fa407f39e3124d81de121b49b456ee69ea6e1a25781a25ed0d253abb8a5fd',
  samantha: 'e2eaa115f7e321079140e7b372922a8d:0381ac2d114e825d3c347e9a787942c241c9c18ac007be0ae919e3b4672342f7',
};

/** Alias localparts of the seeded rooms (`#lobby:<serverName>` etc.). */
export const SEED_ROOMS = { lobby: 'lobby', docs: 'docs', private: 'private' } as const;

/** Body of the very first message in #lobby (browser tests scroll back until they see it). */
export const LOBBY_FIRST_MESSAGE = 'Welcome to the lobby! This is the very first message.';
/** Body of the first message in #docs. */
export const DOCS_FIRST_MESSAGE = 'This room is for questions about the documentation.';

/** Media IDs of the seeded images (served by the media routes as mxc://<serverName>/<id>). */
export const SEED_MEDIA = { lobbyAvatar: 'seed-lobby-avatar', sunset: 'seed-sunset' } as const;

// A real 32x32 PNG (a teal circle on light grey), 159 bytes.
const PNG_32 =
  'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAAAZklEQVR42u3WvQkAIAyE0VvAyZ3JrUQs7f1D8DxQA6m/V2mCmPLRwR+AC747BGCUXmewk15hQKlPDLDqIwPEetfQAvv11hACrHplGGDAVcD9L/mJ31SxcBQrU7H0FWeL6PCy4zflAotDQw2nzW5GAAAAAElFTkSuQmCC';
const PNG_32_SIZE = 159;


interface Clock {
  next(stepMs?: number): number;
}

export function seed(hs: Homeserver): void {
  const store = hs.store;
  const server = store.serverName;
  const uid = (localpart: string) => `@${localpart}:${server}`;
  // About three days of history that ends a few hours before the server starts.
  const start = Date.now() - 3.5 * 24 * 3600_000;
  const rand = mulberry32(20240917);
  let now = start;
  const clock: Clock = {
    // Events step forward 2-20 minutes (or by `stepMs`), never past the present.
    next: (stepMs) => (now = Math.min(Date.now() - 60_000, now + (stepMs ?? (2 + Math.floor(rand() * 18)) * 60_000))),
  };

  for (const u of SEED_USERS) {
    store.data.users[uid(u.localpart)] = {
      userId: uid(u.localpart),
      localpart: u.localpart,
      password: PASSWORD_HASHES[u.localpart],
      displayname: u.displayname,
      guest: false,
      createdAt: start,
    };
  }
  for (const id of Object.values(SEED_MEDIA)) {
    store.data.media[id] = {
      mediaId: id,
      contentType: 'image/png',
      filename: id === SEED_MEDIA.sunset ? 'sunset.png' : 'lobby.png',
      data: PNG_32,
      uploader: uid('alice'),
      createdAt: start,
    };
  }

  seedLobby(store, uid, clock, rand);
  seedDocs(store, uid, clock);
  seedPrivate(store, uid, clock);
}

type Uid = (localpart: string) => string;

function say(store: Store, room: RoomData, sender: string, clock: Clock, content: Record<string, unknown>, type = 'm.room.message'): StoredEvent {
  return sendEvent(store, room, sender, type, content, { ts: clock.next() });
}

const text = (body: string) => ({ msgtype: 'm.text', body });

/**
 * Sends one hand-written line (seed-conversations.ts) `stepMs` after the previous event: a reply when it names
 * an earlier line of `sent`, then the reactions it gets.
 */
function sayLine(store: Store, room: RoomData, uid: Uid, clock: Clock, line: Line, sent: ReadonlyArray<StoredEvent | undefined>, stepMs?: number): StoredEvent {
  const [lp, body, extras] = line;
  const target = extras?.re === undefined ? undefined : sent[extras.re];
  if (extras?.re !== undefined && !target) throw new Error(`seed: "${body}" replies to line ${extras.re}, which is not a message before it`);
  const content = target ? { ...text(body), 'm.relates_to': { 'm.in_reply_to': { event_id: target.event.event_id } } } : text(body);
  const ev = sendEvent(store, room, uid(lp), 'm.room.message', content, { ts: clock.next(stepMs) });
  for (const [who, key] of extras?.react ?? []) {
    sendEvent(store, room, uid(who), 'm.reaction', { 'm.relates_to': { rel_type: 'm.annotation', event_id: ev.event.event_id, key } }, { ts: clock.next(30_000) });
  }
  return ev;
}

function seedLobby(store: Store, uid: Uid, clock: Clock, rand: () => number): void {
  const alice = uid('alice');
  const room = createRoom(
    store,
    alice,
    {
      preset: 'public_chat',
      visibility: 'public',
      room_alias_name: SEED_ROOMS.lobby,
      name: 'Lobby',
      topic: 'Say hello! The public room of the matrix-embed demo.',
      initial_state: [
        { type: 'm.room.history_visibility', content: { history_visibility: 'world_readable' } },
        { type: 'm.room.guest_access', content: { guest_access: 'can_join' } },
        { type: 'm.room.avatar', content: { url: `mxc://${store.serverName}/${SEED_MEDIA.lobbyAvatar}`, info: { mimetype: 'image/png', w: 32, h: 32, size: PNG_32_SIZE } } },
      ],
    },
    { ts: clock.next(60_000) },
  );
  const join = (lp: string) => changeMembership(store, room, uid(lp), uid(lp), 'join', {}, { ts: clock.next() });
  say(store, room, alice, clock, text(LOBBY_FIRST_MESSAGE));
  for (const lp of ['bob', 'carol', 'dave', 'sam']) join(lp);

  // Exchanges a while apart, their messages a few minutes apart.
  const chatter = (exchanges: readonly Exchange[]) => {
    for (const exchange of exchanges) {
      clock.next((20 + Math.floor(rand() * 80)) * 60_000);
      const sent: StoredEvent[] = [];
      for (const l of exchange) sent.push(sayLine(store, room, uid, clock, l, sent, (1 + Math.floor(rand() * 5)) * 60_000));
    }
  };

  chatter(LOBBY_TALK.early);
  say(store, room, uid('bob'), clock, {
    msgtype: 'm.text',
    body: '**Tip:** you can write *Markdown* here, even `inline code` and [links](https://matrix.org).',
    format: 'org.matrix.custom.html',
    formatted_body: '<strong>Tip:</strong> you can write <em>Markdown</em> here, even <code>inline code</code> and <a href="https://matrix.org">links</a>.',
  });
  const question = say(store, room, uid('carol'), clock, text('Does the widget work without JavaScript frameworks?'));
  // A reply as spec v1.13+ sends it (no fallback), and one with the legacy fallback that clients must strip.
  say(store, room, alice, clock, {
    msgtype: 'm.text',
    body: 'Yes, it is plain web components: one script tag and you are done.',
    'm.relates_to': { 'm.in_reply_to': { event_id: question.event.event_id } },
  });
  say(store, room, uid('dave'), clock, {
    msgtype: 'm.text',
    body: `> <${uid('carol')}> Does the widget work without JavaScript frameworks?\n\nIt even works on my plain HTML blog.`,
    format: 'org.matrix.custom.html',
    formatted_body: `<mx-reply><blockquote><a href="https://matrix.to/#/${question.event.room_id}/${question.event.event_id}">In reply to</a> <a href="https://matrix.to/#/${uid('carol')}">${uid('carol')}</a><br>Does the widget work without JavaScript frameworks?</blockquote></mx-reply>It even works on my plain HTML blog.`,
    'm.relates_to': { 'm.in_reply_to': { event_id: question.event.event_id } },
  });
  chatter(LOBBY_TALK.afterQuestion);

  // An edit (m.replace with m.new_content) of a message with a typo.
  const typo = say(store, room, uid('bob'), clock, text('The new relase is out!'));
  say(store, room, uid('bob'), clock, {
    msgtype: 'm.text',
    body: '* The new release is out!',
    'm.new_content': { msgtype: 'm.text', body: 'The new release is out!' },
    'm.relates_to': { rel_type: 'm.replace', event_id: typo.event.event_id },
  });
  // Reactions (m.annotation) from several people, two with the same key.
  for (const [lp, key] of [['alice', '🎉'], ['carol', '🎉'], ['dave', '👍']] as const) {
    say(store, room, uid(lp), clock, { 'm.relates_to': { rel_type: 'm.annotation', event_id: typo.event.event_id, key } }, 'm.reaction');
  }
  chatter(LOBBY_TALK.afterRelease);

  // An image with full info, pointing at seeded media.
  say(store, room, uid('sam'), clock, {
    msgtype: 'm.image',
    body: 'sunset.png',
    url: `mxc://${store.serverName}/${SEED_MEDIA.sunset}`,
    info: { w: 32, h: 32, mimetype: 'image/png', size: PNG_32_SIZE },
  });
  say(store, room, uid('carol'), clock, text('Lovely colours!'));
  // A message removed by its sender.
  const oops = say(store, room, uid('dave'), clock, text('Oops, wrong room, please ignore this.'));
  redact(store, room, uid('dave'), oops.event.event_id, 'Sent to the wrong room', { ts: clock.next(30_000) });
  chatter(LOBBY_TALK.afterImage);

  // Someone joins, says hello and leaves again.
  changeMembership(store, room, uid('erin'), uid('erin'), 'join', {}, { ts: clock.next() });
  say(store, room, uid('erin'), clock, text('Hi all, just looking around.'));
  say(store, room, uid('erin'), clock, { msgtype: 'm.emote', body: 'waves hello' });
  chatter(LOBBY_TALK.erinVisits);
  changeMembership(store, room, uid('erin'), uid('erin'), 'leave', {}, { ts: clock.next() });
  chatter(LOBBY_TALK.afterErin);

  sendEvent(store, room, alice, 'm.room.topic', {
    topic: 'Say hello! The public room of the matrix-embed demo. Be kind.',
    'm.topic': [{ body: 'Say hello! The public room of the matrix-embed demo. Be kind.', mimetype: 'text/plain' }],
  }, { stateKey: '', ts: clock.next() });
  say(store, room, alice, clock, { msgtype: 'm.notice', body: 'Reminder: this room is public and its history is readable by anyone.' });
  // The second "Sam" joins: two members now share a display name.
  changeMembership(store, room, uid('samantha'), uid('samantha'), 'join', {}, { ts: clock.next() });
  say(store, room, uid('samantha'), clock, text('Hello! Yes, another Sam 🙂'));
  chatter(LOBBY_TALK.twoSams);

  // A thread: a root and replies with rel_type m.thread.
  const root = say(store, room, uid('carol'), clock, text('Thread: what should the next demo page show?'));
  for (const [lp, body] of [['bob', 'A docs page with a live help room.'], ['alice', 'And a page full of join buttons.'], ['carol', 'Great, noted both!']] as const) {
    say(store, room, uid(lp), clock, {
      msgtype: 'm.text',
      body,
      'm.relates_to': { rel_type: 'm.thread', event_id: root.event.event_id, is_falling_back: true, 'm.in_reply_to': { event_id: root.event.event_id } },
    });
  }
  chatter(LOBBY_TALK.late);
  say(store, room, alice, clock, text('That is all the history for now. Say something!'));
}

function seedDocs(store: Store, uid: Uid, clock: Clock): void {
  const room = createRoom(
    store,
    uid('alice'),
    {
      preset: 'public_chat',
      visibility: 'public',
      room_alias_name: SEED_ROOMS.docs,
      name: 'Documentation',
      topic: 'Questions and answers about the matrix-embed documentation.',
      initial_state: [
        { type: 'm.room.history_visibility', content: { history_visibility: 'world_readable' } },
        { type: 'm.room.guest_access', content: { guest_access: 'can_join' } },
      ],
    },
    { ts: clock.next(60_000) },
  );
  for (const lp of ['bob', 'carol']) changeMembership(store, room, uid(lp), uid(lp), 'join', {}, { ts: clock.next() });
  say(store, room, uid('alice'), clock, text(DOCS_FIRST_MESSAGE));
  // Indexed like DOCS_TALK, so that a line's `re` finds the message it answers.
  const sent: Array<StoredEvent | undefined> = [];
  for (const entry of DOCS_TALK) {
    if (isLine(entry)) {
      sent.push(sayLine(store, room, uid, clock, entry, sent));
    } else {
      changeMembership(store, room, uid(entry.join), uid(entry.join), 'join', {}, { ts: clock.next() });
      sent.push(undefined);
    }
  }
}

const isLine = (entry: Line | { join: string }): entry is Line => Array.isArray(entry);

function seedPrivate(store: Store, uid: Uid, clock: Clock): void {
  const room = createRoom(
    store,
    uid('alice'),
    { preset: 'private_chat', room_alias_name: SEED_ROOMS.private, name: 'Private', topic: 'Members only.', invite: [uid('bob')] },
    { ts: clock.next(60_000) },
  );
  changeMembership(store, room, uid('bob'), uid('bob'), 'join', {}, { ts: clock.next() });
  say(store, room, uid('alice'), clock, text('This room is invite-only and not world-readable.'));
  const sent: StoredEvent[] = [];
  for (const line of PRIVATE_TALK) sent.push(sayLine(store, room, uid, clock, line, sent));
  say(store, room, uid('alice'), clock, text('Inviting Dave too.'));
  changeMembership(store, room, uid('alice'), uid('dave'), 'invite', {}, { ts: clock.next() });
}
