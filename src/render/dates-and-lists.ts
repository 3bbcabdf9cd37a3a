/**
 * Dates, times and lists in the active locale (session/texts.ts), each Intl formatter made once per locale (a
 * tile's time was a new formatter per tile). Apart from texts.ts so that the join button's first paint, which
 * shows none of them, does not carry them.
 */
import { intlFor } from '../session/texts.ts';

/** A time of day the active locale's way ("14:05", "02:05 PM"). */
export function formatTimeOfDay(date: Date): string {
  return intlFor('time', (l) => new Intl.DateTimeFormat(l, { hour: '2-digit', minute: '2-digit' })).format(date);
}

/** A day the active locale's way ("Tuesday, March 5, 2024", "Dienstag, 5. März 2024"). */
export function formatLongDate(date: Date): string {
  return intlFor('day', (l) => new Intl.DateTimeFormat(l, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' })).format(date);
}

/** Names joined the active locale's way ("Ana, Bo, and Cy", "Ana, Bo und Cy"). */
export function formatList(items: string[]): string {
  return intlFor('list', (l) => new Intl.ListFormat(l, { type: 'conjunction' })).format(items);
}
