import { unsupported } from './unsupported.ts';

/**
 * Stand-in for matrix-js-sdk `lib/models/invites-ignorer.js` (MSC3847: ignoring invites through policy rooms,
 * `MatrixClient.ignoredInvites`).
 * Safe: the client constructs one, but nothing in the SDK calls it (it is API for applications that manage
 * invite policies, e.g. Element's settings); matrix-embed neither. Every method rejects with "not supported".
 * test/build/sdk-shims.test.ts checks that this class has every public member of the real one.
 */
export class IgnoredInvites {
  /** Same parameter as the SDK's class (the client); not needed. */
  constructor(_client?: unknown) {}

  async addRule(_scope: unknown, _entity: string, _reason: string): Promise<string> {
    throw unsupported('Ignoring invites');
  }
  async removeRule(_event: unknown): Promise<void> {
    throw unsupported('Ignoring invites');
  }
  async addSource(_roomId: string): Promise<boolean> {
    throw unsupported('Ignoring invites');
  }
  async getRuleForInvite(_invite: { sender: string; roomId: string }): Promise<never> {
    throw unsupported('Ignoring invites');
  }
  async getOrCreateTargetRoom(): Promise<never> {
    throw unsupported('Ignoring invites');
  }
  async getOrCreateSourceRooms(): Promise<never> {
    throw unsupported('Ignoring invites');
  }
}

// The rest of lib/models/invites-ignorer.js's exports: the SDK's own (small) constants, re-exported.
export {
  IGNORE_INVITES_ACCOUNT_EVENT_KEY,
  POLICIES_ACCOUNT_EVENT_TYPE,
  PolicyRecommendation,
  PolicyScope,
} from 'matrix-js-sdk/lib/models/invites-ignorer-types.js';
