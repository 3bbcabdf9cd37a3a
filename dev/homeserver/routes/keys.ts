/**
 * End-to-end encryption key endpoints, as far as a client needs them to start (spec v1.15, "End-to-end
 * encryption"): `POST /keys/upload`, `/keys/query`, `/keys/claim`, `GET /keys/changes`, `PUT /sendToDevice`
 * and `GET /room_keys/version` (no backup). Hydrogen uploads its device keys before its first sync and stops
 * when the server does not know the endpoint. The keys live in memory only: nothing here encrypts, and the
 * widget itself never uses them.
 */
import { errors } from '../http.ts';
import type { Homeserver } from '../homeserver.ts';

interface DeviceKeys {
  /** The device's signed `device_keys` object, as uploaded. */
  keys?: Record<string, unknown>;
  /** One-time keys by `algorithm:key_id`, claimed once each. */
  oneTime: Map<string, unknown>;
  fallback: Map<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export function register(hs: Homeserver): void {
  const { router } = hs;
  const devices = new Map<string, Map<string, DeviceKeys>>();
  const deviceOf = (userId: string, deviceId: string): DeviceKeys => {
    let mine = devices.get(userId);
    if (!mine) devices.set(userId, (mine = new Map()));
    let d = mine.get(deviceId);
    if (!d) mine.set(deviceId, (d = { oneTime: new Map(), fallback: new Map() }));
    return d;
  };
  const counts = (d: DeviceKeys): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const id of d.oneTime.keys()) {
      const algorithm = id.split(':')[0];
      out[algorithm] = (out[algorithm] ?? 0) + 1;
    }
    return out;
  };

  router.client('POST', '/keys/upload', async (ctx) => {
    const who = hs.requireAuth(ctx, { guests: true });
    const body = await ctx.json();
    const d = deviceOf(who.userId, who.deviceId);
    if (body.device_keys !== undefined) {
      if (!isObject(body.device_keys)) throw errors.badJson('device_keys must be an object');
      if (body.device_keys.user_id !== who.userId || body.device_keys.device_id !== who.deviceId) {
        throw errors.invalidParam('device_keys must be for the requesting user and device');
      }
      d.keys = body.device_keys;
    }
    for (const [field, into] of [['one_time_keys', d.oneTime], ['fallback_keys', d.fallback]] as const) {
      const keys = body[field];
      if (keys === undefined) continue;
      if (!isObject(keys)) throw errors.badJson(`${field} must be an object`);
      for (const [id, key] of Object.entries(keys)) into.set(id, key);
    }
    return { one_time_key_counts: counts(d) };
  });

  router.client('POST', '/keys/query', async (ctx) => {
    hs.requireAuth(ctx, { guests: true });
    const body = await ctx.json();
    if (!isObject(body.device_keys)) throw errors.badJson('device_keys must be an object');
    const out: Record<string, Record<string, unknown>> = {};
    for (const [userId, wanted] of Object.entries(body.device_keys)) {
      const mine = devices.get(userId);
      const ids = Array.isArray(wanted) && wanted.length ? wanted.map(String) : [...(mine?.keys() ?? [])];
      out[userId] = {};
      for (const id of ids) {
        const keys = mine?.get(id)?.keys;
        if (keys) out[userId][id] = keys;
      }
    }
    return { device_keys: out, failures: {} };
  });

  router.client('POST', '/keys/claim', async (ctx) => {
    hs.requireAuth(ctx, { guests: true });
    const body = await ctx.json();
    if (!isObject(body.one_time_keys)) throw errors.badJson('one_time_keys must be an object');
    const out: Record<string, Record<string, Record<string, unknown>>> = {};
    for (const [userId, wanted] of Object.entries(body.one_time_keys)) {
      if (!isObject(wanted)) continue;
      for (const [deviceId, algorithm] of Object.entries(wanted)) {
        const d = devices.get(userId)?.get(deviceId);
        if (!d) continue;
        const pick = (from: Map<string, unknown>, remove: boolean) => {
          for (const [id, key] of from) {
            if (!id.startsWith(`${String(algorithm)}:`)) continue;
            if (remove) from.delete(id);
            return [id, key] as const;
          }
          return undefined;
        };
        const found = pick(d.oneTime, true) ?? pick(d.fallback, false);
        if (found) ((out[userId] ??= {})[deviceId] = { [found[0]]: found[1] });
      }
    }
    return { one_time_keys: out, failures: {} };
  });

  router.client('GET', '/keys/changes', (ctx) => {
    hs.requireAuth(ctx, { guests: true });
    return { changed: [], left: [] };
  });

  // To-device messages are accepted and dropped: no client here decrypts, and /sync carries none.
  router.client('PUT', '/sendToDevice/:type/:txnId', async (ctx) => {
    hs.requireAuth(ctx, { guests: true });
    await ctx.json();
    return {};
  });

  router.client('GET', '/room_keys/version', (ctx) => {
    hs.requireAuth(ctx);
    throw errors.notFound('No current backup version');
  });
}
