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

/**
 * Purposes that come from the operation's own standing, not from a case's access decision (for
 * those, pass the decision's purpose: CaseGate does). One name for each, so that no call site picks
 * a purpose literal of its own.
 */
export const STANDING_PURPOSE = {
  /** One's own account and sign-in, tokens, the platform: nothing of any case. */
  administration: 'administration',
  /** A coordinator's role-gated view across cases: audit search and verify, reports, emergency reviews. */
  oversight: 'coordinator_oversight',
  /** The caller's own part in a case: the case they open and become lead of, the handovers they send or receive. */
  ownPart: 'team_member',
} as const satisfies Record<string, AuditPurpose>;

/**
 * The purpose of a caller without a case decision to show for it (refused, or a list across cases):
 * a coordinator acts with oversight, anyone else as a would-be team member.
 */
export function claimedPurpose(coordinator: boolean): AuditPurpose {
  return coordinator ? 'coordinator_oversight' : 'team_member';
}

/**
 * The actor as the audit trail records it: pass the identity context's Actor as it is (this is its
 * structural type); the writer keeps only these three fields.
 */
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
