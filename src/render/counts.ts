import { formatNumber, msg, plural, str } from '../session/texts.ts';

/** "1 member", "1,234 members" ("1.234 Mitglieder"): in the locale being rendered, by its plural rules. */
export function memberCountText(n: number): string {
  const count = formatNumber(n);
  return plural(n, msg(str`${count} member`), msg(str`${count} members`));
}
