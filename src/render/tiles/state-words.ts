/**
 * Plain-language phrases for room settings, so a state line reads as a sentence
 * ("made the history readable by anyone") rather than the protocol value ("world_readable").
 * Unknown values (future spec versions, hostile events) get a neutral phrase, never the raw value.
 */

const historyPhrases: Record<string, string> = {
  world_readable: 'made the history readable by anyone',
  shared: 'made the history readable by all members, including messages from before they joined',
  invited: 'made the history readable by members from the time they were invited',
  joined: 'made the history readable by members from the time they joined',
};

const joinRulePhrases: Record<string, string> = {
  public: 'made the room open for anyone to join',
  invite: 'made the room invite-only',
  knock: 'made the room open to join requests',
  restricted: 'limited joining to members of certain spaces',
  knock_restricted: 'limited joining to members of certain spaces, others can ask to join',
  private: 'made the room invite-only',
};

/** Phrase for an `m.room.history_visibility` value, without the actor. */
export function historyVisibilityPhrase(value: string | undefined): string {
  return (value !== undefined && Object.hasOwn(historyPhrases, value) ? historyPhrases[value] : undefined) ?? 'changed who can read the history';
}

/** Phrase for an `m.room.join_rules` value, without the actor. */
export function joinRulePhrase(value: string | undefined): string {
  return (value !== undefined && Object.hasOwn(joinRulePhrases, value) ? joinRulePhrases[value] : undefined) ?? 'changed who can join';
}
