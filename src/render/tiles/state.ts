/**
 * One-line summaries of membership and room-state changes. Every name inside is untrusted → `<bdi>`. Each line is
 * one whole sentence for translators (`msg(html…)`), so a language can put the names where its grammar wants
 * them. Unknown setting values (future spec versions, hostile events) get a neutral sentence, never the raw value.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg } from '../../session/texts.ts';
import type { TimelineItem } from '../../session/types.ts';

function name(text: string): TemplateResult {
  return html`<bdi>${text}</bdi>`;
}

/** Sentence for an `m.room.member` event ("Ana joined", "Bo was banned by Cy: spam", ...). */
export function renderMembership(item: TimelineItem): TemplateResult {
  const m = item.membership;
  if (!m) return html`<div class="state-line">${msg('Membership changed')}</div>`;
  const target = name(m.targetDisplayName);
  const actor = name(item.sender.displayName);
  const self = item.sender.userId === m.targetUserId;
  const reason = m.reason ? html`: <bdi class="reason">${m.reason}</bdi>` : nothing;
  let line: TemplateResult;
  switch (m.membership) {
    case 'join':
      if (m.prevMembership === 'join') {
        line = m.prevDisplayName !== undefined
          ? msg(html`${name(m.prevDisplayName)} changed their name to ${target}`)
          : m.avatarChanged ? msg(html`${target} changed their avatar`) : msg(html`${target} updated their profile`);
      } else {
        line = msg(html`${target} joined`);
      }
      break;
    case 'leave':
      if (m.prevMembership === 'ban') line = msg(html`${target} was unbanned by ${actor}`);
      else if (m.prevMembership === 'invite' && self) line = msg(html`${target} declined the invitation`);
      else if (m.prevMembership === 'invite') line = msg(html`${actor} withdrew ${target}'s invitation`);
      else if (self) line = msg(html`${target} left`);
      else line = html`${msg(html`${target} was removed by ${actor}`)}${reason}`;
      break;
    case 'invite':
      line = msg(html`${actor} invited ${target}`);
      break;
    case 'ban':
      line = html`${msg(html`${target} was banned by ${actor}`)}${reason}`;
      break;
    case 'knock':
      line = html`${msg(html`${target} asked to join`)}${reason}`;
      break;
    default:
      line = msg(html`${target}'s membership changed`);
  }
  return html`<div class="state-line membership" data-membership=${m.membership}>${line}</div>`;
}

function historyVisibilityLine(actor: TemplateResult, value: string | undefined): TemplateResult {
  switch (value) {
    case 'world_readable': return msg(html`${actor} made the history readable by anyone`);
    case 'shared': return msg(html`${actor} made the history readable by all members, including messages from before they joined`);
    case 'invited': return msg(html`${actor} made the history readable by members from the time they were invited`);
    case 'joined': return msg(html`${actor} made the history readable by members from the time they joined`);
    default: return msg(html`${actor} changed who can read the history`);
  }
}

function joinRuleLine(actor: TemplateResult, value: string | undefined): TemplateResult {
  switch (value) {
    case 'public': return msg(html`${actor} made the room open for anyone to join`);
    case 'invite':
    case 'private': return msg(html`${actor} made the room invite-only`);
    case 'knock': return msg(html`${actor} made the room open to join requests`);
    case 'restricted': return msg(html`${actor} limited joining to members of certain spaces`);
    case 'knock_restricted': return msg(html`${actor} limited joining to members of certain spaces, others can ask to join`);
    default: return msg(html`${actor} changed who can join`);
  }
}

/** Sentence for a room state event (name, topic, alias, rules, ...). */
export function renderStateChange(item: TimelineItem): TemplateResult {
  const actor = name(item.sender.displayName);
  const s = item.state;
  let line: TemplateResult;
  switch (item.type) {
    case 'm.room.create':
      line = msg(html`${actor} created the room`);
      break;
    case 'm.room.name':
      line = s?.name ? msg(html`${actor} renamed the room to ${name(s.name)}`) : msg(html`${actor} removed the room name`);
      break;
    case 'm.room.topic':
      line = s?.topic ? msg(html`${actor} changed the topic to ${name(s.topic)}`) : msg(html`${actor} removed the topic`);
      break;
    case 'm.room.avatar':
      line = msg(html`${actor} changed the room avatar`);
      break;
    case 'm.room.canonical_alias':
      line = s?.alias ? msg(html`${actor} set the room address to ${name(s.alias)}`) : msg(html`${actor} changed the room addresses`);
      break;
    case 'm.room.join_rules':
      line = joinRuleLine(actor, s?.joinRule);
      break;
    case 'm.room.history_visibility':
      line = historyVisibilityLine(actor, s?.historyVisibility);
      break;
    case 'm.room.encryption':
      line = msg(html`${actor} turned on end-to-end encryption`);
      break;
    case 'm.room.tombstone':
      line = msg(html`${actor} upgraded this room`);
      break;
    default:
      line = msg(html`${actor} changed the room settings`);
  }
  return html`<div class="state-line" data-state-type=${item.type}>${line}</div>`;
}
