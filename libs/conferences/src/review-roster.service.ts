import { Inject, Injectable } from '@nestjs/common';
import { AccessService, currentMembershipSql, openHandoverSql } from '@oneroof/access';
import { AuditWriter } from '@oneroof/audit';
import { hasRole, type Actor } from '@oneroof/identity';
import { Clock, Db, decodeCursor, toPage, type Page, type Tx } from '@oneroof/platform';
import { addWorkingDaysToDate, amsterdamDate, REVIEW_TIME_ZONE } from './review-dates';

/** Why a case is on the roster (design.md §7). Clocks (§8) are not built yet and give no reason. */
export const ROSTER_REASONS = ['review_due', 'agreement_broken', 'no_planning_conference', 'handover_response_due'] as const;
export type RosterReason = (typeof ROSTER_REASONS)[number];

/** Open handovers whose respondBy falls within this many working days of the date are on the roster. */
export const HANDOVER_ROSTER_WORKING_DAYS = 2;

export interface RosterRow {
  caseId: string;
  caseReference: string;
  status: 'intake' | 'active';
  urgency: 'acute' | 'urgent' | 'regular';
  leadUserId: string | null;
  /** Each reason with the moment it is about and the record it comes from (a conference, agreement, handover; null for the case itself). */
  reasons: { reason: RosterReason; at: Date | null; subjectId: string | null }[];
}

interface Row {
  case_id: string;
  reference: string;
  status: 'intake' | 'active';
  urgency: 'acute' | 'urgent' | 'regular';
  lead_user_id: string | null;
  reasons: { reason: RosterReason; at: string | null; subjectId: string | null }[];
}

/**
 * The review roster for the weekly meeting: one statement over every case the caller may see (no
 * query per case). Each reason is one set-based branch; the rows are the visible open cases with at
 * least one reason, by case reference. The roster names no person, so its audit event names none.
 */
@Injectable()
export class ReviewRosterService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  async roster(actor: Actor, date: string | undefined, limit: number, cursor?: string): Promise<Page<RosterRow> & { date: string }> {
    const after = decodeCursor(cursor, 'review-roster', { reference: 'text' });
    const now = this.clock.now();
    const day = date ?? amsterdamDate(now);
    const coordinator = hasRole(actor, 'coordinator');
    return this.db.transaction(async (tx) => {
      // The list rule decides who sees what (for a coordinator a constant TRUE the planner folds away).
      const visible = this.access.visibleCaseIdsSql(actor, 'c.id', '$4::uuid', '$5::timestamptz');
      const rows = await rosterRows(tx, visible, [
        day,
        addWorkingDaysToDate(day, HANDOVER_ROSTER_WORKING_DAYS),
        coordinator,
        actor.id,
        now,
        after?.reference ?? null,
        limit + 1,
      ]);
      await this.audit.record(tx, {
        actor,
        action: 'review_roster.read',
        resourceType: 'case',
        personIds: [],
        outcome: 'success',
        purpose: this.access.listPurpose(actor),
      });
      const page = toPage(
        rows,
        limit,
        (r): RosterRow => ({
          caseId: r.case_id,
          caseReference: r.reference,
          status: r.status,
          urgency: r.urgency,
          leadUserId: r.lead_user_id,
          reasons: r.reasons.map((x) => ({ reason: x.reason, at: x.at ? new Date(x.at) : null, subjectId: x.subjectId })),
        }),
        (r) => ({ reference: r.reference }),
        'review-roster',
      );
      return { ...page, date: day };
    });
  }
}

/**
 * $1 the date, $2 the last date an open handover's respondBy may fall on (both YYYY-MM-DD in
 * Amsterdam), $3 whether the caller is a coordinator (kept for the plan's parameters; the list rule decides), $4 the caller, $5 now, $6 the
 * cursor's reference, $7 the limit. `visibleCaseIds` is the access rule's set of visible cases
 * (AccessService.visibleCaseIdsSql, a condition on c.id).
 *
 * One statement that walks the visible open cases in reference order and asks each, by index
 * lookups in a LATERAL, for its reasons, stopping once the page is full. The earlier form computed
 * every reason of every case (two passes over all held conferences, one over all cases) before
 * taking the page: at 10,000 open cases it was 150–200 ms of SQL for a page of 200
 * (bench/RESULTS.md, EXPLAIN ANALYZE in the commit). A page now costs lookups for about the cases
 * it shows. Each reason's branch keeps its meaning:
 * - review_due: the last held conference (by heldAt, then id) set a next review before the day ends;
 * - agreement_broken: an agreement of the current plan is broken (those of superseded plans are ended);
 * - no_planning_conference: never reviewed, and no planning conference planned or held;
 * - handover_response_due: an open handover's respondBy falls within two working days (or has passed).
 */
export function rosterRows(tx: Tx, visibleCaseIds: string, params: unknown[]): Promise<Row[]> {
  return tx.query<Row>(
    `WITH bounds AS MATERIALIZED (
       SELECT (($1::date + 1)::timestamp AT TIME ZONE '${REVIEW_TIME_ZONE}') AS day_end,
              (($2::date + 1)::timestamp AT TIME ZONE '${REVIEW_TIME_ZONE}') AS handover_until
     )
     SELECT c.id AS case_id, c.reference, c.status, c.urgency,
            (SELECT m.user_id FROM case_memberships m WHERE m.case_id = c.id AND m.role = 'lead' AND ${currentMembershipSql('m')}) AS lead_user_id,
            r.reasons
       FROM bounds b
       JOIN cases c ON c.opened_at < b.day_end
      CROSS JOIN LATERAL (
        SELECT jsonb_agg(jsonb_build_object('reason', x.reason, 'at', x.at, 'subjectId', x.subject_id) ORDER BY x.reason, x.at) AS reasons
          FROM (
            SELECT 'review_due' AS reason, l.next_review_at AS at, l.id AS subject_id
              FROM (SELECT cf.id, cf.next_review_at FROM case_conferences cf
                     WHERE cf.case_id = c.id AND cf.status = 'held'
                     ORDER BY cf.held_at DESC, cf.id DESC LIMIT 1) l
             WHERE l.next_review_at < b.day_end
            UNION ALL
            SELECT 'agreement_broken', a.broken_since, a.id FROM safety_plan_agreements a WHERE a.case_id = c.id AND a.status = 'broken'
            UNION ALL
            SELECT 'no_planning_conference', c.opened_at, NULL::uuid
             WHERE NOT EXISTS (SELECT 1 FROM case_conferences cf WHERE cf.case_id = c.id
                                 AND ((cf.kind = 'planning' AND cf.status <> 'cancelled') OR cf.status = 'held'))
            UNION ALL
            SELECT 'handover_response_due', h.respond_by, h.id FROM handovers h
             WHERE h.case_id = c.id AND ${openHandoverSql('h')} AND h.respond_by < b.handover_until
          ) x
      ) r
      WHERE c.status <> 'closed' AND $3::boolean IS NOT NULL AND ${visibleCaseIds}
        AND ($6::text IS NULL OR c.reference > $6::text)
        AND r.reasons IS NOT NULL
      ORDER BY c.reference
      LIMIT $7`,
    params,
  );
}
