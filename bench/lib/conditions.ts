/**
 * What a page is measured under: a CPU slow-down and an added network round trip, both through DevTools
 * (`Emulation.setCPUThrottlingRate`, `Network.emulateNetworkConditions`). On 127.0.0.1 a request costs well under
 * a millisecond, so the plain CPU conditions cannot show what a round trip saved; the RTT condition adds one to
 * every request the page makes (to the static server and the homeserver alike), as a phone's network would.
 */
export interface Condition {
  /** CPU slow-down factor (1 = none). */
  cpu: number;
  /** Added to every request's round trip, ms (0 = none). */
  rttMs: number;
}

/** The condition's key in bench/results.json: `1x`, `4x`, `1x+80ms`. */
export const conditionKey = (c: Condition): string => `${c.cpu}x${c.rttMs ? `+${c.rttMs}ms` : ''}`;

/** How the report names a key: `1x CPU`, `1x CPU, 80 ms RTT`. */
export function conditionLabel(key: string): string {
  const m = /^(\d+(?:\.\d+)?)x(?:\+(\d+)ms)?$/.exec(key);
  return m ? `${m[1]}x CPU${m[2] ? `, ${m[2]} ms RTT` : ''}` : key;
}
