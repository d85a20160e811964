import { domainErrorOf } from '@oneroof/platform';

/** Every code the case file answers with: case, persons, team, entries, emergency access: the `code` of its problem+json answers, which clients and tests rely on. */
export type CasesErrorCode =
  | 'NO_SUCH_CLOCK'
  | 'NO_SUCH_MATCH'
  | 'ALREADY_LINKED'
  | 'LINK_TO_ITSELF'
  | 'UNKNOWN_CASE'
  | 'CLOCK_NOT_BREACHED'
  | 'REPORTED_IN_FUTURE'
  | 'REPORTED_AFTER_OPENED'
  | 'ALREADY_MEMBER'
  | 'ALREADY_ON_TEAM'
  | 'ALREADY_REVIEWED'
  | 'CASE_NOT_FOUND'
  | 'GRANT_NOT_FOUND'
  | 'HANDOVER_OPEN'
  | 'LEAD_CANNOT_LEAVE'
  | 'MEMBER_NOT_FOUND'
  /** A user named in a body of any context is not on the team (membership-rules.ts requireTeamMembers). */
  | 'NOT_A_TEAM_MEMBER'
  | 'OWN_EMERGENCY_ACCESS'
  | 'PERSON_NOT_FOUND'
  | 'REASON_TOO_SHORT'
  | 'UNKNOWN_ENTRY'
  | 'UNKNOWN_PERSON'
  /** The team rule's answer for a handover's receiver (membership-rules.ts). */
  | 'UNKNOWN_RECEIVER'
  | 'UNKNOWN_USER';

export const CasesError = domainErrorOf<CasesErrorCode>();
