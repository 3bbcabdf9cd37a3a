/** Every route module, registered in this order. Each exports `register(hs)`. */
import type { Homeserver } from '../homeserver.ts';
import { register as discovery } from './discovery.ts';
import { register as media } from './media.ts';
import { register as dev } from './dev.ts';
import { register as rooms } from './rooms.ts';
import { register as events } from './events.ts';
import { register as sync } from './sync.ts';
import { register as legacyAuth } from './legacy-auth.ts';
import { register as oauth } from './oauth.ts';
import { register as profile } from './profile.ts';
import { register as keys } from './keys.ts';

export const routeModules: Array<(hs: Homeserver) => void> = [discovery, media, dev, rooms, events, sync, legacyAuth, oauth, profile, keys];
