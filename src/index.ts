/**
 * matrix-embed: importing this module defines every element. Named exports only.
 * The classes are exported too, for pages that want to subclass or define them under other names.
 */
export { VERSION } from './internal/version.ts';
export { MatrixErrorEvent } from './events/matrix-error.ts';
export type { MatrixErrorInfo } from './session/types.ts';
