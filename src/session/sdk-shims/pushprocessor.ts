import { PushRuleKind } from 'matrix-js-sdk/lib/@types/PushRules.js';
import type { IAnnotatedPushRule, IPushRule, IPushRules, PushRuleAction, TweakName } from 'matrix-js-sdk/lib/@types/PushRules.js';
import type { MatrixClient } from 'matrix-js-sdk/lib/client.js';
import type { MatrixEvent } from 'matrix-js-sdk/lib/models/event.js';
import { globToRegexp } from 'matrix-js-sdk/lib/utils.js';
import { unsupported } from './unsupported.ts';

/**
 * Stand-in for matrix-js-sdk `lib/pushprocessor.js`: the client-side push-rule evaluator (its condition
 * matchers and the built-in default rules it merges into the server's, ~8 kB minified).
 *
 * Safe: the SDK asks it for an event's push actions (`MatrixClient.getPushActionsForEvent`) only to compute
 * client-side HIGHLIGHT counts (`Room.clearNotificationsOnReceipt`, encrypted rooms; `fixNotificationCountOnDecryption`,
 * decrypted events — matrix-embed decrypts nothing) and to fill the notification timeline set (only when a client
 * calls `setNotifTimelineSet`, which matrix-embed never does). matrix-embed reads neither push actions nor
 * highlight counts: its unread badge (src/session/unread.ts) uses the TOTAL count, which comes from the server's
 * `unread_notifications` (computed by the server with the real rules) and which the SDK changes client-side only
 * on decryption. src/session/sdk.ts already starts the client with an empty rule set (`GET /pushrules/` skipped),
 * so for the rules the client starts with the real processor matched nothing either; this one matches nothing
 * whatever rules arrive later (`m.push_rules` account data): `actionsAndRuleForEvent` answers `{}`, exactly the
 * real processor's "no rule matched", which every caller in the SDK handles (`actions?.notify`, `?.tweaks`).
 * The rules themselves are kept as the server sent them (`client.pushRules`, `getPushRuleById`), without the
 * SDK's client-side default rules merged in. Evaluating a rule on purpose (`ruleMatchesEvent`) is not supported.
 * test/build/sdk-shims.test.ts checks that this class has every public member of the real one.
 */
export class PushProcessor {
  static cachedGlobToRegex: Record<string, RegExp> = {};

  constructor(private readonly client: MatrixClient) {}

  /** As the SDK's: `['notify', { set_tweak: 'sound', value: 'default' }]` → `{ notify: true, tweaks: { sound: 'default' } }`. */
  static actionListToActionsObject(actionList: PushRuleAction[]): { notify: boolean; tweaks: Partial<Record<TweakName, unknown>> } {
    const actionObj = { notify: false, tweaks: {} as Partial<Record<TweakName, unknown>> };
    for (const action of actionList) {
      if (action === 'notify') actionObj.notify = true;
      else if (typeof action === 'object') {
        if (action.value === undefined) action.value = true;
        actionObj.tweaks[action.set_tweak] = action.value;
      }
    }
    return actionObj;
  }

  /** A deep copy of the rules with the rule lists the SDK expects, WITHOUT the SDK's client-side defaults merged in. */
  static rewriteDefaultRules(_logger: unknown, incomingRules: IPushRules, _userId?: string): IPushRules {
    const rules = (JSON.parse(JSON.stringify(incomingRules ?? {})) ?? {}) as IPushRules;
    rules.global ??= {};
    rules.global.override ??= [];
    rules.global.underride ??= [];
    return rules;
  }

  /** As the SDK's (a cached RegExp for a push-rule glob). */
  static getPushRuleGlobRegex(pattern: string, alignToWordBoundary = false, flags = 'i'): RegExp {
    const [prefix, suffix] = alignToWordBoundary ? ['(?<=^|\\W)', '(?=\\W|$)'] : ['^', '$'];
    const key = `${alignToWordBoundary}-${flags}-${pattern}`;
    return (PushProcessor.cachedGlobToRegex[key] ??= new RegExp(prefix + '(' + globToRegexp(pattern) + ')' + suffix, flags));
  }

  /** As the SDK's: a dotted condition key split into its unescaped parts (`\.` and `\\` are escapes). */
  static partsForDottedKey(str: string): string[] {
    const result: string[] = [];
    let part = '';
    let escaped = false;
    for (const c of str) {
      if (escaped) {
        part += c === '\\' || c === '.' ? c : '\\' + c;
        escaped = false;
      } else if (c === '.') {
        result.push(part);
        part = '';
      } else if (c === '\\') escaped = true;
      else part += c;
    }
    result.push(escaped ? part + '\\' : part);
    return result;
  }

  /** Nothing to pre-compute: no condition is ever evaluated. */
  updateCachedPushRuleKeys(_newRules: IPushRules): void {}

  ruleMatchesEvent(_rule: Partial<IPushRule>, _ev: MatrixEvent): boolean {
    throw unsupported('Evaluating push rules');
  }

  /** No rule matches: no actions (what the SDK's answers when no rule matches). */
  actionsForEvent(_ev: MatrixEvent): { notify?: boolean; tweaks?: Record<string, unknown> } {
    return {};
  }

  /** No rule matches (the SDK's answer then is `{}` too). */
  actionsAndRuleForEvent(_ev: MatrixEvent): { actions?: never; rule?: IAnnotatedPushRule } {
    return {};
  }

  /** As the SDK's: a rule of the client's rules by id. */
  getPushRuleById(ruleId: string): IPushRule | null {
    return this.getPushRuleAndKindById(ruleId)?.rule ?? null;
  }

  /** As the SDK's: a rule of the client's rules (`global` scope) and its kind, by id. */
  getPushRuleAndKindById(ruleId: string): { rule: IPushRule; kind: PushRuleKind } | null {
    const global = this.client.pushRules?.global;
    if (!global) return null;
    for (const kind of [PushRuleKind.Override, PushRuleKind.ContentSpecific, PushRuleKind.RoomSpecific, PushRuleKind.SenderSpecific, PushRuleKind.Underride]) {
      const rule = global[kind]?.find((r) => r.rule_id === ruleId);
      if (rule) return { rule, kind };
    }
    return null;
  }
}
