/**
 * Profiles: `GET /profile/{userId}` and the `displayname` / `avatar_url` fields (GET, PUT, and DELETE from
 * spec v1.16). Answers as Synapse does; differences from the spec's letter are noted where they occur.
 *
 * Changing a profile does not rewrite the user's m.room.member events (Synapse does, by default); the rooms
 * module owns those events.
 */
import { MatrixError, errors, type Ctx } from '../http.ts';
import type { Homeserver } from '../homeserver.ts';
import type { User } from '../store.ts';
import { MAX_USER_ID_LENGTH, own } from '../auth-state.ts';

/** Synapse's limits (MAX_DISPLAYNAME_LEN, MAX_AVATAR_URL_LEN). */
const MAX_DISPLAYNAME = 256;
const MAX_AVATAR_URL = 1000;

type Field = 'displayname' | 'avatar_url';

export function register(hs: Homeserver): void {
  const { router } = hs;

  // Profiles are public (Synapse's default `require_auth_for_profile_requests: false`): no token needed.
  router.client('GET', '/profile/:userId', (ctx) => {
    const user = lookup(hs, ctx.params.userId);
    const out: Record<string, string> = {};
    if (user?.displayname !== undefined) out.displayname = user.displayname;
    if (user?.avatar_url !== undefined) out.avatar_url = user.avatar_url;
    // Synapse: 404 when the user is unknown, and also when neither field is set.
    if (!user || Object.keys(out).length === 0) throw errors.notFound('Profile was not found');
    return out;
  });

  for (const field of ['displayname', 'avatar_url'] as const) {
    router.client('GET', `/profile/:userId/${field}`, (ctx) => {
      const user = lookup(hs, ctx.params.userId);
      if (!user) throw errors.notFound('Profile was not found');
      // Synapse answers an unset field with `null` rather than 404.
      return { [field]: user[field] ?? null };
    });
    router.client('PUT', `/profile/:userId/${field}`, async (ctx) => {
      const { user } = await writable(hs, ctx, field);
      const body = await ctx.json();
      if (!Object.hasOwn(body, field)) throw errors.missingParam(field);
      const value = body[field];
      if (value === null) throw errors.invalidParam(`'${field}' can not be \`null\`.`);
      if (typeof value !== 'string') throw errors.invalidParam(`'${field}' must be a string`);
      setField(hs, user, field, value);
      return {};
    });
    // Spec v1.16; Synapse treats it as setting the field to "" (which clears it).
    router.client('DELETE', `/profile/:userId/${field}`, async (ctx) => {
      const { user } = await writable(hs, ctx, field);
      setField(hs, user, field, '');
      return {};
    });
  }
}

/** A local user by ID; M_INVALID_PARAM for something that is not a user ID at all (as Synapse). */
function lookup(hs: Homeserver, userId: string): User | undefined {
  if (!/^@[^:]+:.+$/.test(userId) || Buffer.byteLength(userId) > MAX_USER_ID_LENGTH) {
    throw errors.invalidParam('Invalid user id');
  }
  return own(hs.store.data.users, userId);
}

async function writable(hs: Homeserver, ctx: Ctx, field: Field): Promise<{ user: User }> {
  lookup(hs, ctx.params.userId);
  // Guests may set their display name (spec: Guest Access), not their avatar.
  const who = hs.requireAuth(ctx, { guests: field === 'displayname' });
  if (ctx.params.userId !== who.userId) {
    // Synapse: AuthError(400, "Cannot set another user's displayname") — status 400 with M_FORBIDDEN, where the
    // spec describes 403. Clients should key on the errcode.
    throw new MatrixError(400, 'M_FORBIDDEN', `Cannot set another user's ${field}`);
  }
  return { user: who.user };
}

function setField(hs: Homeserver, user: User, field: Field, value: string): void {
  const max = field === 'displayname' ? MAX_DISPLAYNAME : MAX_AVATAR_URL;
  if (value.length > max) {
    throw new MatrixError(400, 'M_UNKNOWN', `${field === 'displayname' ? 'Displayname' : 'Avatar URL'} is too long (max ${max})`);
  }
  // Synapse strips display names and treats "" as removing the field.
  const stored = field === 'displayname' ? value.trim() : value;
  if (value === '') delete user[field];
  else user[field] = stored;
  hs.store.changed();
}
