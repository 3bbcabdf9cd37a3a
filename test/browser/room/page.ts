// A page with one <matrix-room>, for tests that need a real reload (what survives it lives in storage, shared
// with the test page because both are on the same origin). The room and homeserver come from the query string.
const params = new URLSearchParams(location.search);
const room = document.querySelector('matrix-room')!;
room.setAttribute('homeserver', params.get('homeserver') ?? '');
room.setAttribute('room', params.get('room') ?? '');
await import('../../../src/all.ts');
export {};
