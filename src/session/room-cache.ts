/**
 * The rooms a signed-in visitor had open, kept in IndexedDB so that the next visit paints them at once (before
 * the network answers), then reconciles with the server (the room's first page, then the SDK's timeline).
 *
 * One database per user (`matrix-embed:v1:rooms:<user ID>`), so signing out forgets everything of that user
 * with one `deleteDatabase`, and another user's visit on the same browser never reads it. One record per room
 * address as the page wrote it (`#community:example.org`, `!id:example.org`): the address is what a page knows
 * before any request. What a record holds is read back as untrusted (another script of the site could have
 * written it): its events and state go through the same checks as a server's answers.
 *
 * Best effort everywhere: no IndexedDB (private modes, blocked storage), a full disk or a broken record only
 * means no cache, never an error the visitor sees.
 */

/** A room's last events and the state they need, as `RoomModel.snapshot` writes it and `showCached` reads it. */
export interface CachedPage {
  /** The newest events, oldest first (client-server event JSON). */
  events: unknown[];
  /** State events: the visitor's membership, power levels, name, topic, avatar and the members the names need. */
  state: unknown[];
  /** Joined members then. */
  memberCount?: number;
  /** `state` holds every member whose name could be confused with a sender's: names can be shown as unique. */
  membersFull: boolean;
  /** Nothing older than `events` exists. */
  reachedStart: boolean;
}

export interface CachedRoom {
  v: 1;
  /** The room address as the page wrote it (parsed: `RoomAddress.value`). */
  address: string;
  roomId: string;
  /** Epoch ms of the write. */
  savedAt: number;
  /** The user's homeserver serves authenticated media (spec v1.11): avatars can be shown before `/versions`. */
  mediaAuthenticated: boolean;
  page: CachedPage;
}

/**
 * A room's first screen as the element last showed it: its rendered shadow tree (the newest rows, the header
 * and the composer) and the stylesheet it was shown with, so that the loader can paint it before any of the
 * element's code has run (`src/screen-paint.ts`), and the element takes over once it shows the room itself
 * (`components/room/room-screen.ts`). It is a picture, not data: nothing in it is clickable, and the model
 * still starts from the record above. In localStorage rather than IndexedDB: the loader reads it synchronously
 * in its first milliseconds, where the first IndexedDB open of a page takes 20–40 ms.
 */
export interface RoomScreen {
  v: 1;
  userId: string;
  /** The `room` attribute as written on the page (`#alias:server` or `!id:server`): what the loader sees. */
  address: string;
  savedAt: number;
  /** The element's stylesheets as CSS text. */
  css: string;
  /** The shadow tree: text, or `[tag, [name, value, …], …children]`; SVG elements' tags start with `svg:`. */
  tree: ScreenNode[];
}
export type ScreenNode = string | ScreenElement;
export interface ScreenElement extends Array<string | string[] | ScreenNode> {
  /** The tag, `svg:` before an SVG element's. */
  0: string;
  /** Attribute names and values, alternating. */
  1: string[];
}

/** src/screen-paint.ts writes this prefix out (it shares no module with the session). */
export const SCREEN_PREFIX = 'matrix-embed:v1:screen:';
/** The class of the painted screen's wrapper in the shadow root (room.styles.ts: `display: contents`). */
export const SCREEN_CLASS = 'last-screen';
/** User IDs and room addresses hold no spaces. */
export const screenKey = (userId: string, address: string): string => `${SCREEN_PREFIX}${userId} ${address}`;

/** The keys of `userId`'s screens in `storage`. */
export function screenKeys(storage: Storage, userId: string): string[] {
  const mine = screenKey(userId, '');
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(mine)) keys.push(key);
  }
  return keys;
}

const VERSION = 1;
const STORE = 'rooms';
/** A record older than this is not painted: the first page from the network is worth the wait by then. */
export const CACHE_MAX_AGE_MS = 30 * 24 * 3600 * 1000;

const dbName = (userId: string) => `matrix-embed:v1:rooms:${userId}`;

/** The open database of each user, shared by every element of the page. */
const open = new Map<string, Promise<IDBDatabase>>();

function database(userId: string): Promise<IDBDatabase> {
  let db = open.get(userId);
  if (!db) {
    db = new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(dbName(userId), VERSION);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'address' });
      req.onsuccess = () => {
        const handle = req.result;
        // Another tab deleting it (a sign-out there) must not wait for this page to close.
        handle.onversionchange = () => {
          handle.close();
          if (open.get(userId) === db) open.delete(userId);
        };
        resolve(handle);
      };
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('The room cache is blocked by another tab.'));
    });
    db.catch(() => open.delete(userId));
    open.set(userId, db);
  }
  return db;
}

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Whether `r` (read back from storage) has the shape of a record this version wrote, not too old. */
function isCachedRoom(r: unknown, now: number): r is CachedRoom {
  const o = r as Partial<CachedRoom> | undefined;
  const page = o?.page as Partial<CachedPage> | undefined;
  return (
    !!o &&
    o.v === 1 &&
    typeof o.address === 'string' &&
    typeof o.roomId === 'string' &&
    o.roomId.startsWith('!') &&
    typeof o.savedAt === 'number' &&
    now - o.savedAt < CACHE_MAX_AGE_MS &&
    typeof o.mediaAuthenticated === 'boolean' &&
    !!page &&
    Array.isArray(page.events) &&
    Array.isArray(page.state) &&
    typeof page.membersFull === 'boolean' &&
    typeof page.reachedStart === 'boolean' &&
    (page.memberCount === undefined || (typeof page.memberCount === 'number' && Number.isSafeInteger(page.memberCount) && page.memberCount >= 0))
  );
}

/** The cached room at `address` for `userId`, or undefined (none, too old, unreadable, no IndexedDB). */
export async function readCachedRoom(userId: string, address: string): Promise<CachedRoom | undefined> {
  try {
    const db = await database(userId);
    const record: unknown = await done(db.transaction(STORE, 'readonly').objectStore(STORE).get(address));
    return isCachedRoom(record, Date.now()) && record.address === address ? record : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps `record` for the next visit (replacing the last one of its address). */
export async function writeCachedRoom(userId: string, record: CachedRoom): Promise<void> {
  try {
    const db = await database(userId);
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put(record);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  } catch {
    // Full, blocked or gone: the next visit loads from the network.
  }
}

/** Forgets every room cached for `userId` (signing out; the session ended), their screens with them. */
export function forgetCachedRooms(userId: string): Promise<void> {
  try {
    for (const key of screenKeys(localStorage, userId)) localStorage.removeItem(key);
  } catch {
    // No storage: nothing was kept there.
  }
  return new Promise<void>((resolve) => {
    const pending = open.get(userId);
    open.delete(userId);
    void pending?.then((db) => db.close(), () => undefined);
    try {
      const req = indexedDB.deleteDatabase(dbName(userId));
      // Blocked (a tab that keeps it open without listening) still deletes once that tab lets go.
      req.onsuccess = req.onerror = req.onblocked = () => resolve();
    } catch {
      resolve();
    }
  });
}
