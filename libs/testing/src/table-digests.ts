import type { Db } from '@oneroof/platform';

/**
 * Every row of every table in the public schema, as one digest per table: a refused request must
 * leave all of them as they were. `except` leaves tables out (e.g. the audit log, where a refusal
 * that reached the gate is rightly recorded).
 */
export async function tableDigests(db: Db, except: string[] = []): Promise<Record<string, string>> {
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const digests: Record<string, string> = {};
  for (const { table_name: table } of tables) {
    if (except.includes(table)) continue;
    // A session's last_seen_at records that a request came at all (design.md §9: idle is "without a
    // request"), a refused one too; it is not data the request changed.
    const rows = table === 'sessions' ? `(SELECT id, user_id, created_at, expires_at, ended_at, end_reason FROM sessions)` : `"${table}"`;
    const [row] = await db.query<{ digest: string | null }>(
      `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM ${rows} t`,
    );
    digests[table] = row.digest ?? '';
  }
  return digests;
}
