// What a Vue 3 template (`<matrix-room :room="r" @matrix-error="...">`) type-checks against: the props of
// each tag's GlobalComponents entry. The @ts-expect-error lines fail the check if the typings go loose.
import type {} from 'matrix-embed/vue';
import type { GlobalComponents } from 'vue';

type Props<Tag extends keyof GlobalComponents> = InstanceType<GlobalComponents[Tag]>['$props'];

export const room: Props<'matrix-room'> = {
  room: '#community:example.org',
  onMatrixError: (e) => console.log(e.detail.errcode, e.detail.message),
  onMatrixAfterJoin: (e) => console.log(e.detail.roomId),
};
export const button: Props<'matrix-join-button'> = { room: '#community:example.org', size: 'large', withoutCount: true };
export const launcher: Props<'matrix-chat-launcher'> = { room: '#community:example.org', onMatrixLauncherToggle: (e) => console.log(e.detail.open) };
export const login: Props<'matrix-login'> = { homeserver: 'example.org', onMatrixAfterLogin: (e) => console.log(e.detail) };

// @ts-expect-error -- "huge" is not a size
export const badSize: Props<'matrix-join-button'> = { size: 'huge' };
// @ts-expect-error -- the room is a string
export const badRoom: Props<'matrix-room'> = { room: 42 };
