import { Inject, Injectable } from '@nestjs/common';
import { AuditWriter } from '@oneroof/audit';
import type { Actor } from '@oneroof/identity';
import { Db } from '@oneroof/platform';
import { CLOCKS_MEASURED, DEFINITIONS, MIN_CELL, type GroupBy, type IndicatorRow, type Indicators } from './indicators';

/** How each grouping names a case's group; violenceType counts a case once under each of its types. */
const GROUP_SQL: Record<GroupBy, string> = {
  month: `to_char(c.reported_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM')`,
  quarter: `to_char(c.reported_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-"Q"Q')`,
  municipality: `COALESCE(c.municipality_code, 'unknown')`,
  urgency: `c.urgency`,
  violenceType: `unnest(CASE WHEN cardinality(c.violence_types) = 0 THEN ARRAY['unknown'] ELSE c.violence_types END)`,
};

/**
 * Every figure in ONE statement over the whole period, grouped in SQL: no loop over cases in Node.
 * Each branch yields (grp, indicator, value, n); suppression (n < MIN_CELL) is applied in SQL too.
 * `$1`, `$2`: the period [from, to) over reportedAt; `$3`: the clocks measured; `$4`: MIN_CELL.
 */
export const indicatorsSql = (groupBy: GroupBy): string => `
  WITH base AS MATERIALIZED (
    SELECT c.id, ${GROUP_SQL[groupBy]} AS grp, c.reported_at FROM cases c WHERE c.reported_at >= $1 AND c.reported_at < $2
  ),
  intake_days AS (
    SELECT b.grp, working_days_between(b.reported_at, k.created_at) AS days FROM base b JOIN intakes k ON k.case_id = b.id
  ),
  clocks AS (
    -- The rows of case_clock_rows (the one definition, design.md §8) as the write transactions left
    -- them in case_clock_summary (migration 1766000200000): deriving 60,000 clocks per request was
    -- most of this statement's time.
    SELECT b.grp, k.clock, k.stopped_at <= k.due_at AS met
      FROM base b JOIN case_clock_summary k ON k.case_id = b.id WHERE k.stopped_at IS NOT NULL AND k.clock = ANY ($3::text[])
  ),
  children AS (
    -- One aggregate over the interviews, joined once (not two lookups per child).
    SELECT b.grp, p.id, COALESCE(v.interviews, 0) AS interviews, COALESCE(v.supplementary, 0) AS supplementary
      FROM base b JOIN case_persons p ON p.case_id = b.id AND p.family_role = 'child'
      LEFT JOIN (SELECT i.person_id, count(*)::int AS interviews, (count(*) FILTER (WHERE i.supplementary_reason IS NOT NULL))::int AS supplementary
                   FROM intake_interviews i GROUP BY i.person_id) v ON v.person_id = p.id
  ),
  handovers1 AS (
    SELECT b.grp, h.proposed_at, h.accepted_at, h.respond_by, h.meeting FROM base b JOIN handovers h ON h.case_id = b.id
  ),
  follow_ups1 AS (
    SELECT b.grp, f.status FROM base b JOIN follow_ups f ON f.case_id = b.id AND f.status IN ('done','missed') AND f.kind <> 'aftercare'
  ),
  aftercare1 AS (
    SELECT b.grp, f.aftercare_months AS months, f.aftercare_outcome ->> 'violenceStopped' AS stopped
      FROM base b JOIN follow_ups f ON f.case_id = b.id AND f.kind = 'aftercare' AND f.status = 'done' AND f.aftercare_outcome IS NOT NULL
  ),
  rereports AS (
    -- A link either way round to a case that closed in the 12 months before this one was reported:
    -- the cases that have one, found in one pass over the links.
    SELECT b.grp, r.id IS NOT NULL AS rereport
      FROM base b LEFT JOIN (
        SELECT DISTINCT l.id FROM (
            SELECT case_id AS id, linked_case_id AS earlier FROM case_links WHERE kind = 'rereport'
            UNION ALL
            SELECT linked_case_id, case_id FROM case_links WHERE kind = 'rereport') l
          JOIN base n ON n.id = l.id JOIN cases e ON e.id = l.earlier
         WHERE e.closed_at < n.reported_at AND e.closed_at >= n.reported_at - interval '12 months') r ON r.id = b.id
  ),
  figures AS (
    SELECT grp, 'reports' AS indicator, count(*)::numeric AS value, count(*)::int AS n FROM base GROUP BY grp
    UNION ALL
    SELECT grp, 'days_report_to_intake_p50', percentile_cont(0.5) WITHIN GROUP (ORDER BY days)::numeric, count(*)::int FROM intake_days GROUP BY grp
    UNION ALL
    SELECT grp, 'days_report_to_intake_p90', percentile_cont(0.9) WITHIN GROUP (ORDER BY days)::numeric, count(*)::int FROM intake_days GROUP BY grp
    UNION ALL
    SELECT grp, 'clock_met_share:' || clock, avg(met::int)::numeric, count(*)::int FROM clocks GROUP BY grp, clock
    UNION ALL
    SELECT grp, 'children_interviewed_once_share', avg((interviews = 1)::int)::numeric, count(*)::int
      FROM children WHERE interviews > 0 GROUP BY grp
    UNION ALL
    SELECT grp, 'supplementary_interviews', sum(supplementary)::numeric, count(*)::int FROM children WHERE interviews > 0 GROUP BY grp
    UNION ALL
    SELECT grp, 'days_handover_to_acceptance_p50', percentile_cont(0.5) WITHIN GROUP (ORDER BY working_days_between(proposed_at, accepted_at))::numeric,
           count(*)::int FROM handovers1 WHERE accepted_at IS NOT NULL GROUP BY grp
    UNION ALL
    SELECT grp, 'handovers_accepted_in_time_share', avg((accepted_at <= respond_by)::int)::numeric, count(*)::int
      FROM handovers1 WHERE accepted_at IS NOT NULL AND respond_by IS NOT NULL GROUP BY grp
    UNION ALL
    SELECT grp, 'handover_meetings_family_present_share', avg(((meeting ->> 'familyPresent')::boolean)::int)::numeric, count(*)::int
      FROM handovers1 WHERE meeting IS NOT NULL GROUP BY grp
    UNION ALL
    SELECT grp, 'follow_ups_missed_share', avg((status = 'missed')::int)::numeric, count(*)::int FROM follow_ups1 GROUP BY grp
    UNION ALL
    SELECT grp, 'rereports_12m_share', avg(rereport::int)::numeric, count(*)::int FROM rereports GROUP BY grp
    UNION ALL
    SELECT grp, 'aftercare_violence_stopped_share:' || months || 'm', avg((stopped = 'yes')::int)::numeric, count(*)::int
      FROM aftercare1 GROUP BY grp, months
  )
  SELECT grp AS "group", indicator,
         CASE WHEN n >= $4 THEN round(value, 4)::float8 END AS value,
         CASE WHEN n >= $4 THEN n END AS n,
         n < $4 AS suppressed
    FROM figures ORDER BY grp, indicator`;

/** design.md §8: the region's figures, for coordinators and analysts; never a name, id or reference. */
@Injectable()
export class MonitoringService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  async indicators(actor: Actor, from: Date, to: Date, groupBy: GroupBy): Promise<Indicators> {
    return this.db.transaction(async (tx) => {
      // The statement's estimated cost makes Postgres JIT-compile it, which costs more (about 1.5 s
      // here) than running it: the figures are read with JIT off, for this transaction only.
      await tx.query(`SET LOCAL jit = off`);
      const rows = await tx.query<IndicatorRow>(indicatorsSql(groupBy), [from, to, CLOCKS_MEASURED, MIN_CELL]);
      await this.audit.record(tx, {
        actor: { id: actor.id, discipline: actor.discipline, organisationId: actor.organisationId },
        action: 'monitoring.read',
        resourceType: 'monitoring',
        outcome: 'success',
        purpose: 'administration',
      });
      return { from, to, groupBy, rows, definitions: [...DEFINITIONS] };
    });
  }
}
