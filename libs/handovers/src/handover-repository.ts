import { openHandoverSql } from '@oneroof/access';
import { updateVersioned, type Db, type Tx } from '@oneroof/platform';
import type { Checklist, HandoverDirection, HandoverStatus } from './handover-model';
import { HANDOVER_COLUMNS, type HandoverRow } from './handover-rows';

/**
 * handovers and its SQL: the service keeps the use cases (the state machine, access, rules, audit,
 * events and timers), this file the statements. Nothing else writes handovers (test/table-ownership.e2e-spec.ts).
 */

/** The columns a transition may set besides status and version: fixed names, never from input. */
export type TransitionColumn =
  | 'meeting'
  | 'briefed_at'
  | 'briefed_by'
  | 'accepted_at'
  | 'accept_note'
  | 'declined_at'
  | 'decline_reason'
  | 'withdrawn_at'
  | 'withdraw_reason';

export async function load(tx: Tx, handoverId: string, options: { lock?: boolean } = {}): Promise<HandoverRow | undefined> {
  return tx.one<HandoverRow>(
    `SELECT ${HANDOVER_COLUMNS} FROM handovers h JOIN cases c ON c.id = h.case_id WHERE h.id = $1 ${options.lock ? 'FOR UPDATE OF h' : ''}`,
    [handoverId],
  );
}

/** Case and parties of a handover, read before the gate decides access to its case. */
export async function partiesOf(db: Db, handoverId: string): Promise<{ caseId: string; fromUserId: string; toUserId: string } | undefined> {
  const [row] = await db.query<{ case_id: string; from_user_id: string; to_user_id: string }>(
    `SELECT case_id, from_user_id, to_user_id FROM handovers WHERE id = $1`,
    [handoverId],
  );
  return row && { caseId: row.case_id, fromUserId: row.from_user_id, toUserId: row.to_user_id };
}

export async function hasOpenFrom(tx: Tx, caseId: string, fromUserId: string): Promise<boolean> {
  return (
    (await tx.one(`SELECT 1 FROM handovers h WHERE h.case_id = $1 AND h.from_user_id = $2 AND ${openHandoverSql('h')}`, [
      caseId,
      fromUserId,
    ])) !== undefined
  );
}

export async function insert(
  tx: Tx,
  h: { caseId: string; fromUserId: string; toUserId: string; at: Date; reason: string | null; checklist: Checklist; respondBy: Date },
): Promise<string> {
  const created = await tx.one<{ id: string }>(
    `INSERT INTO handovers (case_id, from_user_id, to_user_id, status, proposed_at, reason, checklist, respond_by, updated_at)
     VALUES ($1, $2, $3, 'proposed', $4, $5, $6::jsonb, $7, $4) RETURNING id`,
    [h.caseId, h.fromUserId, h.toUserId, h.at, h.reason, JSON.stringify(h.checklist), h.respondBy],
  );
  return created!.id;
}

/** The caller's own handovers, newest first. */
export async function ofUser(
  tx: Tx,
  userId: string,
  filter: { direction?: HandoverDirection; status?: HandoverStatus },
  after: { at: string; id: string } | null | undefined,
  take: number,
): Promise<HandoverRow[]> {
  return tx.query<HandoverRow>(
    `SELECT ${HANDOVER_COLUMNS} FROM handovers h JOIN cases c ON c.id = h.case_id
      WHERE (($2::text IS NULL AND (h.from_user_id = $1 OR h.to_user_id = $1))
             OR ($2 = 'outgoing' AND h.from_user_id = $1)
             OR ($2 = 'incoming' AND h.to_user_id = $1))
        AND ($3::text IS NULL OR h.status = $3)
        AND ($4::timestamptz IS NULL OR (h.proposed_at, h.id) < ($4::timestamptz, $5::uuid))
      ORDER BY h.proposed_at DESC, h.id DESC LIMIT $6`,
    [userId, filter.direction ?? null, filter.status ?? null, after?.at ?? null, after?.id ?? null, take],
  );
}

/**
 * One transition's write: status and the columns it sets, in one statement so that each timestamp
 * and its status arrive together (the table's CHECKs), under the version the client read (409 when
 * stale). The row is locked since load, so only a version the client sent can be stale here.
 */
export async function moveTo(
  tx: Tx,
  row: HandoverRow,
  version: number,
  next: HandoverStatus,
  now: Date,
  columns: [TransitionColumn | string, unknown][],
): Promise<void> {
  await updateVersioned(tx, {
    table: 'handovers',
    what: 'handover',
    id: row.id,
    version,
    set: `status = $3, updated_at = $4${columns.map(([column], i) => `, ${column} = $${i + 5}`).join('')}`,
    params: [next, now, ...columns.map(([, value]) => value)],
  });
}

/**
 * Every open handover a user sends or receives, locked (FOR UPDATE) in id order, so that a
 * concurrent transition of one of them waits for the deactivation and then finds it withdrawn.
 */
export async function openOfUserForUpdate(tx: Tx, userId: string): Promise<HandoverRow[]> {
  return tx.query<HandoverRow>(
    `SELECT ${HANDOVER_COLUMNS} FROM handovers h JOIN cases c ON c.id = h.case_id
      WHERE (h.to_user_id = $1 OR h.from_user_id = $1) AND ${openHandoverSql('h')}
      ORDER BY h.id FOR UPDATE OF h`,
    [userId],
  );
}
