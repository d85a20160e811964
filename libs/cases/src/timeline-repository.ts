import { disciplineMask } from '@oneroof/access';
import type { Tx } from '@oneroof/platform';

/**
 * The case_timeline view (a migration states it: everything that happened in a case, from the
 * tables of every context) and its one read, masked in SQL for the reader's discipline (`$2`).
 */
export interface TimelineRow {
  at: Date;
  cursor_at: string;
  sort_key: string;
  kind: string;
  actor_id: string | null;
  subject_id: string;
  restricted_discipline: string | null;
  restricted: boolean;
  detail: Record<string, unknown> | null;
  person_ids: string[];
  disclosure: Record<string, unknown> | null;
}

const mask = disciplineMask('t.restricted_discipline', '$2');

/**
 * Newest first, before `after` (a cursor's moment and key); `take` is one more than the page.
 * `cursor_at` keeps microseconds, which a Date would drop, so that a row a few microseconds later
 * does not fall between pages.
 */
export async function listTimeline(
  tx: Tx,
  q: { caseId: string; readerDiscipline: string | null; after: { at: string; key: string } | null; take: number },
): Promise<TimelineRow[]> {
  return tx.query<TimelineRow>(
    `SELECT t.at, to_char(t.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at, t.sort_key, t.kind, t.actor_id, t.subject_id, t.restricted_discipline, t.disclosure,
                ${mask.restricted()}, ${mask.column('t.detail', 'detail')}, ${mask.column('t.person_ids', 'person_ids', `'{}'::uuid[]`)}
           FROM case_timeline t
          WHERE t.case_id = $1 AND ($3::timestamptz IS NULL OR (t.at, t.sort_key) < ($3::timestamptz, $4::text))
          ORDER BY t.at DESC, t.sort_key DESC LIMIT $5`,
    [q.caseId, q.readerDiscipline, q.after?.at ?? null, q.after?.key ?? null, q.take],
  );
}
