/** design.md §2: the case file and what it holds. */
export const CASE_STATUSES = ['intake', 'active', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const URGENCIES = ['acute', 'urgent', 'regular'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const REPORT_SOURCES = ['police', 'veilig_thuis', 'medical', 'school', 'family', 'other'] as const;
export type ReportSource = (typeof REPORT_SOURCES)[number];
/** design.md §8: the kinds of violence a case is about, read in the region's figures. */
export const VIOLENCE_TYPES = [
  'physical_abuse',
  'sexual_abuse',
  'emotional_abuse',
  'neglect',
  'witnessing_domestic_violence',
  'partner_violence',
  'elder_abuse',
  'honour_related',
  'other',
] as const;
export type ViolenceType = (typeof VIOLENCE_TYPES)[number];
/** The CBS code of a municipality: `GM` and four digits (design.md §8). */
export const MUNICIPALITY_CODE = /^GM[0-9]{4}$/;
export const FAMILY_ROLES = ['child', 'parent', 'step_parent', 'caregiver', 'sibling', 'partner', 'other_family', 'network'] as const;
export type FamilyRole = (typeof FAMILY_ROLES)[number];
export const INVOLVEMENTS = ['victim', 'alleged_perpetrator', 'witness', 'reporter', 'none'] as const;
export type Involvement = (typeof INVOLVEMENTS)[number];
export const TEAM_ROLES = ['lead', 'member'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
export const ENTRY_VISIBILITIES = ['team', 'discipline'] as const;
export type EntryVisibility = (typeof ENTRY_VISIBILITIES)[number];
export const ENTRY_KINDS = ['note', 'contact', 'observation', 'decision'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export interface Person {
  id: string;
  caseId: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string | null;
  familyRole: FamilyRole;
  involvement: Involvement;
  confidentialAddress: string | null;
  version: number;
}

export interface TeamMember {
  userId: string;
  role: TeamRole;
  since: Date;
}

export interface CaseSummary {
  id: string;
  reference: string;
  status: CaseStatus;
  urgency: Urgency;
  source: ReportSource;
  summary: string;
  leadUserId: string | null;
  openedAt: Date;
  /** When the report reached the centre; the clocks run from it (design.md §8). */
  reportedAt: Date;
  municipalityCode: string | null;
  violenceTypes: ViolenceType[];
  closedAt: Date | null;
  closeReason: string | null;
  version: number;
}

export interface CaseFile extends CaseSummary {
  persons: Person[];
  team: TeamMember[];
}

/**
 * A journal entry as one reader may see it. `restricted` entries show their existence, author and
 * date, nothing of their content: the masking happens in SQL (entries.service.ts).
 */
export interface Entry {
  id: string;
  caseId: string;
  authorId: string;
  authorDiscipline: string;
  visibility: EntryVisibility;
  createdAt: Date;
  restricted: boolean;
  kind: EntryKind | null;
  body: string | null;
  personIds: string[];
  correctsEntryId: string | null;
}

export interface TimelineItem {
  at: Date;
  kind: string;
  actorId: string | null;
  subjectId: string;
  restricted: boolean;
  restrictedTo: string | null;
  detail: Record<string, unknown> | null;
  disclosure: Record<string, unknown> | null;
}

export interface EmergencyAccessGrant {
  id: string;
  caseId: string;
  userId: string;
  reason: string;
  grantedAt: Date;
  expiresAt: Date;
  review: { verdict: 'justified' | 'unjustified'; note: string; reviewedBy: string; reviewedAt: Date } | null;
}
