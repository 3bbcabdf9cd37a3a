/** One-line summaries of membership and room-state changes. Every name inside is untrusted → `<bdi>`. */
import { html, nothing, type TemplateResult } from 'lit';
import type { TimelineItem } from '../../session/types.ts';
import { historyVisibilityPhrase, joinRulePhrase } from './state-words.ts';

function name(text: string): TemplateResult {
  return html`<bdi>${text}</bdi>`;
}

/** Sentence for an `m.room.member` event ("Ana joined", "Bo was banned by Cy: spam", ...). */
export function renderMembership(item: TimelineItem): TemplateResult {
  const m = item.membership;
  if (!m) return html`<div class="state-line">Membership changed</div>`;
  const target = name(m.targetDisplayName);
  const actor = name(item.sender.displayName);
  const self = item.sender.userId === m.targetUserId;
  const reason = m.reason ? html`: <bdi class="reason">${m.reason}</bdi>` : nothing;
  let line: TemplateResult;
  switch (m.membership) {
    case 'join':
      if (m.prevMembership === 'join') {
        line = m.prevDisplayName !== undefined
          ? html`${name(m.prevDisplayName)} changed their name to ${target}`
          : m.avatarChanged ? html`${target} changed their avatar` : html`${target} updated their profile`;
      } else {
        line = html`${target} joined`;
      }
      break;
    case 'leave':
      if (m.prevMembership === 'ban') line = html`${target} was unbanned by ${actor}`;
      else if (m.prevMembership === 'invite' && self) line = html`${target} declined the invitation`;
      else if (m.prevMembership === 'invite') line = html`${actor} withdrew ${target}'s invitation`;
      else if (self) line = html`${target} left`;
      else line = html`${target} was removed by ${actor}${reason}`;
      break;
    case 'invite':
      line = html`${actor} invited ${target}`;
      break;
    case 'ban':
      line = html`${target} was banned by ${actor}${reason}`;
      break;
    case 'knock':
      line = html`${target} asked to join${reason}`;
      break;
    default:
      line = html`${target}'s membership changed`;
  }
  return html`<div class="state-line membership" data-membership=${m.membership}>${line}</div>`;
}

/** Sentence for a room state event (name, topic, alias, rules, ...). */
export function renderStateChange(item: TimelineItem): TemplateResult {
  const actor = name(item.sender.displayName);
  const s = item.state;
  let line: TemplateResult;
  switch (item.type) {
    case 'm.room.create':
      line = html`${actor} created the room`;
      break;
    case 'm.room.name':
      line = s?.name ? html`${actor} renamed the room to ${name(s.name)}` : html`${actor} removed the room name`;
      break;
    case 'm.room.topic':
      line = s?.topic ? html`${actor} changed the topic to ${name(s.topic)}` : html`${actor} removed the topic`;
      break;
    case 'm.room.avatar':
      line = html`${actor} changed the room avatar`;
      break;
    case 'm.room.canonical_alias':
      line = s?.alias ? html`${actor} set the room address to ${name(s.alias)}` : html`${actor} changed the room addresses`;
      break;
    case 'm.room.join_rules':
      line = html`${actor} ${joinRulePhrase(s?.joinRule)}`;
      break;
    case 'm.room.history_visibility':
      line = html`${actor} ${historyVisibilityPhrase(s?.historyVisibility)}`;
      break;
    case 'm.room.encryption':
      line = html`${actor} turned on end-to-end encryption`;
      break;
    case 'm.room.tombstone':
      line = html`${actor} upgraded this room`;
      break;
    default:
      line = html`${actor} changed the room settings`;
  }
  return html`<div class="state-line" data-state-type=${item.type}>${line}</div>`;
}
