/**
 * Stand-in for the `loglevel` package as matrix-js-sdk imports it (`lib/logger.js`: the module-level `logger`
 * many SDK files log through, and its child loggers). The real package (~4 kB minified) keeps per-name levels in
 * the page's localStorage and cookies and prints every debug line (the SDK's lazy-loading and sync chatter) to the
 * host page's console.
 *
 * Safe: the client matrix-embed creates logs through its own quiet logger (session.ts); what the SDK still logs
 * through this module goes, like that one, to the console only for warnings and errors. `methodFactory`,
 * `getLogger`, `setLevel`, `rebuild` and `levels` are what logger.js uses; a logger keeps its `prefix`.
 */
type Method = (...args: unknown[]) => void;
type Factory = (methodName: string, level: number, loggerName: string) => Method;

const levels = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4, SILENT: 5 } as const;
const METHODS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
const quiet: Method = () => {};

interface Logger extends Record<(typeof METHODS)[number] | 'log', Method> {
  prefix?: string;
  getChild?: unknown;
  methodFactory: Factory;
  setLevel(level: number, persist?: boolean): void;
  rebuild(): void;
}

const loggers = new Map<string, Logger>();

const loglevel = {
  levels,
  /** Replaced by logger.js (it looks the console methods up at each call). */
  methodFactory: ((name: string) => (...args: unknown[]) => (console as unknown as Record<string, Method>)[name]?.(...args)) as Factory,
  getLogger(name: string): Logger {
    let log = loggers.get(name);
    if (!log) {
      const made = {
        methodFactory: loglevel.methodFactory,
        setLevel() {
          made.rebuild();
        },
        rebuild() {
          for (const m of METHODS) made[m] = m === 'warn' || m === 'error' ? made.methodFactory.call(made, m, levels.WARN, name) : quiet;
          made.log = made.debug;
        },
      } as unknown as Logger;
      made.rebuild();
      loggers.set(name, (log = made));
    }
    return log;
  },
};

export default loglevel;

// The package's other names (the SDK uses none of them; the stand-in test wants every one).
const noop = (): void => {};
export const { getLogger, methodFactory } = loglevel;
export { levels };
export const trace: Method = quiet;
export const debug: Method = quiet;
export const info: Method = quiet;
export const log: Method = quiet;
export const warn: Method = (...args) => console.warn(...args);
export const error: Method = (...args) => console.error(...args);
export const name = undefined;
export const getLevel = (): number => levels.WARN;
export const getLoggers = (): Record<string, Logger> => Object.fromEntries(loggers);
export const noConflict = () => loglevel;
export { noop as disableAll, noop as enableAll, noop as rebuild, noop as resetLevel, noop as setDefaultLevel, noop as setLevel };
