import { domainErrorOf } from '@oneroof/platform';
import type { TransitionRefusal } from './handover-state';

/** Every code the warm transfer answers with; the state machine's refusals are its own union (handover-state.ts): the `code` of its problem+json answers, which clients and tests rely on. */
export type HandoverErrorCode =
  | 'CASE_NOT_FOUND'
  | 'CHECKLIST_INCOMPLETE'
  | 'COORDINATOR_REQUIRED'
  | 'HANDOVER_ALREADY_OPEN'
  | 'HANDOVER_NOT_FOUND'
  | 'MEETING_BEFORE_PROPOSAL'
  | 'MEETING_IN_FUTURE'
  | 'MEETING_PARTIES_ABSENT'
  | 'NOT_CONFIRMED_INFORMED'
  | 'RECEIVER_IS_SENDER'
  | 'RECEIVER_ON_TEAM'
  | 'RESPOND_BY_IN_PAST'
  | 'SENDER_DEACTIVATED'
  | 'SENDER_NOT_ON_TEAM'
  | 'UNKNOWN_PARTICIPANT'
  | 'UNKNOWN_RECEIVER'
  | TransitionRefusal;

export const HandoverError = domainErrorOf<HandoverErrorCode>();
