import { CHECKLIST_ITEMS, type Checklist } from './handover-model';

/** The checklist as a client may send it: anything may be missing, and is named if it is. */
export interface ChecklistInput {
  safetySituation?: string | null;
  risks?: string | null;
  safetyAgreements?: string | null;
  openActions?: string | null;
  involvedProfessionals?: string | null;
  expectations?: string | null;
  familyInformed?: boolean | null;
  familyNotInformedReason?: string | null;
}

const filled = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

/**
 * Every item the checklist lacks, in the order of design.md §2, so that one 422 names them all. A
 * text of only spaces counts as missing. The family item is met by `familyInformed: true` or by a
 * reason why the family was not informed; it is named `familyInformed`.
 */
export function missingChecklistItems(input: ChecklistInput | null | undefined): string[] {
  const checklist = input ?? {};
  const missing: string[] = CHECKLIST_ITEMS.filter((item) => !filled(checklist[item]));
  if (checklist.familyInformed !== true && !filled(checklist.familyNotInformedReason)) missing.push('familyInformed');
  return missing;
}

/** The stored checklist, trimmed; call only when nothing is missing. */
export function completeChecklist(input: ChecklistInput): Checklist {
  const text = (value: string | null | undefined) => (value ?? '').trim();
  const informed = input.familyInformed === true;
  return {
    safetySituation: text(input.safetySituation),
    risks: text(input.risks),
    safetyAgreements: text(input.safetyAgreements),
    openActions: text(input.openActions),
    involvedProfessionals: text(input.involvedProfessionals),
    expectations: text(input.expectations),
    familyInformed: informed,
    // A reason for not informing the family means nothing once the family is informed.
    familyNotInformedReason: informed ? null : text(input.familyNotInformedReason),
  };
}
