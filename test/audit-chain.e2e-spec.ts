import { randomUUID } from 'node:crypto';
import {
  AUDIT_EVENT_COLUMN_NAMES,
  AuditSealer,
  AuditVerifier,
  AuditWriter,
  chainHash,
  GENESIS_HASH,
  type AuditEntry,
  type AuditEventRow,
} from '@oneroof/audit';
import { Db, Tx } from '@oneroof/platform';
import { AuditCheckpoints } from '@oneroof/audit';
import { createTestApp, TEST_PASSWORD, waitFor, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';
import { AuditSealing } from '../apps/worker/src/audit-sealing';

/**
 * design.md §3: the audit trail is append-only at the database level and tamper-evident; the chain
 * is sealed in commit order (libs/audit/src/audit-chain.ts). These tests change the chain on
 * purpose, so they run in a database of their own, in order.
 */
describe('audit chain: append-only, sealing in commit order, tamper detection', () => {
  let ctx: TestContext;
  let user: TestUser;
  let writer: AuditWriter;
  let sealer: AuditSealer;
  let verifier: AuditVerifier;
  let appDb: Db;

  const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
    actor: { id: user.id, discipline: user.discipline, organisationId: user.organisationId },
    action: 'case.read',
    resourceType: 'case',
    resourceId: randomUUID(),
    caseId: randomUUID(),
    personIds: [randomUUID()],
    outcome: 'success',
    purpose: 'team_member',
    ...overrides,
  });
  const write = (overrides: Partial<AuditEntry> = {}) => appDb.transaction((tx) => writer.record(tx, entry(overrides)));
  const count = async (table: string) => Number((await ctx.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`))[0].n);
  /** Runs statements with the append-only triggers off: what someone with superuser rights could do. */
  const bypassTriggers = (fn: (tx: Tx) => Promise<unknown>) =>
    ctx.db.transaction(async (tx) => {
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await fn(tx);
    });

  beforeAll(async () => {
    ctx = await createTestApp();
    user = await ctx.factory.user({ discipline: 'police' });
    writer = ctx.app.get(AuditWriter);
    sealer = ctx.app.get(AuditSealer);
    verifier = ctx.app.get(AuditVerifier);
    appDb = ctx.app.get(Db);
  });
  afterAll(() => ctx.close());

  it('hashes every column of audit_events (a new column must be added to the canonical form)', async () => {
    const columns = await ctx.db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'audit_events' ORDER BY column_name`,
    );
    expect(columns.map((c) => c.column_name)).toEqual([...AUDIT_EVENT_COLUMN_NAMES].sort());
  });

  it('seals logins and written events into one chain from the genesis hash, and verify finds it valid', async () => {
    const http = () => request(ctx.app.getHttpServer());
    expect((await http().post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD })).status).toBe(200);
    expect((await http().post('/api/auth/login').send({ email: user.email, password: 'wrong password!' })).status).toBe(401);
    for (let i = 0; i < 5; i++) await write();
    expect(await count('audit_events')).toBe(7);
    expect(await count('audit_seal_queue')).toBe(7);

    expect(await sealer.sealPending()).toEqual({ sealed: 7, ran: true });
    expect(await count('audit_seal_queue')).toBe(0);
    const chain = await ctx.db.query<{ position: string; seq: string; event_id: string; prev_hash: string; hash: string }>(
      `SELECT position::text, seq::text, event_id, prev_hash, hash FROM audit_chain ORDER BY position`,
    );
    expect(chain.map((c) => c.position)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(chain[0].prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < chain.length; i++) expect(chain[i].prev_hash).toBe(chain[i - 1].hash);
    // The first link, recomputed here from the row as stored.
    const [first] = await ctx.db.query<AuditEventRow>(`SELECT *, seq::text AS seq FROM audit_events WHERE seq = $1`, [chain[0].seq]);
    expect(chain[0].event_id).toBe(first.id);
    expect(chain[0].hash).toBe(chainHash(GENESIS_HASH, first));

    expect(await verifier.verify({ full: true })).toMatchObject(ok(7));
    // Nothing left to seal: a second run is a no-op.
    expect(await sealer.sealPending()).toEqual({ sealed: 0, ran: true });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on audit_events and audit_chain, for the owner too', async () => {
    const statements = [
      [`UPDATE audit_events SET action = 'x'`, 'UPDATE on audit_events'],
      [`DELETE FROM audit_events`, 'DELETE on audit_events'],
      [`TRUNCATE audit_events CASCADE`, 'TRUNCATE on audit_events'],
      [`UPDATE audit_chain SET hash = 'x'`, 'UPDATE on audit_chain'],
      [`DELETE FROM audit_chain`, 'DELETE on audit_chain'],
      [`TRUNCATE audit_chain`, 'TRUNCATE on audit_chain'],
    ];
    for (const [sql, what] of statements) {
      await expect(ctx.db.query(sql)).rejects.toThrow(`the audit trail is append-only: ${what} is refused`);
    }
    expect(await count('audit_events')).toBe(7);
    expect(await count('audit_chain')).toBe(7);
    expect((await ctx.db.query(`SELECT 1 FROM audit_events WHERE action = 'x'`)).length).toBe(0);
  });

  it('chains in commit order: an event with a lower seq that commits last is sealed after, and the chain stays valid', async () => {
    const runnerA = ctx.dataSource.createQueryRunner();
    const runnerB = ctx.dataSource.createQueryRunner();
    await runnerA.connect();
    await runnerB.connect();
    try {
      await runnerA.startTransaction();
      await runnerB.startTransaction();
      const idA = await writer.record(new Tx(runnerA), entry({ action: 'first.insert' }));
      const idB = await writer.record(new Tx(runnerB), entry({ action: 'second.insert' }));
      const seqOf = async (id: string, tx: Tx) =>
        (await tx.query<{ seq: string }>(`SELECT seq::text FROM audit_events WHERE id = $1`, [id]))[0].seq;
      const seqA = BigInt(await seqOf(idA, new Tx(runnerA)));
      const seqB = BigInt(await seqOf(idB, new Tx(runnerB)));
      expect(seqA < seqB).toBe(true);

      await runnerB.commitTransaction();
      // A is still open: its event is invisible to the sealer and is left for later, not skipped.
      expect(await sealer.sealPending()).toEqual({ sealed: 1, ran: true });
      expect(await verifier.verify({ full: true })).toMatchObject(ok(8));

      await runnerA.commitTransaction();
      expect(await sealer.sealPending()).toEqual({ sealed: 1, ran: true });
      const positions = await ctx.db.query<{ position: string; event_id: string }>(
        `SELECT position::text, event_id FROM audit_chain WHERE event_id = ANY($1::uuid[]) ORDER BY position`,
        [[idA, idB]],
      );
      expect(positions).toEqual([
        { position: '8', event_id: idB },
        { position: '9', event_id: idA },
      ]);
      expect(await verifier.verify({ full: true })).toMatchObject(ok(9));
    } finally {
      if (runnerA.isTransactionActive) await runnerA.rollbackTransaction();
      if (runnerB.isTransactionActive) await runnerB.rollbackTransaction();
      await runnerA.release();
      await runnerB.release();
    }
  });

  it('lets only one sealer work at a time: a second one skips while the first holds the lock', async () => {
    await write();
    const runner = ctx.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query(`SELECT pg_advisory_xact_lock(75130001)`);
      expect(await sealer.sealPending()).toEqual({ sealed: 0, ran: false });
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    expect(await sealer.sealPending()).toEqual({ sealed: 1, ran: true });
  });

  it('seals in the worker: once at start and then every second', async () => {
    await write();
    const sealing = new AuditSealing(sealer, ctx.app.get(AuditCheckpoints));
    sealing.onApplicationBootstrap();
    try {
      await waitFor('the queue sealed at start', async () => (await count('audit_seal_queue')) === 0, 3000);
      const id = await write({ action: 'after.start' });
      await waitFor(
        'the next event sealed',
        async () => (await ctx.db.query(`SELECT 1 FROM audit_chain WHERE event_id = $1`, [id])).length === 1,
        3000,
      );
    } finally {
      await sealing.onApplicationShutdown();
    }
    expect(await count('audit_chain')).toBe(12);
    expect(await verifier.verify({ full: true })).toMatchObject(ok(12));
  });

  it('names exactly the event whose row was changed, and is valid again once the change is undone', async () => {
    const [target] = await ctx.db.query<{ id: string; action: string }>(
      `SELECT e.id, e.action FROM audit_chain c JOIN audit_events e ON e.seq = c.seq WHERE c.position = 5`,
    );
    expect(target.action).toBe('case.read');
    await bypassTriggers((tx) => tx.query(`UPDATE audit_events SET action = 'case.list' WHERE id = $1`, [target.id]));
    expect(await verifier.verify({ full: true })).toMatchObject(broken(12, target.id, 'hash_mismatch'));

    await bypassTriggers((tx) => tx.query(`UPDATE audit_events SET action = $2 WHERE id = $1`, [target.id, target.action]));
    expect(await verifier.verify({ full: true })).toMatchObject(ok(12));

    // A change to a timestamp of one millisecond is as visible as any other.
    await bypassTriggers((tx) => tx.query(`UPDATE audit_events SET at = at + interval '1 millisecond' WHERE id = $1`, [target.id]));
    expect(await verifier.verify({ full: true })).toMatchObject(broken(12, target.id, 'hash_mismatch'));
    await bypassTriggers((tx) => tx.query(`UPDATE audit_events SET at = at - interval '1 millisecond' WHERE id = $1`, [target.id]));
    expect(await verifier.verify({ full: true })).toMatchObject(ok(12));
  });

  it('names the first of two changed events, and a changed chain link too', async () => {
    const ids = await ctx.db.query<{ position: string; id: string }>(
      `SELECT c.position::text, e.id FROM audit_chain c JOIN audit_events e ON e.seq = c.seq WHERE c.position IN (3, 5) ORDER BY c.position`,
    );
    await bypassTriggers((tx) => tx.query(`UPDATE audit_events SET outcome = 'denied' WHERE id = $1`, [ids[1].id]));
    expect(await verifier.verify({ full: true })).toMatchObject(broken(12, ids[1].id, 'hash_mismatch'));
    await bypassTriggers((tx) => tx.query(`UPDATE audit_chain SET hash = repeat('b', 64) WHERE position = 3`));
    expect(await verifier.verify({ full: true })).toMatchObject(broken(12, ids[0].id, 'hash_mismatch'));
  });
});

describe('audit chain: removed and smuggled rows', () => {
  let ctx: TestContext;
  let writer: AuditWriter;
  let verifier: AuditVerifier;
  let appDb: Db;
  const write = (action: string) =>
    appDb.transaction((tx) =>
      writer.record(tx, { actor: null, action, resourceType: 'user', outcome: 'denied', purpose: 'administration' }),
    );
  const bypassTriggers = (sql: string, params: unknown[]) =>
    ctx.db.transaction(async (tx) => {
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await tx.query(sql, params);
    });

  beforeAll(async () => {
    ctx = await createTestApp();
    writer = ctx.app.get(AuditWriter);
    verifier = ctx.app.get(AuditVerifier);
    appDb = ctx.app.get(Db);
  });
  afterAll(() => ctx.close());

  it('names a deleted event by its id, and is valid again once the row is put back as it was', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await write(`login.${i}`));
    expect(await verifier.verify({ full: true })).toMatchObject(ok(4));

    const [saved] = await ctx.db.query<Record<string, unknown>>(`SELECT * FROM audit_events WHERE id = $1`, [ids[2]]);
    await bypassTriggers(`DELETE FROM audit_events WHERE id = $1`, [ids[2]]);
    expect(await verifier.verify({ full: true })).toMatchObject(broken(4, ids[2], 'hash_mismatch'));

    const columns = Object.keys(saved);
    await ctx.db.query(
      `INSERT INTO audit_events (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      columns.map((c) => saved[c]),
    );
    expect(await verifier.verify({ full: true })).toMatchObject(ok(4));
  });

  it('names an event inserted around the writer (neither chained nor queued)', async () => {
    const [smuggled] = await ctx.db.query<{ id: string }>(
      `INSERT INTO audit_events (at, action, resource_type, outcome, purpose) VALUES (now(), 'smuggled', 'case', 'success', 'team_member') RETURNING id`,
    );
    await write('after.smuggled');
    expect(await verifier.verify({ full: true })).toMatchObject(broken(5, smuggled.id, 'unchained_event'));
  });
});

/** A full verification (from the genesis link: each valid one signs a checkpoint an incremental run would start at). */
function ok(checked: number) {
  return { valid: true, checked, firstBrokenId: null, reason: null, brokenCheckpoint: null, fromPosition: '1', full: true };
}
function broken(checked: number, firstBrokenId: string | null, reason: string) {
  return { valid: false, checked, firstBrokenId, reason, brokenCheckpoint: null, fromPosition: '1', full: true };
}
