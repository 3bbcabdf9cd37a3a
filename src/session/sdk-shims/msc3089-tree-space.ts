import { unsupported } from './unsupported.ts';

/**
 * Stand-in for matrix-js-sdk `lib/models/MSC3089TreeSpace.js` (+ `MSC3089Branch.js`): MSC3089 file trees,
 * an unstable Element experiment. Safe: only `MatrixClient.unstableCreateFileTree()` and
 * `unstableGetFileTreeSpace()` use it, and matrix-embed calls neither. Both throw "not supported";
 * `unstableCreateFileTree()` does so before creating any room, because the power-level template it spreads into
 * its `createRoom` request refuses to be read.
 */
export const DEFAULT_TREE_POWER_LEVELS_TEMPLATE: Record<string, unknown> = new Proxy(
  {},
  {
    ownKeys() {
      throw unsupported('MSC3089 file trees');
    },
  },
);

export class MSC3089TreeSpace {
  constructor() {
    throw unsupported('MSC3089 file trees');
  }
}

export enum TreePermissions {
  Viewer = 'viewer',
  Editor = 'editor',
  Owner = 'owner',
}
