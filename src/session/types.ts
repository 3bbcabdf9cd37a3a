/**
 * SDK-free public data types shared by the session, the renderers and the elements. Everything here is plain
 * data (strings, numbers, arrays): it is what events carry in `detail` and what renderers consume.
 */

/** What went wrong, in a form a page author can show or log. Never contains a token. */
export interface MatrixErrorInfo {
  /** What the widget was doing: `discover`, `sign-in`, `register`, `join`, `send`, `load-room`, ... */
  operation: string;
  /** The Matrix errcode (`M_FORBIDDEN`, ...) or one of ours (`ME_UNREACHABLE`, `ME_NOT_MATRIX`, `ME_BAD_ATTRIBUTE`). */
  errcode: string;
  /** A sentence for a person. */
  message: string;
}
