import { domainErrorOf } from '@oneroof/platform';

/** Every code the identity context answers with: sign-in, users, organisations, roles: the `code` of its problem+json answers, which clients and tests rely on. */
export type IdentityErrorCode =
  | 'EMAIL_TAKEN'
  | 'FIGURES_ONLY'
  | 'ANALYST_STANDS_ALONE'
  | 'WEAK_PASSWORD'
  | 'SESSION_ENDED'
  | 'SESSION_NOT_FOUND'
  | 'INVALID_CREDENTIALS'
  | 'LAST_ADMIN'
  | 'LOGIN_RATE_LIMITED'
  | 'ORGANISATION_NAME_TAKEN'
  | 'ROLE_REQUIRED'
  | 'UNAUTHENTICATED'
  | 'UNKNOWN_ORGANISATION'
  | 'USER_NOT_FOUND'
  | 'MFA_ENROLMENT_REQUIRED'
  | 'STEP_UP_REQUIRED'
  | 'MFA_ALREADY_ENROLLED'
  | 'MFA_NOT_PENDING'
  | 'MFA_NOT_ENROLLED'
  | 'MFA_CODE_INVALID';

export const IdentityError = domainErrorOf<IdentityErrorCode>();
