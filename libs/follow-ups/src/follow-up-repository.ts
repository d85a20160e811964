import { updateVersioned, type Db, type Tx } from '@oneroof/platform';
import type { AgendaFilter, FollowUpChanges, FollowUpKind, FollowUpOrigin, FollowUpStatus } from './follow-up-model';
import { FOLLOW_UP_COLUMNS, normaliseMinutes, type FollowUpRow } from './follow-up-rows';

/**
 * follow_ups and its SQL: the follow-ups service keeps the use cases (who may, what must hold, the
 * timers and the audit), this file the statements. Nothing else writes follow_ups
 * (test/table-ownership.e2e-spec.ts), except the team's membership trigger that reassigns them.
 */
type After = { at: string; id: string } | null;

export async function load(tx: Tx, id: string): Promise<FollowUpRow | undefined> {
  return tx.one<FollowUpRow>(`SELECT ${FOLLOW_UP_COLUMNS} FROM follow_ups f JOIN cases c ON c.id = f.case_id WHERE f.id = $1`, [id]);
}

/** The case a follow-up belongs to (and its kind), read before the gate decides access to that case. */
export async function caseOf(db: Db, id: string): Promise<{ caseId: string; kind: FollowUpKind } | undefined> {
  const row = (await db.query<{ case_id: string; kind: FollowUpKind }>(`SELECT case_id, kind FROM follow_ups WHERE id = $1`, [id]))[0];
  return row ? { caseId: row.case_id, kind: row.kind } : undefined;
}

export async function ofCase(
  tx: Tx,
  caseId: string,
  status: FollowUpStatus | undefined,
  after: After,
  take: number,
): Promise<FollowUpRow[]> {
  return tx.query<FollowUpRow>(
    `SELECT ${FOLLOW_UP_COLUMNS} FROM follow_ups f JOIN cases c ON c.id = f.case_id
      WHERE f.case_id = $1 AND ($2::text IS NULL OR f.status = $2)
        AND ($3::timestamptz IS NULL OR (f.scheduled_at, f.id) > ($3::timestamptz, $4::uuid))
      ORDER BY f.scheduled_at, f.id LIMIT $5`,
    [caseId, status ?? null, after?.at ?? null, after?.id ?? null, take],
  );
}

/**
 * An assignee's follow-ups across cases; `visible` is the list rule's condition on f.case_id
 * (AccessService.visibleCaseIdsSql) over `$1` (the assignee) and `$2` (now).
 */
export async function agenda(
  tx: Tx,
  q: { assigneeId: string; visible: string; now: Date; filter: AgendaFilter; take: number; after: After },
): Promise<FollowUpRow[]> {
  return tx.query<FollowUpRow>(
    `SELECT ${FOLLOW_UP_COLUMNS} FROM follow_ups f JOIN cases c ON c.id = f.case_id
      WHERE f.assignee_id = $1
        AND ${q.visible}
        AND ($3::timestamptz IS NULL OR f.scheduled_at >= $3::timestamptz)
        AND ($4::timestamptz IS NULL OR f.scheduled_at < $4::timestamptz)
        AND ($5::text IS NULL OR f.status = $5)
        AND ($6::timestamptz IS NULL OR (f.scheduled_at, f.id) > ($6::timestamptz, $7::uuid))
      ORDER BY f.scheduled_at, f.id LIMIT $8`,
    [
      q.assigneeId,
      q.now,
      q.filter.from ?? null,
      q.filter.to ?? null,
      q.filter.status ?? null,
      q.after?.at ?? null,
      q.after?.id ?? null,
      q.take,
    ],
  );
}

export async function insert(
  tx: Tx,
  f: {
    caseId: string;
    kind: FollowUpKind;
    title?: string | null;
    scheduledAt: Date;
    assigneeId: string;
    personIds: string[];
    remindBeforeMinutes: number[];
    origin: FollowUpOrigin;
    createdBy: string;
    aftercareMonths?: number | null;
  },
  now: Date,
): Promise<string> {
  const created = await tx.one<{ id: string }>(
    `INSERT INTO follow_ups (case_id, kind, title, scheduled_at, assignee_id, person_ids, remind_before_minutes, origin, created_by, created_at, updated_at,
       aftercare_months)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) RETURNING id`,
    [
      f.caseId,
      f.kind,
      f.title ?? null,
      f.scheduledAt,
      f.assigneeId,
      f.personIds,
      f.remindBeforeMinutes,
      f.origin,
      f.createdBy,
      now,
      f.aftercareMonths ?? null,
    ],
  );
  return created!.id;
}

/** The version the client read must be current (else 409); the row is then locked for the transaction. */
export async function claimVersion(tx: Tx, id: string, version: number): Promise<void> {
  await updateVersioned(tx, { table: 'follow_ups', what: 'follow-up', id, version, set: '' });
}

/** The fields a PATCH names; closing (a status) records when and by whom. */
export async function update(tx: Tx, id: string, changes: FollowUpChanges, now: Date, closedBy: string | null): Promise<void> {
  await tx.query(
    `UPDATE follow_ups SET
        scheduled_at = COALESCE($2, scheduled_at),
        assignee_id = COALESCE($3, assignee_id),
        remind_before_minutes = COALESCE($4::integer[], remind_before_minutes),
        status = COALESCE($5, status),
        outcome = CASE WHEN $6::boolean THEN $7 ELSE outcome END,
        aftercare_outcome = COALESCE($10::jsonb, aftercare_outcome),
        closed_at = CASE WHEN $5::text IS NOT NULL THEN $8::timestamptz ELSE closed_at END,
        closed_by = CASE WHEN $5::text IS NOT NULL THEN $9::uuid ELSE closed_by END,
        updated_at = $8
      WHERE id = $1`,
    [
      id,
      changes.scheduledAt ?? null,
      changes.assigneeId ?? null,
      changes.remindBeforeMinutes === undefined ? null : normaliseMinutes(changes.remindBeforeMinutes),
      changes.status ?? null,
      changes.outcome !== undefined,
      changes.outcome ?? null,
      now,
      closedBy,
      changes.aftercareOutcome ? JSON.stringify(changes.aftercareOutcome) : null,
    ],
  );
}
