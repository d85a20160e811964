import type { Schemas } from '@oneroof/api-client';
import type { User } from '../../session/session';

/** The case as the API answered it, for the pages under a case (intake, follow-ups). */
export type CaseData = Schemas['CaseResponse'];

/** What the discipline forms need of the case: its persons and team by name, and who is writing. */
export interface CaseContext {
  caseId: string;
  me: User;
  persons: { id: string; name: string }[];
  team: { userId: string; name: string }[];
}

/** The values of design.md §2, in the order the forms offer them. */
export const SAFETY = ['unsafe', 'conditionally_safe', 'safe'] as const;
export const CONTRIBUTING = ['police', 'forensic_medicine', 'social_work'] as const;
export const ACTION_KINDS = ['home_visit', 'phone_call', 'meeting', 'case_conference', 'other'] as const;
