import type { Discipline } from '@oneroof/identity';
import type { GrantedAccess } from './case-gate';

/** Matches no record's author discipline: the reader sees every restricted record as restricted. */
export const NO_FULL_VIEW = '';

/**
 * The discipline whose restricted records (discipline entries, interviews, examinations) this reader
 * sees in full (design.md §3): their own, as a team member or as the receiver of an open handover
 * (who reads the case "as a team member would"). Emergency access is team-level visibility: its
 * holder sees every restricted record, their own discipline's too, as the rest of the team does —
 * that it exists, who made it, when, and its disclosure. The SQL masks compare this value (`$2`)
 * with the record's author discipline.
 */
export function fullViewDiscipline(access: Pick<GrantedAccess, 'purpose' | 'actor'>): Discipline | typeof NO_FULL_VIEW {
  return access.purpose === 'team_member' || access.purpose === 'prospective_receiver' ? access.actor.discipline : NO_FULL_VIEW;
}
