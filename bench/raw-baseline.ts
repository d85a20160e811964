import { createServer } from 'node:http';
import { Pool } from 'pg';

/**
 * The raw baseline for the audited case read: bare node:http and pg doing the same SQL as
 * GET /api/cases/:id (load the caller, the access check, the read of case, persons and team, and
 * the audit insert with its seal-queue row) in one transaction, with nothing else around it: no
 * framework, no JWT, no validation. `npm run bench` runs it as its own process beside the API.
 */
const port = Number(process.env.PORT ?? 3991);
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20, application_name: 'bench-same-sql' });
const userId = process.env.BENCH_USER_ID ?? '';

async function read(caseId: string): Promise<unknown> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const user = await client.query(`SELECT id, discipline, roles, organisation_id FROM users WHERE id = $1 AND active`, [userId]);
    const facts = await client.query(
      `SELECT c.status, c.reference,
              (SELECT m.role FROM case_memberships m WHERE m.case_id = c.id AND m.user_id = $2 AND m.until IS NULL) AS team_role,
              EXISTS (SELECT 1 FROM handovers h WHERE h.case_id = c.id AND h.to_user_id = $2 AND h.status IN ('proposed','briefed')) AS receiver,
              (SELECT max(g.expires_at) FROM emergency_access_grants g WHERE g.case_id = c.id AND g.user_id = $2 AND g.expires_at > $3) AS emergency_until
         FROM cases c WHERE c.id = $1`,
      [caseId, userId, new Date()],
    );
    if (facts.rowCount === 0 || facts.rows[0].team_role === null) {
      await client.query('ROLLBACK');
      return null;
    }
    const header = await client.query(
      `SELECT c.*, (SELECT m.user_id FROM case_memberships m WHERE m.case_id = c.id AND m.role = 'lead' AND m.until IS NULL) AS lead_user_id
         FROM cases c WHERE c.id = $1`,
      [caseId],
    );
    const persons = await client.query(`SELECT * FROM case_persons p WHERE p.case_id = $1 ORDER BY p.created_at, p.id`, [caseId]);
    const team = await client.query(`SELECT user_id, role, since FROM case_memberships WHERE case_id = $1 AND until IS NULL`, [caseId]);
    const actor = user.rows[0];
    await client.query(
      `WITH event AS (
         INSERT INTO audit_events (at, actor_id, actor_discipline, actor_organisation_id, on_behalf_of_id, action, resource_type, resource_id,
           case_id, person_ids, outcome, purpose, request_id, ip, user_agent)
         VALUES ($1, $2, $3, $4, NULL, 'case.read', 'case', $5, $5, $6, 'success', 'team_member', NULL, NULL, NULL) RETURNING seq, at)
       INSERT INTO audit_seal_queue (seq, at) SELECT seq, at FROM event`,
      [new Date(), actor.id, actor.discipline, actor.organisation_id, caseId, persons.rows.map((p: { id: string }) => p.id)],
    );
    await client.query('COMMIT');
    return { ...header.rows[0], persons: persons.rows, team: team.rows };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

createServer((request, response) => {
  const match = /^\/api\/cases\/([0-9a-f-]{36})$/.exec(request.url ?? '');
  if (!match) {
    response.writeHead(404).end();
    return;
  }
  read(match[1]).then(
    (body) => {
      response.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    },
    () => response.writeHead(500).end(),
  );
}).listen(port, '127.0.0.1', () => process.stdout.write(`raw baseline on ${port}\n`));
