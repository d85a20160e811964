import { CONTRIBUTING_DISCIPLINES, type ContributingDiscipline, type Waiver } from './intake-model';

export type Contributions = Record<ContributingDiscipline, number>;

/**
 * design.md §2: concluding needs a contribution from each of police, forensic medicine and social
 * work, or a waiver with a reason for each one missing. Returns what is still missing, in the
 * fixed order of CONTRIBUTING_DISCIPLINES; empty when the intake may be concluded.
 */
export function missingContributions(contributions: Contributions, waivers: Waiver[] = []): ContributingDiscipline[] {
  const waived = new Set(waivers.filter((w) => w.reason.trim().length > 0).map((w) => w.discipline));
  return CONTRIBUTING_DISCIPLINES.filter((discipline) => (contributions[discipline] ?? 0) === 0 && !waived.has(discipline));
}
