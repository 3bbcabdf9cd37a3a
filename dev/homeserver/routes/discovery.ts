/** Discovery and capabilities: what a client asks before anything else. */
import type { Homeserver } from '../homeserver.ts';

/** Spec versions this server implements (it follows v1.15; older ones are listed as Synapse lists them). */
export const SPEC_VERSIONS = [
  'r0.0.1', 'r0.1.0', 'r0.2.0', 'r0.3.0', 'r0.4.0', 'r0.5.0', 'r0.6.0', 'r0.6.1',
  'v1.1', 'v1.2', 'v1.3', 'v1.4', 'v1.5', 'v1.6', 'v1.7', 'v1.8', 'v1.9', 'v1.10', 'v1.11', 'v1.12',
  'v1.13', 'v1.14', 'v1.15',
];

export function register(hs: Homeserver): void {
  const { router } = hs;

  router.add('GET', '/.well-known/matrix/client', () => ({ 'm.homeserver': { base_url: hs.baseUrl } }));

  router.add('GET', '/_matrix/client/versions', () => ({
    versions: SPEC_VERSIONS,
    unstable_features: {
      // MSC3266 room summary, also served on its unstable path.
      'org.matrix.msc3266': true,
      // MSC2965/MSC2966/MSC2967 (the OAuth 2.0 API) only when the server runs it.
      'org.matrix.msc2965': hs.oauth,
    },
  }));

  router.client('GET', '/capabilities', (ctx) => {
    hs.requireAuth(ctx, { guests: true });
    return {
      capabilities: {
        'm.change_password': { enabled: hs.legacyAuth },
        'm.room_versions': { default: '10', available: { '10': 'stable', '11': 'stable' } },
        'm.set_displayname': { enabled: true },
        'm.set_avatar_url': { enabled: true },
        'm.3pid_changes': { enabled: false },
        'm.get_login_token': { enabled: false },
      },
    };
  });

  // No TURN server here: Synapse answers 200 with an empty object when none is configured (the spec's fields
  // are all optional), and clients then simply offer no calls.
  router.client('GET', '/voip/turnServer', (ctx) => {
    hs.requireAuth(ctx, { guests: true });
    return {};
  });

  router.client('GET', '/account/whoami', (ctx) => {
    const who = hs.requireAuth(ctx, { guests: true });
    return { user_id: who.userId, device_id: who.deviceId, is_guest: who.guest };
  });
}
