import { domainErrorOf } from '@oneroof/platform';

/** Every code the joint intake answers with: the `code` of its problem+json answers, which clients and tests rely on. */
export type IntakeErrorCode =
  | 'SUPPLEMENTARY_REQUIRED'
  | 'NOT_SUPPLEMENTARY'
  | 'ALREADY_DISCLOSED'
  | 'CONTRIBUTIONS_MISSING'
  | 'DISCIPLINE_REQUIRED'
  | 'HANDOVER_OPEN'
  | 'INTAKE_CONCLUDED'
  | 'INTAKE_EXISTS'
  | 'INTAKE_NOT_FOUND'
  | 'INTAKE_NOT_SCHEDULED'
  | 'IN_THE_FUTURE'
  | 'RECORD_NOT_FOUND'
  | 'UNKNOWN_USER';

export const IntakeError = domainErrorOf<IntakeErrorCode>();
