/**
 * matrix-embed: importing this module defines every element. Named exports only.
 * The classes are exported too, for pages that want to subclass them or define them under other names.
 */
import { defineElement } from './internal/define.ts';
import { MatrixLogin } from './components/login/login.ts';
import { MatrixRoom } from './components/room/room.ts';
import { MatrixJoinButton } from './components/join-button/join-button.ts';
import { MatrixChatLauncher } from './components/chat-launcher/chat-launcher.ts';

defineElement('matrix-login', MatrixLogin);
defineElement('matrix-room', MatrixRoom);
defineElement('matrix-join-button', MatrixJoinButton);
defineElement('matrix-chat-launcher', MatrixChatLauncher);

export { VERSION } from './internal/version.ts';

// Elements
export { MatrixLogin, MatrixRoom, MatrixJoinButton, MatrixChatLauncher };
export type { JoinButtonSize, JoinButtonVariant } from './components/join-button/join-button.ts';
export type { LauncherPosition } from './components/chat-launcher/chat-launcher.ts';

// The shared session, for pages that build their own UI
export { getSession } from './session/get-session.ts';
export { MatrixSession } from './session/session.ts';
export type {
  SessionUser, SignInOptions, RegisterOptions, OAuthOptions, ServerAuth, UiaHandler, UiaStep, UiaAnswer, Policy,
} from './session/session.ts';
export type { SessionStatus, MatrixErrorInfo, RoomSummary, TimelineItem } from './session/types.ts';

// Events
export { MatrixErrorEvent } from './events/matrix-error.ts';
export { MatrixLoginEvent, type MatrixSessionDetail } from './events/matrix-login.ts';
export { MatrixAfterLoginEvent } from './events/matrix-after-login.ts';
export { MatrixLogoutEvent } from './events/matrix-logout.ts';
export { MatrixAfterLogoutEvent } from './events/matrix-after-logout.ts';
export { MatrixJoinEvent } from './events/matrix-join.ts';
export { MatrixAfterJoinEvent } from './events/matrix-after-join.ts';
export { MatrixSendEvent } from './events/matrix-send.ts';
export { MatrixAfterSendEvent } from './events/matrix-after-send.ts';
export { MatrixMessageEvent } from './events/matrix-message.ts';
export { MatrixLauncherToggleEvent, type LauncherToggleDetail } from './events/matrix-launcher-toggle.ts';
