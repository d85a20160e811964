/** design.md §2: the joint intake and the disciplines' contributions to it. */
export const INTAKE_STATUSES = ['planned', 'concluded'] as const;
export type IntakeStatus = (typeof INTAKE_STATUSES)[number];

export const INTERVIEW_KINDS = ['studio', 'witness', 'suspect', 'reporter'] as const;
export type InterviewKind = (typeof INTERVIEW_KINDS)[number];

export const EXAMINATION_CONTEXTS = ['forensic', 'treating'] as const;
export type ExaminationContext = (typeof EXAMINATION_CONTEXTS)[number];

export const EXAMINATION_CONCLUSIONS = ['consistent_with_inflicted', 'consistent_with_accidental', 'inconclusive', 'no_findings'] as const;
export type ExaminationConclusion = (typeof EXAMINATION_CONCLUSIONS)[number];

export const ASSESSMENT_INSTRUMENTS = ['LIRIK', 'ARIJ', 'other'] as const;
export type AssessmentInstrument = (typeof ASSESSMENT_INSTRUMENTS)[number];

export const SAFETY_LEVELS = ['unsafe', 'conditionally_safe', 'safe'] as const;
export type Safety = (typeof SAFETY_LEVELS)[number];

/** The grounds on which a discipline may share part of its restricted record (Wpg, medical secrecy). */
export const LEGAL_BASES = ['consent', 'statutory_duty', 'right_to_report', 'conflict_of_duties', 'data_sharing_agreement'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/** Who writes which record (design.md §3); the intake is concluded once each has contributed or is waived. */
export const RECORD_DISCIPLINE = {
  interview: 'police',
  examination: 'forensic_medicine',
  assessment: 'social_work',
} as const;
export type RecordType = keyof typeof RECORD_DISCIPLINE;
export const CONTRIBUTING_DISCIPLINES = ['police', 'forensic_medicine', 'social_work'] as const;
export type ContributingDiscipline = (typeof CONTRIBUTING_DISCIPLINES)[number];

/** SHA-256 as 64 hexadecimal characters: evidence is a reference and a hash, never the file. */
export const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

export interface Disclosure {
  summary: string;
  legalBasis: LegalBasis;
  note: string | null;
  disclosedAt: Date;
  disclosedBy: string;
}

export interface DisclosureInput {
  summary: string;
  legalBasis: LegalBasis;
  note?: string | null;
}

/**
 * What every reader of a discipline record sees. A reader of another discipline gets `restricted`
 * and these fields only (existence, author, date and the disclosure); the masking is done in SQL.
 */
interface RecordHead {
  id: string;
  caseId: string;
  authorId: string;
  authorDiscipline: string;
  createdAt: Date;
  restricted: boolean;
  disclosure: Disclosure | null;
}

export interface Interview extends RecordHead {
  personId: string | null;
  kind: InterviewKind | null;
  conductedAt: Date | null;
  durationMinutes: number | null;
  location: string | null;
  interviewerIds: string[];
  recordingReference: string | null;
  summary: string | null;
  /** design.md §8 tell once: set on a supplementary interview (the child had a studio interview before). */
  supplementary: SupplementaryApproval | null;
  /** An interviewer of the child's first studio interview is among this one's; false when not supplementary. */
  sameInterviewer: boolean | null;
}

export interface SupplementaryApproval {
  reason: string;
  /** Who approved it: the public prosecutor, in words. */
  approvedBy: string;
}

export interface NewInterview {
  personId: string;
  kind: InterviewKind;
  conductedAt: Date;
  durationMinutes: number;
  location: string;
  interviewerIds?: string[];
  recordingReference?: string | null;
  summary: string;
  supplementary?: SupplementaryApproval;
}

export interface Finding {
  bodyRegion: string;
  kind: string;
  sizeMm?: number | null;
  description: string;
}

export interface Evidence {
  reference: string;
  sha256: string;
}

export interface Consent {
  givenBy: string;
  basis: string;
}

export interface Examination extends RecordHead {
  personId: string | null;
  examinedAt: Date | null;
  context: ExaminationContext | null;
  consent: Consent | null;
  findings: Finding[];
  conclusion: ExaminationConclusion | null;
  evidence: Evidence[];
}

export interface NewExamination {
  personId: string;
  examinedAt: Date;
  context: ExaminationContext;
  consent: Consent;
  findings?: Finding[];
  conclusion: ExaminationConclusion;
  evidence?: Evidence[];
}

/** Assessments are read in full by the whole team (design.md §4: "team reads"). */
export interface Assessment {
  id: string;
  caseId: string;
  authorId: string;
  authorDiscipline: string;
  createdAt: Date;
  instrument: AssessmentInstrument;
  answers: Record<string, unknown>;
  judgement: string;
  safety: Safety;
  personIds: string[];
}

export interface NewAssessment {
  instrument: AssessmentInstrument;
  answers?: Record<string, unknown>;
  judgement: string;
  safety: Safety;
  personIds?: string[];
}

export interface ConclusionAction {
  title: string;
  assigneeId: string;
  dueAt: Date;
  kind?: 'home_visit' | 'phone_call' | 'meeting' | 'case_conference' | 'other';
  remindBeforeMinutes?: number[];
}

export interface Waiver {
  discipline: ContributingDiscipline;
  reason: string;
}

export interface ConclusionInput {
  decision: string;
  safety: Safety;
  leadUserId: string;
  actions?: ConclusionAction[];
  waivedDisciplines?: Waiver[];
}

export interface Conclusion {
  decision: string;
  safety: Safety;
  leadUserId: string;
  actions: { title: string; assigneeId: string; dueAt: string; kind: string; followUpId: string }[];
  waivedDisciplines: Waiver[];
  concludedAt: Date;
  concludedBy: string;
}

export interface Intake {
  id: string;
  caseId: string;
  scheduledAt: Date;
  participantIds: string[];
  status: IntakeStatus;
  scheduledBy: string;
  createdAt: Date;
  /** Which of the required disciplines have a record on the case so far. */
  contributions: Record<ContributingDiscipline, number>;
  conclusion: Conclusion | null;
}
