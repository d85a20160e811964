import { domainErrorOf } from '@oneroof/platform';

/** Every code the access rule answers with (case-gate.ts): the `code` of its problem+json answers, which clients and tests rely on. */
export type AccessErrorCode = 'CASE_ACTION_FORBIDDEN' | 'CASE_CLOSED' | 'CASE_NOT_FOUND';

export const AccessError = domainErrorOf<AccessErrorCode>();
