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
  /**
   * A read across cases (a list): every case it returned, so that each case's access log and the
   * audit search by case find the read. Leave caseId empty then; a single-case event needs none.
   */
  caseIds?: string[];
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
  /** The cases a read across cases returned; empty for a single-case event. */
  caseIds: string[];
}

/**
 * The case ids of a list page for AuditEntry.caseIds: the rows the page returns (a page reads
 * `limit + 1` rows to know whether there is more, and the extra one is not shown, so not recorded),
 * each case once, in the page's order.
 */
export function listedCaseIds<T>(rows: readonly T[], limit: number, caseOf: (row: T) => string | null | undefined): string[] {
  const ids = new Set<string>();
  for (const row of rows.slice(0, limit)) {
    const id = caseOf(row);
    if (id) ids.add(id);
  }
  return [...ids];
}
