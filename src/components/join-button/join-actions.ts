/**
 * What `<matrix-join-button>` needs only once the visitor clicks: the join itself (through the one join of every
 * element, `session/join.ts`) and the sign-in dialog's template. Loaded on the first click, not with the button.
 */
import { html, type TemplateResult } from 'lit';
import { closeIcon } from '../../internal/icons.ts';
import type { RoomAddress } from '../../session/room-address.ts';
import type { MatrixSession } from '../../session/session.ts';
import type { MatrixErrorInfo } from '../../session/types.ts';

/** Joins `address` (by room id once known) as the session's user: the room id, or the `matrix-error` to report. */
export async function joinAs(session: MatrixSession, address: RoomAddress, knownRoomId: string | undefined): Promise<{ roomId: string } | { error: MatrixErrorInfo }> {
  try {
    const [{ joinRoom }, client] = await Promise.all([import('../../session/join.ts'), session.client()]);
    const target = address.kind === 'alias' ? address.value : (knownRoomId ?? address.value);
    return { roomId: await joinRoom(client, target, address.via) };
  } catch (e) {
    const failure = e as { name?: string; errcode?: string; message?: string };
    const joinError = failure?.name === 'JoinError';
    const errcode = failure?.errcode ?? 'M_UNKNOWN';
    return { error: { operation: 'join', errcode, message: joinError && failure.message ? failure.message : 'Joining the room failed. Try again.' } };
  }
}

/** The sign-in dialog: a modal with the room's name and a `<matrix-login>`. */
export function joinDialog(d: { id: string; name: string; homeserver: string; onClose: () => void; close: () => void }): TemplateResult {
  const titleId = `${d.id}-title`;
  return html`<dialog part="dialog" aria-labelledby=${titleId} aria-describedby=${`${d.id}-desc`} @close=${d.onClose}>
    <div class="dialog-head">
      <h2 id=${titleId}>Join <bdi>${d.name}</bdi></h2>
      <button type="button" class="close" aria-label="Close" @click=${d.close}>${closeIcon()}</button>
    </div>
    <p id=${`${d.id}-desc`} class="dialog-text">Sign in or create an account. You join the room as soon as you are signed in.</p>
    ${d.homeserver ? html`<matrix-login homeserver=${d.homeserver}></matrix-login>` : html`<matrix-login></matrix-login>`}
  </dialog>`;
}
