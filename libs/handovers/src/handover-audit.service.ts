import { Inject, Injectable } from '@nestjs/common';
import { AuditWriter, listedCaseIds, STANDING_PURPOSE } from '@oneroof/audit';
import { hasRole, type Actor } from '@oneroof/identity';
import { Clock, Db } from '@oneroof/platform';
import type { HandoverStatus } from './handover-model';
import { buildHandoverReport, type HandoverFacts, type HandoverReport } from './handover-report';
import { HandoverError } from './handover-errors';

interface FactsRow {
  handover_id: string;
  case_id: string;
  case_reference: string;
  from_user_id: string;
  from_name: string;
  from_organisation: string;
  to_user_id: string;
  to_name: string;
  to_organisation: string;
  status: HandoverStatus;
  proposed_at: Date;
  briefed_at: Date | null;
  accepted_at: Date | null;
  declined_at: Date | null;
  withdrawn_at: Date | null;
  respond_by: Date | null;
  family_present: boolean | null;
  decline_reason: string | null;
  withdraw_reason: string | null;
}

/**
 * The coordinators' handover audit (design.md §4): how fast families are handed over, whether the
 * deadlines hold, per receiving organisation. Reading it is oversight and writes one audit event,
 * in the transaction that reads the report (design.md §3).
 */
@Injectable()
export class HandoverAuditService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  /** Handovers proposed in [from, to] (either bound optional, both inclusive), oldest first. */
  async report(actor: Actor, range: { from?: Date; to?: Date }): Promise<HandoverReport> {
    if (!hasRole(actor, 'coordinator'))
      throw new HandoverError('forbidden', 'COORDINATOR_REQUIRED', 'Only coordinators read the handover audit.');
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<FactsRow>(
        `SELECT h.id AS handover_id, h.case_id, c.reference AS case_reference,
                h.from_user_id, fu.name AS from_name, fo.name AS from_organisation,
                h.to_user_id, tu.name AS to_name, o.name AS to_organisation,
                h.status, h.proposed_at, h.briefed_at, h.accepted_at, h.declined_at, h.withdrawn_at, h.respond_by,
                CASE jsonb_typeof(h.meeting->'familyPresent') WHEN 'boolean' THEN (h.meeting->>'familyPresent')::boolean END AS family_present,
                h.decline_reason, h.withdraw_reason
           FROM handovers h
           JOIN cases c ON c.id = h.case_id
           JOIN users fu ON fu.id = h.from_user_id JOIN organisations fo ON fo.id = fu.organisation_id
           JOIN users tu ON tu.id = h.to_user_id JOIN organisations o ON o.id = tu.organisation_id
          WHERE ($1::timestamptz IS NULL OR h.proposed_at >= $1) AND ($2::timestamptz IS NULL OR h.proposed_at <= $2)
          ORDER BY h.proposed_at, h.id`,
        [range.from ?? null, range.to ?? null],
      );
      await this.audit.record(tx, {
        actor,
        action: 'audit.handover_report',
        resourceType: 'handover',
        // Each row names a case and who handed it to whom: each case's access log shows the report.
        caseIds: listedCaseIds(rows, rows.length, (r) => r.case_id),
        outcome: 'success',
        purpose: STANDING_PURPOSE.oversight,
      });
      return buildHandoverReport(rows.map(toFacts), this.clock.now());
    });
  }
}

const toFacts = (r: FactsRow): HandoverFacts => ({
  handoverId: r.handover_id,
  caseReference: r.case_reference,
  fromUserId: r.from_user_id,
  fromName: r.from_name,
  fromOrganisation: r.from_organisation,
  toUserId: r.to_user_id,
  toName: r.to_name,
  toOrganisation: r.to_organisation,
  status: r.status,
  proposedAt: r.proposed_at,
  briefedAt: r.briefed_at,
  acceptedAt: r.accepted_at,
  declinedAt: r.declined_at,
  withdrawnAt: r.withdrawn_at,
  respondBy: r.respond_by,
  familyPresent: r.family_present,
  declineReason: r.decline_reason,
  withdrawReason: r.withdraw_reason,
});
