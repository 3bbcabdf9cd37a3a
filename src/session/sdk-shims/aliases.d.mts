// Types of aliases.mjs (a plain ES module, so rollup.config.mjs and the dev server can load it without a compiler).
import type { Plugin } from 'rollup';

export const SDK_SHIMS_DIR: string;
export const SDK_SHIMS: Readonly<Record<string, string>>;
export function sdkShimKey(source: string, importer: string | undefined, shims?: Record<string, string>): string | undefined;
export function sdkShimFor(source: string, importer: string | undefined): string | undefined;
export function rollupSdkShims(options: { dir: string; shims?: Record<string, string> }): Plugin;
