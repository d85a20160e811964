import { randomUUID } from 'node:crypto';
import {
  AuditPartitions,
  AuditSealer,
  AuditVerifier,
  AuditWriter,
  chainHash,
  GENESIS_HASH,
  SEALER_LOCK_KEY,
  type AuditEntry,
  type AuditEventRow,
} from '@oneroof/audit';
import { createDataSource, Db, type AppConfig, type Tx } from '@oneroof/platform';
import { createTestApp, createTestDatabase, dropDatabase, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';
import { AuditPartitioning } from '../apps/worker/src/audit-partitioning';

/**
 * design.md §6, §11, issue 11 "audit at scale": audit_events and audit_chain partitioned by month
 * (migration 1766000100000), partitions made ahead by the worker with the parents' rights, the move
 * of an existing log, incremental verification from the last verified checkpoint, and tampering
 * still found where links cross a month boundary.
 */
const monthName = (table: string, d: Date) => `${table}_y${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
const monthsFromNow = (n: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + n, 1));
};

/** Someone holding the owner's login: triggers off, the sealer's lock held. */
const asTamperer = (ctx: TestContext, fn: (tx: Tx) => Promise<unknown>) =>
  ctx.db.transaction(async (tx) => {
    await tx.query(`SET LOCAL session_replication_role = replica`);
    await tx.query(`SELECT pg_advisory_xact_lock($1)`, [SEALER_LOCK_KEY]);
    await fn(tx);
  });

describe('audit partitions: made ahead by the worker, with the rights of their parents', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx?.close());

  const rights = (table: string) =>
    ctx.db.query<{ sel: boolean; ins: boolean; upd: boolean; del: boolean; trunc: boolean }>(
      `SELECT has_table_privilege('oneroof_app', $1, 'SELECT') AS sel, has_table_privilege('oneroof_app', $1, 'INSERT') AS ins,
              has_table_privilege('oneroof_app', $1, 'UPDATE') AS upd, has_table_privilege('oneroof_app', $1, 'DELETE') AS del,
              has_table_privilege('oneroof_app', $1, 'TRUNCATE') AS trunc`,
      [table],
    );

  it('has this month and the next three of both tables, and a default partition, each read-and-append only for the app', async () => {
    const partitions = await ctx.app.get(AuditPartitions).list();
    for (const table of ['audit_events', 'audit_chain']) {
      const names = partitions.filter((p) => p.table === table).map((p) => p.name);
      for (let i = 0; i <= 3; i++) expect(names).toContain(monthName(table, monthsFromNow(i)));
      expect(names).toContain(`${table}_default`);
      for (const name of names)
        expect({ name, ...(await rights(name))[0] }).toEqual({ name, sel: true, ins: true, upd: false, del: false, trunc: false });
    }
    const current = partitions.find((p) => p.name === monthName('audit_events', monthsFromNow(0)))!;
    expect(current.from).toEqual(monthsFromNow(0));
    expect(current.to).toEqual(monthsFromNow(1));
  });

  it("every month's GIN indexes (person_ids, case_ids) keep no pending list, so that a search need not wait for a vacuum", async () => {
    const rows = await ctx.db.query<{ index: string; options: string[] | null }>(
      `SELECT i.relname AS index, i.reloptions AS options
         FROM pg_inherits h JOIN pg_class p ON p.oid = h.inhparent JOIN pg_class i ON i.oid = h.inhrelid
        WHERE p.relname IN ('audit_events_person_idx', 'audit_events_case_ids_idx')`,
    );
    // this month, three ahead and the default, for each of the two indexes
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const row of rows) expect({ index: row.index, options: row.options }).toEqual({ index: row.index, options: ['fastupdate=off'] });
  });

  it('the worker, logged in as the app role, makes the months ahead that are missing, append-only like the rest', async () => {
    // As if the furthest months had never been made (the owner may drop an empty partition).
    const gone = [2, 3].flatMap((n) => ['audit_events', 'audit_chain'].map((t) => monthName(t, monthsFromNow(n))));
    for (const name of gone) await ctx.db.query(`DROP TABLE ${name}`);
    const job = new AuditPartitioning(ctx.app.get(AuditPartitions));
    expect((await job.tick()).sort()).toEqual([...gone].sort());
    expect(await job.tick()).toEqual([]);

    for (const name of gone)
      expect({ name, ...(await rights(name))[0] }).toEqual({ name, sel: true, ins: true, upd: false, del: false, trunc: false });
    // Rows dated in a new month land in its partition; the owner cannot change or truncate it either.
    const at = new Date(monthsFromNow(3).getTime() + 86_400_000);
    const appDb = ctx.app.get(Db);
    const id = await appDb.transaction((tx) =>
      ctx.app
        .get(AuditWriter)
        .record(tx, { actor: null, action: 'test.ahead', resourceType: 'case', outcome: 'success', purpose: 'administration', at }),
    );
    const [row] = await ctx.db.query<{ part: string }>(`SELECT tableoid::regclass::text AS part FROM audit_events WHERE id = $1`, [id]);
    expect(row.part).toBe(monthName('audit_events', monthsFromNow(3)));
    const partition = monthName('audit_events', monthsFromNow(3));
    await expect(ctx.db.query(`UPDATE ${partition} SET action = 'x'`)).rejects.toThrow(/append-only: UPDATE on audit_events is refused/);
    await expect(ctx.db.query(`DELETE FROM ${partition}`)).rejects.toThrow(/append-only: DELETE on audit_events/);
    await expect(ctx.db.query(`TRUNCATE ${partition}`)).rejects.toThrow(/append-only: TRUNCATE/);
    await ctx.app.get(AuditSealer).sealPending({ wait: true });
    const [link] = await ctx.db.query<{ part: string }>(`SELECT tableoid::regclass::text AS part FROM audit_chain WHERE event_id = $1`, [
      id,
    ]);
    expect(link.part).toBe(monthName('audit_chain', monthsFromNow(3)));
  });

  it('a month that already has rows in the default partition stays there (no failed run), and nothing else is refused', async () => {
    const far = new Date(Date.UTC(2099, 4, 17));
    const appDb = ctx.app.get(Db);
    await appDb.transaction((tx) =>
      ctx.app
        .get(AuditWriter)
        .record(tx, { actor: null, action: 'test.far', resourceType: 'case', outcome: 'success', purpose: 'administration', at: far }),
    );
    const [row] = await ctx.db.query<{ part: string }>(
      `SELECT tableoid::regclass::text AS part FROM audit_events WHERE action = 'test.far'`,
    );
    expect(row.part).toBe('audit_events_default');
    expect(await ctx.db.query(`SELECT audit_add_month_partitions('2099-05-01')`)).toEqual([]);
    expect(await ctx.db.query(`SELECT to_regclass('audit_events_y2099m05') AS t`)).toEqual([{ t: null }]);
  });

  it('an event whose time has microseconds (written by SQL, not from a Date) is sealed into a link that finds it', async () => {
    await ctx.db.query(
      `WITH event AS (INSERT INTO audit_events (at, action, resource_type, outcome, purpose)
         VALUES (date_trunc('second', now()) + interval '123456 microseconds', 'test.micro', 'case', 'success', 'administration') RETURNING seq, at)
       INSERT INTO audit_seal_queue (seq, at) SELECT seq, at FROM event`,
    );
    await ctx.app.get(AuditSealer).sealPending({ wait: true });
    const [link] = await ctx.db.query<{ found: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM audit_events e WHERE e.seq = c.seq AND e.at = c.at) AS found
         FROM audit_chain c JOIN audit_events e ON e.seq = c.seq WHERE e.action = 'test.micro'`,
    );
    expect(link).toEqual({ found: true });
    expect(await ctx.app.get(AuditVerifier).verify({ full: true })).toMatchObject({ valid: true });
  });

  it('the function takes only a sane number of months', async () => {
    await expect(ctx.app.get(AuditPartitions).ensureAhead(1000)).rejects.toThrow(/months_ahead must be 0 to 24/);
  });
});

describe('audit partitions: the migration moves an existing log without losing or reordering a row', () => {
  it('keeps every event, link and queue entry as it was, each in its month, and the chain verifies exactly', async () => {
    const db = await createTestDatabase();
    const ds = createDataSource(db.url, { poolSize: 2 });
    await ds.initialize();
    try {
      const latest = async () =>
        ((await ds.query(`SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1`)) as { name: string }[])[0].name;
      // Back to the schema before the partitioning (later migrations first).
      for (;;) {
        const name = await latest();
        await ds.undoLastMigration({ transaction: 'each' });
        if (name === 'AuditPartitions1766000100000') break;
      }
      expect(((await ds.query(`SELECT relkind FROM pg_class WHERE relname = 'audit_events'`)) as { relkind: string }[])[0].relkind).toBe(
        'r',
      );

      // An old log: 300 events over three months, sealed in an order that is not seq order (commit
      // order), the last 7 still queued.
      const months = [Date.UTC(2025, 9, 20), Date.UTC(2025, 10, 3), Date.UTC(2025, 11, 30)];
      for (let i = 0; i < 300; i++) {
        await ds.query(
          `INSERT INTO audit_events (at, actor_id, action, resource_type, case_id, person_ids, outcome, purpose, user_agent)
           VALUES ($1, $2, $3, 'case', $4, $5, 'success', 'team_member', $6)`,
          [new Date(months[i % 3] + i * 1000), randomUUID(), `case.read.${i}`, randomUUID(), [randomUUID()], `agent "${i}" \\ é`],
        );
      }
      await ds.query(`INSERT INTO audit_seal_queue (seq) SELECT seq FROM audit_events`);
      const events = (await ds.query(`SELECT e.*, e.seq::text AS seq FROM audit_events e ORDER BY e.seq`)) as AuditEventRow[];
      const order = events.slice(0, 293).sort((a, b) => (Number(a.seq) % 7) - (Number(b.seq) % 7) || Number(a.seq) - Number(b.seq));
      let prev = GENESIS_HASH;
      for (const [index, event] of order.entries()) {
        const hash = chainHash(prev, event);
        await ds.query(`INSERT INTO audit_chain (position, seq, event_id, prev_hash, hash) VALUES ($1, $2, $3, $4, $5)`, [
          index + 1,
          event.seq,
          event.id,
          prev,
          hash,
        ]);
        prev = hash;
      }
      await ds.query(`DELETE FROM audit_seal_queue WHERE seq IN (SELECT seq FROM audit_chain)`);
      const snapshot = async () => ({
        events: (await ds.query(`SELECT e.*, e.seq::text AS seq FROM audit_events e ORDER BY e.seq`)) as Record<string, unknown>[],
        chain: (await ds.query(
          `SELECT position::text, seq::text, event_id, prev_hash, hash, sealed_at FROM audit_chain ORDER BY position`,
        )) as Record<string, unknown>[],
        queue: (await ds.query(`SELECT seq::text FROM audit_seal_queue ORDER BY seq`)) as Record<string, unknown>[],
      });
      const before = await snapshot();
      expect(before.chain).toHaveLength(293);
      expect(before.queue).toHaveLength(7);

      await ds.runMigrations({ transaction: 'each' });
      expect(((await ds.query(`SELECT relkind FROM pg_class WHERE relname = 'audit_events'`)) as { relkind: string }[])[0].relkind).toBe(
        'p',
      );
      // Later migrations add columns (case_ids, 1766000300000) with their defaults: the rest is as it was.
      const after = await snapshot();
      expect(after.events.every((e) => Array.isArray(e.case_ids) && e.case_ids.length === 0)).toBe(true);
      expect({ ...after, events: after.events.map(({ case_ids: _added, ...rest }) => rest) }).toEqual(before);
      // Each event, and each link, in the partition of its event's month.
      const misplaced = (await ds.query(
        `SELECT e.seq FROM audit_events e WHERE e.tableoid::regclass::text <> 'audit_events_y' || to_char(e.at AT TIME ZONE 'UTC', 'YYYY"m"MM')
         UNION ALL
         SELECT c.seq FROM audit_chain c JOIN audit_events e ON e.seq = c.seq
          WHERE c.at <> e.at OR c.tableoid::regclass::text <> 'audit_chain_y' || to_char(e.at AT TIME ZONE 'UTC', 'YYYY"m"MM')`,
      )) as unknown[];
      expect(misplaced).toEqual([]);
      // The queue kept the times of its events (the sealer's partition lookup).
      expect(
        await ds.query(`SELECT q.seq FROM audit_seal_queue q JOIN audit_events e ON e.seq = q.seq WHERE q.at IS DISTINCT FROM e.at`),
      ).toEqual([]);

      // The verifier, on the moved log: seals the 7 queued, then recomputes all 300 links.
      const appDb = new Db(ds);
      const sealer = new AuditSealer(appDb);
      const verifier = new AuditVerifier(appDb, sealer, { auditSigningKey: 'k'.repeat(32) } as AppConfig);
      expect(await verifier.verify({ full: true })).toMatchObject({
        valid: true,
        checked: 300,
        reason: null,
        fromPosition: '1',
        full: true,
      });
      const positions = (await ds.query(`SELECT seq::text FROM audit_chain ORDER BY position LIMIT 293`)) as { seq: string }[];
      expect(positions.map((p) => p.seq)).toEqual(order.map((e) => e.seq));
    } finally {
      await ds.destroy();
      await dropDatabase(db.name);
    }
  });
});

describe('audit verification: incremental from the last verified checkpoint, full on request', () => {
  let ctx: TestContext;
  let coordinator: TestUser;
  let appDb: Db;
  const verify = (query = '') => request(ctx.app.getHttpServer()).get(`/api/audit/verify${query}`).set('Authorization', coordinator.auth);
  const write = async (n: number, overrides: (i: number) => Partial<AuditEntry> = () => ({})) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      ids.push(
        await appDb.transaction((tx) =>
          ctx.app.get(AuditWriter).record(tx, {
            actor: null,
            action: `test.event.${i}`,
            resourceType: 'case',
            caseId: randomUUID(),
            outcome: 'success',
            purpose: 'team_member',
            ...overrides(i),
          }),
        ),
      );
    }
    return ids;
  };
  const head = async () => (await ctx.db.query<{ p: string }>(`SELECT max(position)::text AS p FROM audit_chain`))[0].p;

  beforeAll(async () => {
    ctx = await createTestApp();
    coordinator = await ctx.factory.coordinator();
    appDb = ctx.app.get(Db);
  });
  afterAll(() => ctx?.close());

  it('the first verification is full and signs a verified checkpoint at the head it reached; the next starts after it', async () => {
    await write(30);
    const first = await verify().expect(200);
    expect(first.body).toMatchObject({ valid: true, full: true, fromPosition: '1', reason: null });
    const [verified] = await ctx.db.query<{ position: string }>(
      `SELECT position::text FROM audit_checkpoints WHERE kind = 'verified' ORDER BY position DESC LIMIT 1`,
    );
    expect(verified.position).toBe(String(first.body.checked));

    await write(10);
    const second = await verify().expect(200);
    // The ten, and the first verification's own audit event.
    expect(second.body).toMatchObject({ valid: true, full: false, fromPosition: String(Number(verified.position) + 1), checked: 11 });
    expect(second.body.lastCheckpoint).toMatchObject({ position: verified.position, source: 'stored' });

    const all = await verify('?full=true').expect(200);
    expect(all.body).toMatchObject({ valid: true, full: true, fromPosition: '1', checked: Number(await head()) });
    expect(problemOfField(await verify('?full=yes'))).toEqual(['full']);
  });

  it('a changed event after the checkpoint is found by the incremental run; one before it only by ?full=true', async () => {
    const late = await write(5);
    // Sealed first: a change before sealing is what the sealer then chains (nothing to find).
    await ctx.app.get(AuditSealer).sealPending({ wait: true });
    await asTamperer(ctx, (tx) => tx.query(`UPDATE audit_events SET action = 'case.list' WHERE id = $1`, [late[2]]));
    expect((await verify().expect(200)).body).toMatchObject({ valid: false, reason: 'hash_mismatch', firstBrokenId: late[2], full: false });
    await asTamperer(ctx, (tx) => tx.query(`UPDATE audit_events SET action = 'test.event.2' WHERE id = $1`, [late[2]]));
    expect((await verify().expect(200)).body).toMatchObject({ valid: true, full: false });

    const [early] = await ctx.db.query<{ id: string }>(`SELECT event_id AS id FROM audit_chain WHERE position = 3`);
    await asTamperer(ctx, (tx) => tx.query(`UPDATE audit_events SET action = 'case.list' WHERE id = $1`, [early.id]));
    // What the checkpoint proved is not recomputed: that is what makes the run incremental.
    expect((await verify().expect(200)).body).toMatchObject({ valid: true, full: false });
    expect((await verify('?full=true').expect(200)).body).toMatchObject({
      valid: false,
      reason: 'hash_mismatch',
      firstBrokenId: early.id,
      full: true,
    });
    await asTamperer(ctx, (tx) => tx.query(`UPDATE audit_events SET action = 'test.event.2' WHERE id = $1`, [early.id]));
  });

  it('a starting checkpoint that was changed, or whose link was rewritten, fails the run instead of vouching for it', async () => {
    expect((await verify('?full=true').expect(200)).body).toMatchObject({ valid: true });
    const [start] = await ctx.db.query<{ id: string; position: string }>(
      `SELECT id::text, position::text FROM audit_checkpoints WHERE kind = 'verified' ORDER BY position DESC LIMIT 1`,
    );
    await asTamperer(ctx, (tx) => tx.query(`UPDATE audit_chain SET hash = $2 WHERE position = $1`, [start.position, 'f'.repeat(64)]));
    expect((await verify().expect(200)).body).toMatchObject({
      valid: false,
      reason: 'signature_invalid',
      full: false,
      brokenCheckpoint: { position: start.position, source: 'stored' },
    });
    await asTamperer(ctx, (tx) => tx.query(`UPDATE audit_checkpoints SET hash = $2 WHERE id = $1`, [start.id, 'f'.repeat(64)]));
    expect((await verify().expect(200)).body).toMatchObject({
      valid: false,
      reason: 'signature_invalid',
      brokenCheckpoint: { position: start.position },
    });
  });
});

describe('audit verification across a month boundary', () => {
  let ctx: TestContext;
  let appDb: Db;
  beforeAll(async () => {
    ctx = await createTestApp();
    appDb = ctx.app.get(Db);
  });
  afterAll(() => ctx?.close());

  it('finds a changed event, a moved event and a removed link where consecutive links live in different months', async () => {
    // Links alternate between this month and the next: every link's predecessor is in the other partition.
    const months = [monthsFromNow(0), monthsFromNow(1)];
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push(
        await appDb.transaction((tx) =>
          ctx.app.get(AuditWriter).record(tx, {
            actor: null,
            action: `test.boundary.${i}`,
            resourceType: 'case',
            outcome: 'success',
            purpose: 'team_member',
            at: new Date(months[i % 2].getTime() + 3_600_000 + i),
          }),
        ),
      );
    }
    const verifier = ctx.app.get(AuditVerifier);
    expect(await verifier.verify({ full: true })).toMatchObject({ valid: true, checked: 20 });
    const parts = await ctx.db.query<{ part: string }>(
      `SELECT tableoid::regclass::text AS part FROM audit_chain ORDER BY position LIMIT 2`,
    );
    expect(parts.map((p) => p.part)).toEqual([monthName('audit_chain', months[0]), monthName('audit_chain', months[1])]);

    await asTamperer(ctx, (tx) => tx.query(`UPDATE audit_events SET action = 'case.list' WHERE id = $1`, [ids[7]]));
    expect(await verifier.verify({ full: true, batchSize: 3 })).toMatchObject({
      valid: false,
      reason: 'hash_mismatch',
      firstBrokenId: ids[7],
    });
    await asTamperer(ctx, (tx) => tx.query(`UPDATE audit_events SET action = 'test.boundary.7' WHERE id = $1`, [ids[7]]));
    expect(await verifier.verify({ full: true })).toMatchObject({ valid: true });

    // Moved to the other month (the row changes partition): its link no longer finds it.
    await asTamperer(ctx, (tx) => tx.query(`UPDATE audit_events SET at = at + interval '1 month' WHERE id = $1`, [ids[10]]));
    expect(await verifier.verify({ full: true })).toMatchObject({ valid: false, reason: 'hash_mismatch', firstBrokenId: ids[10] });
    await asTamperer(ctx, (tx) => tx.query(`UPDATE audit_events SET at = at - interval '1 month' WHERE id = $1`, [ids[10]]));

    // A link removed with its event in the next month's partition: the link after it names the gap.
    await asTamperer(ctx, async (tx) => {
      await tx.query(`DELETE FROM audit_chain WHERE event_id = $1`, [ids[13]]);
      await tx.query(`DELETE FROM audit_events WHERE id = $1`, [ids[13]]);
    });
    expect(await verifier.verify({ full: true })).toMatchObject({ valid: false, reason: 'hash_mismatch', firstBrokenId: ids[14] });
  });
});

function problemOfField(response: request.Response): string[] {
  expect(response.status).toBe(400);
  return ((response.body as { errors?: { field: string }[] }).errors ?? []).map((e) => e.field);
}
