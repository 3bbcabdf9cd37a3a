/**
 * The budgets of issues 6 and 14. A budget whose figure could not be measured (an element not built yet, a page that
 * never showed its content) fails too: a missing figure is not a met budget.
 */
import { kB } from './bytes.ts';
import { conditionLabel } from './conditions.ts';

export interface BudgetCheck {
  name: string;
  limit: string;
  actual: string;
  pass: boolean;
  /** How far over (or under) the limit, in the budget's unit; positive = over. */
  over?: string;
  note?: string;
}

export interface BudgetInputs {
  entryGzip: number | null;
  /** What a page with one join button / one sign-in form fetched before its first paint. */
  joinButtonGzip: number | null;
  signInFormGzip: number | null;
  liveRoomGzip: number | null;
  /** ours / plain SDK, medians of the same run, per CPU throttle. */
  roomRatio: Record<string, number | null>;
  /** The same on a repeat visit (HTTP cache on; ours painted from its IndexedDB cache), both pages' repeat visits. */
  roomRepeatRatio: Record<string, number | null>;
  scrollBack: { maxTimelineNodes: number; longestTaskMs: number; reachedStart: boolean } | null;
}

export const BUDGETS = {
  entryGzipBytes: 4_000,
  joinButtonGzipBytes: 25_000,
  signInFormGzipBytes: 40_000,
  liveRoomGzipBytes: 170_000,
  roomRatio: 0.6,
  roomRepeatRatio: 0.4,
  scrollBackNodes: 1_500,
  scrollBackLongestTaskMs: 50,
} as const;

export function checkBudgets(i: BudgetInputs): BudgetCheck[] {
  const checks: BudgetCheck[] = [];
  const bytes = (name: string, actual: number | null, limit: number, note: string) => {
    checks.push(
      actual === null
        ? { name, limit: `≤ ${kB(limit)} kB gzip`, actual: 'not measured', pass: false, note }
        : {
            name,
            limit: `≤ ${kB(limit)} kB gzip`,
            actual: `${kB(actual)} kB`,
            pass: actual <= limit,
            over: `${actual > limit ? '+' : ''}${kB(actual - limit)} kB (${(actual / limit).toFixed(2)}×)`,
          },
    );
  };
  bytes('Entry module (page with the script tag)', i.entryGzip, BUDGETS.entryGzipBytes, 'entry page did not load');
  bytes('Page with one join button, before its first paint', i.joinButtonGzip, BUDGETS.joinButtonGzipBytes, 'the join button did not paint');
  bytes('Page with the sign-in form, before its first paint', i.signInFormGzip, BUDGETS.signInFormGzipBytes, 'the sign-in form did not paint');
  bytes('Live room with composer, all chunks', i.liveRoomGzip, BUDGETS.liveRoomGzipBytes, '<matrix-room> did not show a live room');
  const ratios = (what: string, byThrottle: Record<string, number | null>, limit: number) => {
    for (const [throttle, ratio] of Object.entries(byThrottle)) {
      const name = `${what} vs plain SDK (${conditionLabel(throttle)})`;
      checks.push(
        ratio === null
          ? { name, limit: `≤ ${limit}×`, actual: 'not measured', pass: false, note: 'one of the two pages never showed 20 messages' }
          : { name, limit: `≤ ${limit}×`, actual: `${ratio.toFixed(2)}×`, pass: ratio <= limit, over: `${ratio > limit ? '+' : ''}${(ratio - limit).toFixed(2)}×` },
      );
    }
  };
  ratios('Last 20 messages visible', i.roomRatio, BUDGETS.roomRatio);
  ratios('Repeat visit: last 20 messages visible', i.roomRepeatRatio, BUDGETS.roomRepeatRatio);
  const s = i.scrollBack;
  checks.push(
    s === null
      ? { name: '10,000-message scroll-back: timeline DOM nodes', limit: `≤ ${BUDGETS.scrollBackNodes}`, actual: 'not measured', pass: false }
      : {
          name: '10,000-message scroll-back: timeline DOM nodes',
          limit: `≤ ${BUDGETS.scrollBackNodes}`,
          actual: String(s.maxTimelineNodes),
          pass: s.maxTimelineNodes <= BUDGETS.scrollBackNodes && s.reachedStart,
          over: `${s.maxTimelineNodes > BUDGETS.scrollBackNodes ? '+' : ''}${s.maxTimelineNodes - BUDGETS.scrollBackNodes}`,
          note: s.reachedStart ? undefined : 'did not reach the first message within the time limit',
        },
    s === null
      ? { name: '10,000-message scroll-back: longest task (1× CPU)', limit: `≤ ${BUDGETS.scrollBackLongestTaskMs} ms`, actual: 'not measured', pass: false }
      : {
          name: '10,000-message scroll-back: longest task (1× CPU)',
          limit: `≤ ${BUDGETS.scrollBackLongestTaskMs} ms`,
          // The Long Tasks API reports only tasks over 50 ms: 0 means none was.
          actual: s.longestTaskMs ? `${s.longestTaskMs} ms` : 'no task over 50 ms',
          pass: s.longestTaskMs <= BUDGETS.scrollBackLongestTaskMs,
          over: s.longestTaskMs ? `${s.longestTaskMs > BUDGETS.scrollBackLongestTaskMs ? '+' : ''}${Math.round(s.longestTaskMs - BUDGETS.scrollBackLongestTaskMs)} ms` : '',
        },
  );
  return checks;
}
