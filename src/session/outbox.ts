/**
 * The persisted send queue of one user in one room: every message the visitor sends is delivered exactly once,
 * in the order it was typed, through network failures, rate limits, server restarts, soft logouts and reloads.
 * DOM-free: storage and Web Locks only; the network is reached through the {@link OutboxTransport} the session
 * gives it.
 *
 * After Hydrogen's `SendQueue` / `PendingEvent`:
 * - the transaction ID is chosen when the visitor presses Send and stored with the message, so every attempt
 *   (in this page, after a reload, in another tab) uses the same one and the server stores the event once;
 * - before an attempt that may repeat an earlier one, the server's copy is looked for (`unsigned.transaction_id`,
 *   or failing that — servers before spec v1.7 dedupe per access token, and a refreshed token forgets — the same
 *   content from this user since the message was queued): what is there already is not sent again;
 * - one message at a time per room, oldest first; transient failures wait on the connection's backoff, only a
 *   refusal (400 / 403 / 413 / other 4xx) stops a message ("Not sent", with Retry and Delete, the text kept).
 */
import { msg } from './texts.ts';

export type OutboxState = 'queued' | 'sending' | 'failed' | 'sent';

export interface OutboxEntry {
  txnId: string;
  roomId: string;
  type: string;
  content: Record<string, unknown>;
  /** What the visitor typed (the Markdown source), when it was text. */
  text?: string;
  /** When Send was pressed (epoch ms). */
  createdAt: number;
  state: OutboxState;
  /** The server's event ID, once it accepted the message. */
  eventId?: string;
  /** Why the server refused it (state `failed`). */
  error?: { errcode: string; message: string };
  /** An attempt was made (here or before a reload): check the server before trying again. */
  attempted?: boolean;
}

/** A refusal that trying again will not change (the message shows "Not sent"). */
export class OutboxRefusal extends Error {
  constructor(
    readonly errcode: string,
    message: string,
  ) {
    super(message);
    this.name = 'OutboxRefusal';
  }
}

export interface OutboxTransport {
  /** Sends one event with its transaction ID; resolves with the event ID; rejects with {@link OutboxRefusal}, or anything else for "try again". */
  send(entry: OutboxEntry): Promise<string>;
  /** The event ID of this entry's event if the server already has it. */
  findDelivered(entry: OutboxEntry): Promise<string | undefined>;
  /** Resolves when the next attempt is due (the connection's backoff). */
  waitForRetry(): Promise<void>;
}

const PREFIX = 'matrix-embed:outbox:';

/** The storage key of one user's queue in one room. */
export function outboxKey(userId: string, roomId: string): string {
  return `${PREFIX}${userId}:${roomId}`;
}

/** Messages still waiting for `userId` in every room of this site (for "2 messages are not sent yet"). */
export function pendingCount(storage: Storage | undefined, userId: string): number {
  let n = 0;
  for (const key of keysFor(storage, userId)) n += readEntries(storage, key).filter((e) => e.state !== 'sent').length;
  return n;
}

/** Removes every queued message of `userId` (explicit sign-out). */
export function clearOutboxes(storage: Storage | undefined, userId: string): void {
  for (const key of keysFor(storage, userId)) {
    try {
      storage?.removeItem(key);
    } catch {
      // Blocked storage: nothing was kept either.
    }
  }
  for (const box of live.values()) if (box.userId === userId) box.clear();
}

function keysFor(storage: Storage | undefined, userId: string): string[] {
  const keys: string[] = [];
  try {
    for (let i = 0; storage && i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith(`${PREFIX}${userId}:`)) keys.push(key);
    }
  } catch {
    // No storage: no keys.
  }
  return keys;
}

function readEntries(storage: Storage | undefined, key: string): OutboxEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(storage?.getItem(key) ?? '[]');
  } catch {
    raw = [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.filter((e): e is OutboxEntry => {
    const x = e as Partial<OutboxEntry> | null;
    return !!x && typeof x.txnId === 'string' && typeof x.roomId === 'string' && typeof x.type === 'string' &&
      !!x.content && typeof x.content === 'object' && typeof x.createdAt === 'number';
  }).map((e) => ({ ...e, state: e.state === 'failed' ? 'failed' : 'queued' }));
}

let txnCounter = 0;

/** A transaction ID unique across reloads and tabs of this device. */
export function makeTxnId(): string {
  const random = globalThis.crypto?.randomUUID?.().slice(0, 8) ?? Math.random().toString(36).slice(2, 10);
  return `me${Date.now().toString(36)}.${random}.${++txnCounter}`;
}

/** The page's outboxes, one per user and room. */
const live = new Map<string, Outbox>();

export class Outbox extends EventTarget {
  /** The page's outbox of `userId` in `roomId` (loaded from storage on first use). */
  static for(storage: Storage | undefined, userId: string, roomId: string): Outbox {
    const key = outboxKey(userId, roomId);
    let box = live.get(key);
    if (!box) live.set(key, (box = new Outbox(storage, userId, roomId)));
    return box;
  }

  private list: OutboxEntry[];
  private transport: OutboxTransport | undefined;
  private flushing = false;
  /** The last write to storage worked: storage is the truth other tabs share (else memory is). */
  private stored = true;
  private readonly key: string;

  private constructor(
    private readonly storage: Storage | undefined,
    readonly userId: string,
    readonly roomId: string,
  ) {
    super();
    this.key = outboxKey(userId, roomId);
    this.list = readEntries(storage, this.key).map((e) => ({ ...e, attempted: true }));
    // Another tab of this site changed the queue (sent or deleted a message): follow it, unless we are sending.
    globalThis.addEventListener?.('storage', (e: StorageEvent) => {
      if (e.key !== this.key || this.flushing) return;
      const stored = new Map(readEntries(this.storage, this.key).map((x) => [x.txnId, x]));
      this.list = this.list.filter((x) => x.state === 'sent' || stored.has(x.txnId));
      for (const x of stored.values()) if (!this.list.some((y) => y.txnId === x.txnId)) this.list.push({ ...x, attempted: true });
      this.list.sort((a, b) => a.createdAt - b.createdAt);
      this.changed();
    });
  }

  /** The queue, oldest first: waiting, being sent, refused, and sent but not yet seen in the timeline. */
  get entries(): readonly OutboxEntry[] {
    return this.list;
  }

  /** Messages not on the server yet. */
  get pending(): number {
    return this.list.filter((e) => e.state !== 'sent').length;
  }

  /** Starts (or resumes) sending through `transport`. */
  attach(transport: OutboxTransport): void {
    this.transport = transport;
    void this.flush();
  }

  /** Stops sending (the page's client went away); what is queued stays queued. */
  detach(transport: OutboxTransport): void {
    if (this.transport === transport) this.transport = undefined;
  }

  /** Queues a message; it goes out after every message queued before it. */
  enqueue(type: string, content: Record<string, unknown>, text?: string): OutboxEntry {
    const entry: OutboxEntry = { txnId: makeTxnId(), roomId: this.roomId, type, content, createdAt: Date.now(), state: 'queued' };
    if (text !== undefined) entry.text = text;
    this.list.push(entry);
    this.persist();
    this.changed();
    void this.flush();
    return entry;
  }

  /** "Retry" on a refused message: back in the queue, with its own transaction ID. */
  retry(txnId: string): boolean {
    const entry = this.find(txnId);
    if (!entry || entry.state !== 'failed') return false;
    entry.state = 'queued';
    delete entry.error;
    this.persist();
    this.changed();
    void this.flush();
    return true;
  }

  /** "Delete" on a message that is not being sent right now; false when it is on its way (or gone). */
  discard(txnId: string): boolean {
    const entry = this.find(txnId);
    if (!entry || entry.state === 'sending' || entry.state === 'sent') return false;
    this.list = this.list.filter((e) => e !== entry);
    this.persist();
    this.changed();
    return true;
  }

  /** The timeline has the server's copy of this message: the queue forgets it. */
  confirm(txnIdOrEventId: string): void {
    const before = this.list.length;
    this.list = this.list.filter((e) => !(e.state === 'sent' && (e.txnId === txnIdOrEventId || e.eventId === txnIdOrEventId)));
    if (this.list.length !== before) this.changed();
  }

  find(txnId: string): OutboxEntry | undefined {
    return this.list.find((e) => e.txnId === txnId);
  }

  /** Resolves with the event ID once the message is on the server (rejects with its refusal). */
  whenSent(txnId: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const check = () => {
        const e = this.find(txnId);
        if (e?.eventId) done(() => resolve(e.eventId!));
        else if (!e) done(() => reject(new OutboxRefusal('M_NOT_FOUND', msg('That message was deleted before it was sent.'))));
        else if (e.state === 'failed') done(() => reject(new OutboxRefusal(e.error?.errcode ?? 'M_UNKNOWN', e.error?.message ?? msg('The message was not sent.'))));
      };
      const done = (f: () => void) => {
        this.removeEventListener('change', check);
        f();
      };
      this.addEventListener('change', check);
      check();
    });
  }

  /** Explicit sign-out: nothing of this user stays queued. */
  clear(): void {
    this.list = [];
    this.transport = undefined;
    this.changed();
  }

  /** Sends what is queued, one at a time, oldest first; across tabs of this site, one tab at a time. */
  private async flush(): Promise<void> {
    if (this.flushing || !this.transport || !this.list.some((e) => e.state === 'queued')) return;
    this.flushing = true;
    try {
      const locks = globalThis.navigator?.locks;
      if (locks && this.storage) await locks.request(`matrix-embed:outbox:${this.key}`, () => this.drain());
      else await this.drain();
    } finally {
      this.flushing = false;
    }
    // Something was queued (or retried) while the last one went out: go on.
    if (this.transport && this.list.some((e) => e.state === 'queued')) void this.flush();
  }

  private async drain(): Promise<void> {
    this.adoptStored(); // another tab may have sent some of ours while we waited for the lock
    for (;;) {
      const transport = this.transport;
      const entry = this.list.find((e) => e.state === 'queued');
      if (!transport || !entry) return;
      entry.state = 'sending';
      this.changed();
      try {
        const already = entry.attempted ? await transport.findDelivered(entry) : undefined;
        entry.attempted = true;
        this.persist();
        const eventId = already ?? (await transport.send(entry));
        if (!this.list.includes(entry)) continue; // cleared by a sign-out meanwhile
        entry.state = 'sent';
        entry.eventId = eventId;
        this.persist();
        this.changed();
      } catch (e) {
        if (!this.list.includes(entry)) continue;
        if (e instanceof OutboxRefusal) {
          entry.state = 'failed';
          entry.error = { errcode: e.errcode, message: e.message };
          this.persist();
          this.changed();
          continue;
        }
        entry.state = 'queued';
        this.changed();
        await transport.waitForRetry().catch(() => undefined);
      }
    }
  }

  /** Drops entries that the stored queue no longer has (another tab sent or deleted them). */
  private adoptStored(): void {
    if (!this.storage || !this.stored) return;
    const stored = new Set(readEntries(this.storage, this.key).map((e) => e.txnId));
    const before = this.list.length;
    this.list = this.list.filter((e) => e.state === 'sent' || e.state === 'sending' || stored.has(e.txnId));
    if (this.list.length !== before) this.changed();
  }

  /** Stores what is not on the server yet; an empty queue leaves no key behind. */
  private persist(): void {
    const waiting = this.list.filter((e) => e.state !== 'sent').map(({ state, ...e }) => ({ ...e, state: state === 'failed' ? 'failed' : 'queued' }));
    try {
      if (waiting.length) this.storage?.setItem(this.key, JSON.stringify(waiting));
      else this.storage?.removeItem(this.key);
      this.stored = true;
    } catch {
      this.stored = false;
      // Storage full or blocked: the queue lives in this page until it is sent.
    }
  }

  private changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}

const DRAFT_PREFIX = 'matrix-embed:draft:';

/** The storage key of the composer draft of `userId` in `roomId`. */
export function draftKey(userId: string, roomId: string): string {
  return `${DRAFT_PREFIX}${userId}:${roomId}`;
}

/** Explicit sign-out: what `userId` typed and did not send — drafts and queued messages — is removed. */
export function forgetTyped(storage: Storage | undefined, userId: string): void {
  clearOutboxes(storage, userId);
  const drafts: string[] = [];
  try {
    for (let i = 0; storage && i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith(`${DRAFT_PREFIX}${userId}:`)) drafts.push(key);
    }
    for (const key of drafts) storage?.removeItem(key);
  } catch {
    // Blocked storage kept nothing.
  }
}
