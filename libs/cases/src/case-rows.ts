import { currentMembershipSql, fullViewDiscipline, type GrantedAccess } from '@oneroof/access';
import type { CaseStatus, CaseSummary, FamilyRole, Involvement, Person, ReportSource, Urgency, ViolenceType } from './case-model';

/** The columns of a case header plus its current lead, derived from the memberships. */
export const CASE_COLUMNS = `c.id, c.reference, c.status, c.urgency, c.source, c.summary, c.opened_at, c.reported_at, c.municipality_code, c.violence_types, c.closed_at, c.close_reason, c.version,
  (SELECT m.user_id FROM case_memberships m WHERE m.case_id = c.id AND m.role = 'lead' AND ${currentMembershipSql('m')}) AS lead_user_id`;

export interface CaseRow {
  id: string;
  reference: string;
  status: CaseStatus;
  urgency: Urgency;
  source: ReportSource;
  summary: string;
  opened_at: Date;
  reported_at: Date;
  municipality_code: string | null;
  violence_types: ViolenceType[];
  closed_at: Date | null;
  close_reason: string | null;
  version: number;
  lead_user_id: string | null;
}

export const toCaseSummary = (row: CaseRow): CaseSummary => ({
  id: row.id,
  reference: row.reference,
  status: row.status,
  urgency: row.urgency,
  source: row.source,
  summary: row.summary,
  leadUserId: row.lead_user_id,
  openedAt: row.opened_at,
  reportedAt: row.reported_at,
  municipalityCode: row.municipality_code,
  violenceTypes: row.violence_types,
  closedAt: row.closed_at,
  closeReason: row.close_reason,
  version: row.version,
});

const PERSON_FIELDS = `p.id, p.case_id, p.first_name, p.last_name, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
  p.family_role, p.involvement, p.confidential_address, p.version`;

/**
 * interview_count: "tell once" (design.md §1), the studio interviews the intake context recorded for
 * this person, read in SQL so that cases never imports intake (intake uses cases). It says who was
 * interviewed, which the interview listing shows only to those who read interviews in full (police
 * on the team or receiving an open handover; seesInterviewCounts); for every other reader it is null.
 */
export const personColumns = (withInterviewCount: boolean): string =>
  `${PERSON_FIELDS}, ${
    withInterviewCount ? `(SELECT count(*)::int FROM intake_interviews i WHERE i.person_id = p.id AND i.kind = 'studio')` : 'NULL::int'
  } AS interview_count`;

/**
 * Whether this reader is shown interview counts: only whoever sees interviews' subjects (design.md
 * §3: interviews are police records; others see their existence, author, date and disclosure).
 */
export const seesInterviewCounts = (access: Pick<GrantedAccess, 'purpose' | 'actor'>): boolean => fullViewDiscipline(access) === 'police';

export interface PersonRow {
  id: string;
  case_id: string;
  first_name: string;
  last_name: string;
  date_of_birth: string | null;
  family_role: FamilyRole;
  involvement: Involvement;
  confidential_address: string | null;
  version: number;
  interview_count: number | null;
}

export const toPerson = (row: PersonRow): Person & { interviewCount: number | null } => ({
  id: row.id,
  caseId: row.case_id,
  firstName: row.first_name,
  lastName: row.last_name,
  dateOfBirth: row.date_of_birth,
  familyRole: row.family_role,
  involvement: row.involvement,
  confidentialAddress: row.confidential_address,
  version: row.version,
  interviewCount: row.interview_count,
});
