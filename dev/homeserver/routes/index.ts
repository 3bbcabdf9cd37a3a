/** Every route module, registered in this order. Each exports `register(hs)`. */
import type { Homeserver } from '../homeserver.ts';
import { register as discovery } from './discovery.ts';

export const routeModules: Array<(hs: Homeserver) => void> = [discovery];
