/**
 * matrix-embed's classes and API, defining nothing: for pages and bundles that subclass the elements, define
 * them under other names or only use the session. `matrix-embed/classes.js`. Named exports only.
 */
export { VERSION } from './internal/version.ts';

// Elements
export { MatrixLogin } from './components/login/login.ts';
export { MatrixRoom } from './components/room/room.ts';
export { MatrixJoinButton, type JoinButtonSize, type JoinButtonVariant } from './components/join-button/join-button.ts';
export { MatrixChatLauncher, type LauncherPosition } from './components/chat-launcher/chat-launcher.ts';

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
