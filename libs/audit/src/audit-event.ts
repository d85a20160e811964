/** design.md §2 Audit event (NEN 7513): who did what to whose data, why, and with what outcome. */
export const AUDIT_OUTCOMES = ['success', 'denied', 'error'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const AUDIT_PURPOSES = [
  'team_member',
  'prospective_receiver',
  'emergency_access',
  'coordinator_oversight',
  'administration',
] as const;
export type AuditPurpose = (typeof AUDIT_PURPOSES)[number];

/** The actor as the audit trail records it; structurally the identity context's Actor. */
export interface AuditActor {
  id: string;
  discipline: string;
  organisationId: string;
}

export interface AuditEntry {
  /** Null only where nobody could be identified (a login with an email no user has). */
  actor: AuditActor | null;
  onBehalfOfId?: string | null;
  action: string;
  resourceType: string;
  resourceId?: string | null;
  caseId?: string | null;
  personIds?: string[];
  outcome: AuditOutcome;
  purpose: AuditPurpose;
  at?: Date;
}

export interface AuditEvent {
  id: string;
  at: Date;
  actorId: string | null;
  actorDiscipline: string | null;
  actorOrganisationId: string | null;
  onBehalfOfId: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  caseId: string | null;
  personIds: string[];
  outcome: AuditOutcome;
  purpose: AuditPurpose;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
}
