import type { Db, Tx } from '@oneroof/platform';

/** emergency_access_grants, the uses of break the glass, and their statements. */

export interface GrantRow {
  id: string;
  case_id: string;
  user_id: string;
  reason: string;
  granted_at: Date;
  expires_at: Date;
  review_verdict: 'justified' | 'unjustified' | null;
  review_note: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
}

const GRANT_COLUMNS = 'id, case_id, user_id, reason, granted_at, expires_at, review_verdict, review_note, reviewed_by, reviewed_at';

export async function insertGrant(
  tx: Tx,
  g: { caseId: string; userId: string; reason: string; at: Date; expiresAt: Date },
): Promise<GrantRow> {
  const row = await tx.one<GrantRow>(
    `INSERT INTO emergency_access_grants (case_id, user_id, reason, granted_at, expires_at) VALUES ($1, $2, $3, $4, $5)
         RETURNING ${GRANT_COLUMNS}`,
    [g.caseId, g.userId, g.reason, g.at, g.expiresAt],
  );
  return row!;
}

/** The case a grant belongs to, read before the gate decides access to that case. */
export async function caseOfGrant(db: Db, grantId: string): Promise<string | undefined> {
  return (await db.query<{ case_id: string }>(`SELECT case_id FROM emergency_access_grants WHERE id = $1`, [grantId]))[0]?.case_id;
}

/** Locked, so that a grant is reviewed once. */
export async function lockGrant(tx: Tx, grantId: string): Promise<GrantRow | undefined> {
  return tx.one<GrantRow>(`SELECT ${GRANT_COLUMNS} FROM emergency_access_grants WHERE id = $1 FOR UPDATE`, [grantId]);
}

export async function recordReview(
  tx: Tx,
  grantId: string,
  r: { verdict: 'justified' | 'unjustified'; note: string; by: string; at: Date },
): Promise<GrantRow> {
  const row = await tx.one<GrantRow>(
    `UPDATE emergency_access_grants SET review_verdict = $2, review_note = $3, reviewed_by = $4, reviewed_at = $5
            WHERE id = $1 RETURNING ${GRANT_COLUMNS}`,
    [grantId, r.verdict, r.note, r.by, r.at],
  );
  return row!;
}

/** Newest first; `reviewed` undefined lists all. `take` is one more than the page. */
export async function listGrants(
  tx: Tx,
  q: { reviewed?: boolean; after: { at: string; id: string } | null; take: number },
): Promise<GrantRow[]> {
  return tx.query<GrantRow>(
    `SELECT ${GRANT_COLUMNS} FROM emergency_access_grants
          WHERE ($1::boolean IS NULL OR (review_verdict IS NOT NULL) = $1)
            AND ($2::timestamptz IS NULL OR (granted_at, id) < ($2::timestamptz, $3::uuid))
          ORDER BY granted_at DESC, id DESC LIMIT $4`,
    [q.reviewed ?? null, q.after?.at ?? null, q.after?.id ?? null, q.take],
  );
}
