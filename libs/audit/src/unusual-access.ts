import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  Db,
  decodeCursor,
  domainErrorOf,
  toPage,
  writeOutboxEvents,
  type AppConfig,
  type Page,
  type Tx,
} from '@oneroof/platform';
import { STANDING_PURPOSE, type AuditActor } from './audit-event';
import { AuditWriter } from './audit-writer';

/** design.md §9's three rules of unusual access. */
export const UNUSUAL_ACCESS_RULES = ['person_many_readers', 'user_many_emergency_accesses', 'user_many_cases'] as const;
export type UnusualAccessRule = (typeof UNUSUAL_ACCESS_RULES)[number];
export const FLAG_STATUSES = ['open', 'reviewed'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

/** design.md §9: more than twice in 7 days. */
export const EMERGENCY_ACCESSES_IN_WEEK = 2;
/** At most this many audit events a run, so one run after a long pause stays short; the next run goes on. */
export const UNUSUAL_ACCESS_BATCH = 50_000;

export type UnusualAccessErrorCode = 'FLAG_NOT_FOUND' | 'FLAG_REVIEWED';
export const UnusualAccessError = domainErrorOf<UnusualAccessErrorCode>();

export interface UnusualAccessFlag {
  id: string;
  rule: UnusualAccessRule;
  userId: string | null;
  personId: string | null;
  observed: number;
  threshold: number;
  windowStart: Date;
  windowEnd: Date;
  raisedAt: Date;
  status: FlagStatus;
  reviewNote: string | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
}

interface FlagRow {
  id: string;
  rule: UnusualAccessRule;
  user_id: string | null;
  person_id: string | null;
  observed: number;
  threshold: number;
  window_start: Date;
  window_end: Date;
  raised_at: Date;
  status: FlagStatus;
  review_note: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
}

const FLAG_COLUMNS = `f.id, f.rule, f.user_id, f.person_id, f.observed, f.threshold, f.window_start, f.window_end, f.raised_at,
  f.status, f.review_note, f.reviewed_by, f.reviewed_at`;

const toFlag = (r: FlagRow): UnusualAccessFlag => ({
  id: r.id,
  rule: r.rule,
  userId: r.user_id,
  personId: r.person_id,
  observed: r.observed,
  threshold: r.threshold,
  windowStart: r.window_start,
  windowEnd: r.window_end,
  raisedAt: r.raised_at,
  status: r.status,
  reviewNote: r.review_note,
  reviewedBy: r.reviewed_by,
  reviewedAt: r.reviewed_at,
});

/** Held by the run, so that two workers never evaluate the same events at once. */
const DETECTION_LOCK = `hashtext('oneroof.unusual_access')`;

/**
 * The set-based rules, each one statement over the audit events since the last run (the subjects
 * they name), counting in the rule's window up to each subject's latest event: never a scan of the
 * whole log. A subject already flagged for an overlapping window is not flagged again. Only
 * successful events with an actor count: a refused attempt did not read anything.
 */
const RULES_SQL = `
  WITH fresh AS (
    SELECT e.seq, e.at, e.actor_id, e.case_id, e.person_ids, e.action FROM audit_events e
    WHERE e.seq > $1 AND e.seq <= $2 AND e.outcome = 'success' AND e.actor_id IS NOT NULL
  ),
  persons AS (
    SELECT p.person_id, max(f.at) AS until FROM fresh f CROSS JOIN LATERAL unnest(f.person_ids) AS p(person_id) GROUP BY p.person_id
  ),
  readers AS (
    SELECT p.person_id, p.until, count(DISTINCT e.actor_id)::int AS observed
    FROM persons p JOIN audit_events e
      ON e.person_ids @> ARRAY[p.person_id] AND e.at > p.until - interval '24 hours' AND e.at <= p.until
     AND e.outcome = 'success' AND e.actor_id IS NOT NULL
    GROUP BY p.person_id, p.until
  ),
  breakers AS (
    SELECT f.actor_id, max(f.at) AS until FROM fresh f WHERE f.action = 'emergency_access.grant' GROUP BY f.actor_id
  ),
  glass AS (
    SELECT b.actor_id, b.until, count(*)::int AS observed
    FROM breakers b JOIN audit_events e
      ON e.actor_id = b.actor_id AND e.action = 'emergency_access.grant' AND e.outcome = 'success'
     AND e.at > b.until - interval '7 days' AND e.at <= b.until
    GROUP BY b.actor_id, b.until
  ),
  readers_of_cases AS (
    SELECT f.actor_id, max(f.at) AS until FROM fresh f WHERE f.case_id IS NOT NULL GROUP BY f.actor_id
  ),
  cases_read AS (
    SELECT r.actor_id, r.until, count(DISTINCT e.case_id)::int AS observed
    FROM readers_of_cases r JOIN audit_events e
      ON e.actor_id = r.actor_id AND e.case_id IS NOT NULL AND e.outcome = 'success'
     AND e.at > r.until - interval '1 hour' AND e.at <= r.until
    GROUP BY r.actor_id, r.until
  ),
  candidates AS (
    SELECT 'person_many_readers' AS rule, NULL::uuid AS user_id, person_id, observed, $3::int AS threshold,
           until - interval '24 hours' AS window_start, until AS window_end FROM readers WHERE observed > $3
    UNION ALL
    SELECT 'user_many_emergency_accesses', actor_id, NULL, observed, $4::int, until - interval '7 days', until FROM glass WHERE observed > $4
    UNION ALL
    SELECT 'user_many_cases', actor_id, NULL, observed, $5::int, until - interval '1 hour', until FROM cases_read WHERE observed > $5
  )
  INSERT INTO unusual_access_flags (rule, user_id, person_id, observed, threshold, window_start, window_end)
  SELECT c.rule, c.user_id, c.person_id, c.observed, c.threshold, c.window_start, c.window_end FROM candidates c
  WHERE NOT EXISTS (
    SELECT 1 FROM unusual_access_flags f
    WHERE f.rule = c.rule AND coalesce(f.user_id, f.person_id) = coalesce(c.user_id, c.person_id) AND f.window_end > c.window_start
  )
  RETURNING id, rule`;

export interface DetectionResult {
  checkedUpTo: number;
  raised: number;
}

/**
 * design.md §9 unusual access: the worker's rules, and the coordinators' review of what they flag.
 * Each new flag raises `audit.unusual_access` through the outbox (coordinators are told).
 */
@Injectable()
export class UnusualAccess {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  /** One run from where the last stopped; another worker's run in progress makes this one a no-op. */
  async detect(): Promise<DetectionResult> {
    return this.db.transaction(async (tx) => {
      const locked = await tx.one<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock(${DETECTION_LOCK}) AS ok`);
      if (!locked?.ok) return { checkedUpTo: -1, raised: 0 };
      const progress = await tx.one<{ last_seq: string }>(`SELECT last_seq FROM unusual_access_progress WHERE id = 1 FOR UPDATE`);
      const from = Number(progress?.last_seq ?? 0);
      const bound = await tx.one<{ hi: string | null }>(
        `SELECT max(seq) AS hi FROM (SELECT seq FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2) s`,
        [from, UNUSUAL_ACCESS_BATCH],
      );
      const to = bound?.hi == null ? from : Number(bound.hi);
      if (to === from) return { checkedUpTo: from, raised: 0 };
      const flags = await tx.query<{ id: string; rule: UnusualAccessRule }>(RULES_SQL, [
        from,
        to,
        this.config.unusualReaders,
        EMERGENCY_ACCESSES_IN_WEEK,
        this.config.unusualCases,
      ]);
      await writeOutboxEvents(
        tx,
        flags.map((f) => ({ type: 'audit.unusual_access', payload: { flagId: f.id, rule: f.rule } })),
      );
      await tx.query(
        `INSERT INTO unusual_access_progress (id, last_seq) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET last_seq = EXCLUDED.last_seq`,
        [to],
      );
      return { checkedUpTo: to, raised: flags.length };
    });
  }

  /** `GET /api/audit/flags?status=`: newest first; an audit query, so on record itself. */
  async list(actor: AuditActor, status: FlagStatus, limit: number, cursor?: string): Promise<Page<UnusualAccessFlag>> {
    const after = decodeCursor(cursor, 'flags', { at: 'time', id: 'uuid' });
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<FlagRow & { at: string }>(
        `SELECT ${FLAG_COLUMNS}, to_char(f.raised_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at
         FROM unusual_access_flags f
         WHERE f.status = $1 AND ($2::timestamptz IS NULL OR (f.raised_at, f.id) < ($2::timestamptz, $3::uuid))
         ORDER BY f.raised_at DESC, f.id DESC LIMIT $4`,
        [status, after?.at ?? null, after?.id ?? null, limit + 1],
      );
      const page = toPage(rows, limit, toFlag, (r) => ({ at: r.at, id: r.id }), 'flags');
      await this.audit.record(tx, {
        actor,
        action: 'audit.flags.list',
        resourceType: 'unusual_access_flag',
        personIds: page.items.flatMap((f) => (f.personId ? [f.personId] : [])),
        outcome: 'success',
        purpose: STANDING_PURPOSE.oversight,
      });
      return page;
    });
  }

  /** `POST /api/audit/flags/:id/review {note}`: once; a second review is a conflict. */
  async review(actor: AuditActor, flagId: string, note: string): Promise<UnusualAccessFlag> {
    return this.db.transaction(async (tx) => {
      const current = await this.lock(tx, flagId);
      if (!current) throw new UnusualAccessError('not_found', 'FLAG_NOT_FOUND', 'The flag does not exist.');
      if (current.status === 'reviewed') throw new UnusualAccessError('conflict', 'FLAG_REVIEWED', 'The flag has been reviewed already.');
      const row = await tx.one<FlagRow>(
        `UPDATE unusual_access_flags f SET status = 'reviewed', review_note = $2, reviewed_by = $3, reviewed_at = now()
         WHERE f.id = $1 RETURNING ${FLAG_COLUMNS}`,
        [flagId, note, actor.id],
      );
      await this.audit.record(tx, {
        actor,
        action: 'audit.flags.review',
        resourceType: 'unusual_access_flag',
        resourceId: flagId,
        personIds: row!.person_id ? [row!.person_id] : [],
        outcome: 'success',
        purpose: STANDING_PURPOSE.oversight,
      });
      return toFlag(row!);
    });
  }

  private async lock(tx: Tx, id: string): Promise<FlagRow | undefined> {
    return tx.one<FlagRow>(`SELECT ${FLAG_COLUMNS} FROM unusual_access_flags f WHERE f.id = $1 FOR UPDATE`, [id]);
  }
}
