import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { Pool } from 'pg';

/**
 * The least-work baseline for the audited case read (issue 11): what any service must do at the
 * least to serve `GET /api/cases/:id` under design.md §3, written the plain way with bare node:http
 * and pg (unnamed statements, one after another): check the token's HMAC and lifetime, then in one
 * transaction a membership check, the case, its persons, its team and one audit insert. No session,
 * no hash chain, no framework. The same-SQL baseline (raw-baseline.ts) hides where OneRoof's cost is;
 * this one shows what the work itself costs.
 */
const port = Number(process.env.PORT ?? 3992);
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20, application_name: 'bench-least-work' });
const key = Buffer.from(process.env.JWT_SECRET ?? '', 'utf8');

interface Claims {
  sub: string;
  exp: number;
}

function checkToken(header: string | undefined): Claims | null {
  if (!header?.startsWith('Bearer ')) return null;
  const [head, body, signature] = header.slice(7).split('.');
  if (!head || !body || !signature) return null;
  const expected = createHmac('sha256', key).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Claims;
  return typeof claims.sub === 'string' && claims.exp > Date.now() / 1000 ? claims : null;
}

async function read(userId: string, caseId: string): Promise<unknown> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const member = await client.query(`SELECT role FROM case_memberships WHERE case_id = $1 AND user_id = $2 AND until IS NULL`, [
      caseId,
      userId,
    ]);
    if (member.rowCount === 0) {
      await client.query('ROLLBACK');
      return null;
    }
    const header = await client.query(
      `SELECT id, reference, status, urgency, source, summary, opened_at, reported_at, closed_at, version FROM cases WHERE id = $1`,
      [caseId],
    );
    const persons = await client.query(
      `SELECT id, first_name, last_name, family_role, involvement, version FROM case_persons WHERE case_id = $1 ORDER BY created_at, id`,
      [caseId],
    );
    const team = await client.query(`SELECT user_id, role, since FROM case_memberships WHERE case_id = $1 AND until IS NULL`, [caseId]);
    await client.query(
      `INSERT INTO audit_events (at, actor_id, action, resource_type, resource_id, case_id, person_ids, outcome, purpose)
       VALUES (now(), $1, 'case.read', 'case', $2, $2, $3, 'success', 'team_member')`,
      [userId, caseId, persons.rows.map((p: { id: string }) => p.id)],
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
  const claims = checkToken(request.headers.authorization);
  if (!match || !claims) {
    response.writeHead(match ? 401 : 404).end();
    return;
  }
  read(claims.sub, match[1]).then(
    (body) => {
      response.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    },
    () => response.writeHead(500).end(),
  );
}).listen(port, '127.0.0.1', () => process.stdout.write(`least-work baseline on ${port}\n`));
