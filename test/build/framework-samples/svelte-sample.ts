// What a Svelte 5 component (`<matrix-room room={r} onmatrix-error={...}>`) type-checks against: each tag's
// SvelteHTMLElements entry. The @ts-expect-error lines fail the check if the typings go loose.
import type {} from 'matrix-embed/svelte';
import type { SvelteHTMLElements } from 'svelte/elements';

export const room: SvelteHTMLElements['matrix-room'] = {
  room: '#community:example.org',
  'onmatrix-error': (e) => console.log(e.detail.errcode),
  'onmatrix-message': (e) => console.log(e.detail.sender),
};
export const button: SvelteHTMLElements['matrix-join-button'] = { room: '#community:example.org', variant: 'outline', 'without-avatar': true };
export const launcher: SvelteHTMLElements['matrix-chat-launcher'] = { room: '#community:example.org', open: true };
export const login: SvelteHTMLElements['matrix-login'] = { homeserver: 'example.org', 'onmatrix-after-logout': () => undefined };

// @ts-expect-error -- "huge" is not a size
export const badSize: SvelteHTMLElements['matrix-join-button'] = { size: 'huge' };
// @ts-expect-error -- the room is a string
export const badRoom: SvelteHTMLElements['matrix-room'] = { room: 42 };
