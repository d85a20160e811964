import { Inject, Injectable } from '@nestjs/common';
import { AccessService, currentMembershipSql, openHandoverSql } from '@oneroof/access';
import { AuditWriter, listedCaseIds } from '@oneroof/audit';
import { hasRole, type Actor } from '@oneroof/identity';
import { Clock, Db, decodeCursor, toPage, type Page, type Tx } from '@oneroof/platform';
import { addWorkingDaysToDate, amsterdamDate, REVIEW_TIME_ZONE } from './review-dates';

/** Why a case is on the roster (design.md §7). */
export const ROSTER_REASONS = [
  'review_due',
  'agreement_broken',
  'no_planning_conference',
  'handover_response_due',
  'clock_breached',
] as const;
export type RosterReason = (typeof ROSTER_REASONS)[number];

/** Open handovers whose respondBy falls within this many working days of the date are on the roster. */
export const HANDOVER_ROSTER_WORKING_DAYS = 2;

export interface RosterRow {
  caseId: string;
  caseReference: string;
  status: 'intake' | 'active';
  urgency: 'acute' | 'urgent' | 'regular';
  leadUserId: string | null;
  /**
   * Each reason with the moment it is about and the record it comes from (a conference, agreement,
   * handover; null for the case itself), and for `clock_breached` the clock (design.md §8).
   */
  reasons: RosterReasonRow[];
}

export interface RosterReasonRow {
  reason: RosterReason;
  at: Date | null;
  subjectId: string | null;
  /** The breached clock (`clock_breached` only, else null). */
  clock: string | null;
}

interface Row {
  case_id: string;
  reference: string;
  status: 'intake' | 'active';
  urgency: 'acute' | 'urgent' | 'regular';
  lead_user_id: string | null;
  reasons: { reason: RosterReason; at: string | null; subjectId: string | null; clock: string | null }[];
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
        // A read across cases: each case it returned shows the read in its own access log.
        caseIds: listedCaseIds(rows, limit, (r) => r.case_id),
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
          reasons: r.reasons.map((x) => ({ reason: x.reason, at: x.at ? new Date(x.at) : null, subjectId: x.subjectId, clock: x.clock })),
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
 * One statement in two steps:
 * 1. `due`: every case that may have a reason, each reason's set found on its own (a scan of the
 *    held conferences, the broken agreements by their partial index, the open cases against their
 *    conferences once, the open handovers, the clocks' timers by key prefix). It may hold too many
 *    (a held conference that is not the last one), never too few.
 * 2. A walk of the visible open cases in reference order (by the reference index) that skips those
 *    not in `due` by a hash probe, and asks each one left for its reasons by index lookups in a
 *    LATERAL, stopping once the page is full. (`FALSE OR` keeps the IN a hashed filter: pulled up
 *    into a join, the planner built every case's reasons before sorting them.)
 * Walking every visible case with its lookups (the previous form) cost them for all 10,000 on a day
 * when almost nothing is due; building every reason of every case before the page (the form before
 * that) cost two passes over the held conferences on every day (bench/RESULTS.md, "Review roster").
 *
 * Each reason's branch keeps its meaning:
 * - review_due: the last held conference (by heldAt, then id) set a next review before the day ends;
 * - agreement_broken: an agreement of the current plan is broken (those of superseded plans are ended);
 * - no_planning_conference: never reviewed, and no planning conference planned or held;
 * - handover_response_due: an open handover's respondBy falls within two working days (or has passed);
 * - clock_breached: a clock of design.md §8 still runs and its dueAt falls before the day ends (on
 *   today's roster: it is breached now). A clock that stopped, in time or late, is settled: its
 *   breach is the lead's to explain (POST …/clocks/explanations), not a reason to review again.
 *   One reason per clock (the clocks of two children are one `child_interviewed`) with the earliest
 *   dueAt; subjectId is the handover of `handover_accepted`, else null: the roster names no person.
 *
 * The clocks are read from case_clock_summary (migration 1766000200000): the rows of the
 * case_clock_rows view, which derives them from the case, kept per case by the clocks' triggers in
 * the same transaction as every change (case_clock_summary_drift() is held at 0 by the clocks
 * tests). Deriving them here instead cost hundreds of milliseconds over 10,000 cases for the due
 * set, and the view's branches per case walked; the summary's running clocks by dueAt are one index
 * range (migration 1766000600000).
 */
export async function rosterRows(tx: Tx, visibleCaseIds: string, params: unknown[]): Promise<Row[]> {
  // The planner prices the LATERAL (the view's branches among them) for every open case, though
  // the LIMIT stops it after a page: above jit_above_cost, Postgres compiled the statement first,
  // 1.0–1.3 s of JIT for a statement that runs in tens of milliseconds (EXPLAIN ANALYZE, bench).
  // For this transaction only.
  await tx.query(`SET LOCAL jit = off`);
  return tx.query<Row>(
    `WITH bounds AS MATERIALIZED (
       SELECT (($1::date + 1)::timestamp AT TIME ZONE '${REVIEW_TIME_ZONE}') AS day_end,
              (($2::date + 1)::timestamp AT TIME ZONE '${REVIEW_TIME_ZONE}') AS handover_until
     ), clock_due AS MATERIALIZED (
       SELECT DISTINCT k.case_id FROM bounds b JOIN case_clock_summary k ON k.stopped_at IS NULL AND k.due_at < b.day_end
     ), due AS MATERIALIZED (
       SELECT cf.case_id FROM bounds b JOIN case_conferences cf ON cf.status = 'held' AND cf.next_review_at < b.day_end
       UNION
       SELECT a.case_id FROM safety_plan_agreements a WHERE a.status = 'broken'
       UNION
       SELECT n.id FROM bounds b JOIN cases n ON n.opened_at < b.day_end
        WHERE n.status <> 'closed'
          AND NOT EXISTS (SELECT 1 FROM case_conferences cf WHERE cf.case_id = n.id
                            AND ((cf.kind = 'planning' AND cf.status <> 'cancelled') OR cf.status = 'held'))
       UNION
       SELECT h.case_id FROM bounds b JOIN handovers h ON ${openHandoverSql('h')} AND h.respond_by < b.handover_until
       UNION
       SELECT k.case_id FROM clock_due k
     )
     SELECT c.id AS case_id, c.reference, c.status, c.urgency,
            (SELECT m.user_id FROM case_memberships m WHERE m.case_id = c.id AND m.role = 'lead' AND ${currentMembershipSql('m')}) AS lead_user_id,
            r.reasons
       FROM bounds b
       JOIN cases c ON c.opened_at < b.day_end
      CROSS JOIN LATERAL (
        SELECT jsonb_agg(jsonb_build_object('reason', x.reason, 'at', x.at, 'subjectId', x.subject_id, 'clock', x.clock)
                         ORDER BY x.reason, x.at, x.clock) AS reasons
          FROM (
            SELECT 'review_due' AS reason, l.next_review_at AS at, l.id AS subject_id, NULL::text AS clock
              FROM (SELECT cf.id, cf.next_review_at FROM case_conferences cf
                     WHERE cf.case_id = c.id AND cf.status = 'held'
                     ORDER BY cf.held_at DESC, cf.id DESC LIMIT 1) l
             WHERE l.next_review_at < b.day_end
            UNION ALL
            SELECT 'agreement_broken', a.broken_since, a.id, NULL FROM safety_plan_agreements a WHERE a.case_id = c.id AND a.status = 'broken'
            UNION ALL
            SELECT 'no_planning_conference', c.opened_at, NULL::uuid, NULL
             WHERE NOT EXISTS (SELECT 1 FROM case_conferences cf WHERE cf.case_id = c.id
                                 AND ((cf.kind = 'planning' AND cf.status <> 'cancelled') OR cf.status = 'held'))
            UNION ALL
            SELECT 'handover_response_due', h.respond_by, h.id, NULL FROM handovers h
             WHERE h.case_id = c.id AND ${openHandoverSql('h')} AND h.respond_by < b.handover_until
            UNION ALL
            SELECT 'clock_breached', min(k.due_at), k.handover_id, k.clock
              FROM case_clock_summary k
             WHERE k.case_id = c.id AND k.stopped_at IS NULL AND k.due_at < b.day_end
             GROUP BY k.clock, k.handover_id
          ) x
      ) r
      WHERE c.status <> 'closed' AND $3::boolean IS NOT NULL AND ${visibleCaseIds}
        AND ($6::text IS NULL OR c.reference > $6::text)
        AND (FALSE OR c.id IN (SELECT d.case_id FROM due d))
        AND r.reasons IS NOT NULL
      ORDER BY c.reference
      LIMIT $7`,
    params,
  );
}
