// A React 19 component using every element; the @ts-expect-error lines fail the check if the typings go loose.
import type {} from 'matrix-embed/react';

export function Community({ onError }: { onError: (code: string) => void }) {
  return (
    <>
      <matrix-login homeserver="example.org" without-guest />
      <matrix-room
        room="#community:example.org"
        onmatrix-error={(e) => onError(e.detail.errcode)}
        onmatrix-after-send={(e) => console.log(e.detail.roomId, e.detail.eventId)}
      />
      <matrix-join-button room="#community:example.org" size="small" variant="outline" without-count />
      <matrix-chat-launcher room="#community:example.org" onmatrix-launcher-toggle={(e) => console.log(e.detail.open)} />
      {/* @ts-expect-error -- "huge" is not a size */}
      <matrix-join-button room="#community:example.org" size="huge" />
      {/* @ts-expect-error -- the room is a string */}
      <matrix-room room={42} />
      {/* @ts-expect-error -- no such field on the error's detail */}
      <matrix-room room="#a:example.org" onmatrix-error={(e) => e.detail.nope} />
    </>
  );
}
