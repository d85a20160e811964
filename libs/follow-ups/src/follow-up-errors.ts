import { domainErrorOf } from '@oneroof/platform';

/** Every code follow-ups answer with: the `code` of its problem+json answers, which clients and tests rely on. */
export type FollowUpErrorCode = 'AFTERCARE_OUTCOME_REQUIRED' | 'FOLLOW_UP_CLOSED' | 'FOLLOW_UP_NOT_FOUND';

export const FollowUpError = domainErrorOf<FollowUpErrorCode>();
