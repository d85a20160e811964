import type { ConferenceStatus } from './conference-model';

/**
 * The case conference's state machine (design.md §7), pure so that every (state, action, party) is
 * a unit test: `planned` → `held` (the chair's record, once) or `cancelled` (any team member, with a
 * reason); a held conference is immutable, and only takes addenda from its participants. Scheduling
 * is the creation of a conference, not a transition of one.
 */
export const CONFERENCE_ACTIONS = ['reschedule', 'record', 'cancel', 'add_addendum'] as const;
export type ConferenceAction = (typeof CONFERENCE_ACTIONS)[number];

/** How a team member stands to this conference. Whoever is not on the team never gets this far (CaseGate). */
export const CONFERENCE_PARTIES = ['chair', 'participant', 'team_member'] as const;
export type ConferenceParty = (typeof CONFERENCE_PARTIES)[number];

export type ConferenceRefusal =
  /** 403: this party may see the conference but never take this action on it. */
  | 'CONFERENCE_PARTY_FORBIDDEN'
  /** 409: the conference is held: immutable, a correction is an addendum. */
  | 'CONFERENCE_HELD'
  /** 409: the conference was cancelled. */
  | 'CONFERENCE_CANCELLED'
  /** 409: an addendum corrects a record, and there is none yet. */
  | 'CONFERENCE_NOT_HELD';

export type ConferenceDecisionResult =
  { allowed: true; next: ConferenceStatus } | { allowed: false; code: ConferenceRefusal; kind: 'forbidden' | 'conflict' };

const PARTIES_OF: Record<ConferenceAction, readonly ConferenceParty[]> = {
  reschedule: ['chair', 'participant', 'team_member'],
  record: ['chair'],
  cancel: ['chair', 'participant', 'team_member'],
  add_addendum: ['chair', 'participant'],
};

const forbidden = (code: ConferenceRefusal): ConferenceDecisionResult => ({ allowed: false, code, kind: 'forbidden' });
const conflict = (code: ConferenceRefusal): ConferenceDecisionResult => ({ allowed: false, code, kind: 'conflict' });

/** The party is checked before the state, as for handovers: 403 whatever the state, 409 for "not now". */
export function decideConferenceTransition(
  state: ConferenceStatus,
  action: ConferenceAction,
  party: ConferenceParty,
): ConferenceDecisionResult {
  if (!PARTIES_OF[action].includes(party)) return forbidden('CONFERENCE_PARTY_FORBIDDEN');
  switch (state) {
    case 'cancelled':
      return conflict('CONFERENCE_CANCELLED');
    case 'planned':
      switch (action) {
        case 'reschedule':
          return { allowed: true, next: 'planned' };
        case 'record':
          return { allowed: true, next: 'held' };
        case 'cancel':
          return { allowed: true, next: 'cancelled' };
        case 'add_addendum':
          return conflict('CONFERENCE_NOT_HELD');
      }
      break;
    case 'held':
      switch (action) {
        case 'reschedule':
        case 'record':
        case 'cancel':
          return conflict('CONFERENCE_HELD');
        case 'add_addendum':
          return { allowed: true, next: 'held' };
      }
      break;
  }
  throw new Error(`unknown conference state ${String(state)} or action ${String(action)}`);
}

export const conferencePartyOf = (conference: { chairId: string; participantIds: string[] }, userId: string): ConferenceParty =>
  conference.chairId === userId ? 'chair' : conference.participantIds.includes(userId) ? 'participant' : 'team_member';
