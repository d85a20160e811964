import { AuditSealer, VERIFIER_LOCK_KEY } from '@oneroof/audit';
import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import { Client } from 'pg';
import request from 'supertest';

/**
 * What a verification must answer when the trail or its neighbours are not what AuditWriter makes
 * (a review of the verification in Postgres, session 4): a second verification while one runs is
 * a 409, not a fight for the pool; a link forged for an event JS dates cannot hold, or a link
 * inserted at a position that is already held, is a broken trail naming the forged row, never a 500.
 * Each test has its own database: each leaves its trail broken.
 */
describe('audit verification when the trail is odd or busy', () => {
  let ctx: TestContext;
  let coordinator: TestUser;
  const verify = (query = '') => request(ctx.app.getHttpServer()).get(`/api/audit/verify${query}`).set('Authorization', coordinator.auth);
  /** An event written around AuditWriter, queued as it would queue it; its id. */
  const queuedEvent = async (at: string, action: string) =>
    (
      await ctx.db.query<{ id: string }>(
        `WITH event AS (INSERT INTO audit_events (at, action, resource_type, outcome, purpose) VALUES (${at}, $1, 'case', 'success', 'team_member') RETURNING id, seq, at)
         INSERT INTO audit_seal_queue (seq, at) SELECT seq, at FROM event RETURNING (SELECT id FROM event)`,
        [action],
      )
    )[0].id;
  const chainHead = async () =>
    (
      await ctx.db.query<{ position: string; hash: string }>(
        `SELECT position::text AS position, hash FROM audit_chain ORDER BY position DESC LIMIT 1`,
      )
    )[0];

  beforeEach(async () => {
    ctx = await createTestApp();
    coordinator = await ctx.factory.coordinator();
    await request(ctx.app.getHttpServer()).get('/api/cases').set('Authorization', coordinator.auth).expect(200);
  });
  afterEach(async () => {
    await ctx?.close();
  });

  it('answers 409 VERIFY_RUNNING while another verification holds its lock, and verifies once it is let go', async () => {
    const other = new Client({ connectionString: ctx.config.databaseUrl });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock($1)', [VERIFIER_LOCK_KEY]);
      const busy = await verify();
      expect(problemOf(busy, 409).code).toBe('VERIFY_RUNNING');
      await other.query('COMMIT');
    } finally {
      await other.end();
    }
    expect((await verify().expect(200)).body).toMatchObject({ valid: true });
  });

  it("a forged link for an event at 'infinity' is a hash_mismatch naming that event, not a 500", async () => {
    await ctx.app.get(AuditSealer).sealPending({ wait: true });
    const id = await queuedEvent(`'infinity'`, 'forged');
    const [event] = await ctx.db.query<{ seq: string }>(`SELECT seq::text AS seq FROM audit_events WHERE id = $1`, [id]);
    const head = await chainHead();
    await ctx.db.query(
      `INSERT INTO audit_chain (position, seq, event_id, prev_hash, hash, at) VALUES ($1, $2, $3, $4, repeat('a', 64), 'infinity')`,
      [(BigInt(head.position) + 1n).toString(), event.seq, id, head.hash],
    );
    await ctx.db.query(`DELETE FROM audit_seal_queue WHERE seq = $1`, [event.seq]);
    const res = await verify('?full=true').expect(200);
    expect(res.body).toMatchObject({ valid: false, reason: 'hash_mismatch', firstBrokenId: id });
  });

  it('a link inserted at a position a verified checkpoint names is a broken trail naming the inserted event, not a 500', async () => {
    expect((await verify().expect(200)).body).toMatchObject({ valid: true });
    const head = await chainHead();
    const id = await queuedEvent('now()', 'inserted beside');
    const [event] = await ctx.db.query<{ seq: string; at: string }>(
      `SELECT seq::text AS seq, at::text AS at FROM audit_events WHERE id = $1`,
      [id],
    );
    await ctx.db.query(`DELETE FROM audit_seal_queue WHERE seq = $1`, [event.seq]);
    // Its month may be the genuine link's: the key is (position, at), and `at` differs.
    await ctx.db.query(`INSERT INTO audit_chain (position, seq, event_id, prev_hash, hash, at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      head.position,
      event.seq,
      id,
      head.hash,
      head.hash,
      event.at,
    ]);
    // The incremental run starts after the checkpoint, where the inserted link is not: it answers
    // (its start, read with the position held twice, was a 500 before), and only the full run,
    // which recomputes from the first link, finds the insertion, as the README says of any change
    // before the last verified checkpoint.
    expect((await verify()).status).toBe(200);
    expect((await verify('?full=true').expect(200)).body).toMatchObject({ valid: false, reason: 'hash_mismatch', firstBrokenId: id });
  });
});
