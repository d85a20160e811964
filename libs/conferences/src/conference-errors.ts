import { domainErrorOf } from '@oneroof/platform';
import type { ConferenceRefusal } from './conference-state';

/** Every code conferences and safety plans answer with: the `code` of their problem+json answers, which clients and tests rely on. */
export type ConferenceErrorCode =
  | ConferenceRefusal
  | 'CONFERENCE_NOT_FOUND'
  | 'CONFERENCE_NOT_DUE'
  | 'CONFERENCE_RECORD_INCOMPLETE'
  | 'SAFETY_PLAN_NOT_FOUND'
  | 'AGREEMENT_NOT_FOUND'
  | 'AGREEMENT_WITHOUT_PERSONS'
  | 'UNKNOWN_ORGANISATION'
  | 'PERPETRATOR_GOAL_MISSING'
  | 'CHECK_IN_FUTURE';

export const ConferenceError = domainErrorOf<ConferenceErrorCode>();
