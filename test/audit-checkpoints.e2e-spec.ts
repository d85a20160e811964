import { randomUUID } from 'node:crypto';
import {
  AuditCheckpoints,
  AuditSealer,
  AuditWriter,
  chainHash,
  checkpointToken,
  GENESIS_HASH,
  SEALER_LOCK_KEY,
  signCheckpoint,
  type AuditEventRow,
} from '@oneroof/audit';
import { Db, JsonLogger, type Tx } from '@oneroof/platform';
import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';
import { AUDIT_CHECKPOINT_INTERVAL_MS, AuditSealing } from '../apps/worker/src/audit-sealing';

/**
 * Issue 15 finding 4, design.md §11: signed checkpoints anchor the chain outside the database. The
 * two attacks of the review: a changed row with the chain recomputed after it (with the app's own
 * chainHash, under the sealer's lock), and the newest 40 events cut off with their links. Both
 * verified as valid before checkpoints; now verify names each.
 */
async function setUp(): Promise<{
  ctx: TestContext;
  coordinator: TestUser;
  sealing: AuditSealing;
  lines: string[];
  write: (n: number) => Promise<void>;
}> {
  const lines: string[] = [];
  const ctx = await createTestApp({}, { logger: new JsonLogger('api', 'info', (line) => lines.push(line)) });
  const coordinator = await ctx.factory.coordinator();
  const writer = ctx.app.get(AuditWriter);
  const appDb = ctx.app.get(Db);
  const sealing = new AuditSealing(ctx.app.get(AuditSealer), ctx.app.get(AuditCheckpoints));
  const write = async (n: number) => {
    for (let i = 0; i < n; i++) {
      await appDb.transaction((tx) =>
        writer.record(tx, {
          actor: null,
          action: `test.event.${i}`,
          resourceType: 'case',
          caseId: randomUUID(),
          outcome: 'success',
          purpose: 'team_member',
        }),
      );
    }
  };
  return { ctx, coordinator, sealing, lines, write };
}

/** What someone holding the owner's (or a superuser's) login could do: triggers off, sealer's lock held. */
const asTamperer = (ctx: TestContext, fn: (tx: Tx) => Promise<unknown>) =>
  ctx.db.transaction(async (tx) => {
    await tx.query(`SET LOCAL session_replication_role = replica`);
    await tx.query(`SELECT pg_advisory_xact_lock($1)`, [SEALER_LOCK_KEY]);
    await fn(tx);
  });

const checkpointLines = (lines: string[]) =>
  lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'audit checkpoint');

describe('audit checkpoints: written by the worker, signed, logged', () => {
  let s: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    s = await setUp();
  });
  afterAll(() => s?.ctx.close());
  const verify = (query = '') =>
    request(s.ctx.app.getHttpServer()).get(`/api/audit/verify${query}`).set('Authorization', s.coordinator.auth);

  it('signs the head of the chain into its table and logs it as one structured line; nothing new, no new checkpoint', async () => {
    await s.write(5);
    await s.sealing.checkpoint();
    const rows = await s.ctx.db.query<{ kind: string; position: string; hash: string; signature: string; at: Date }>(
      `SELECT kind, position::text, hash, signature, at FROM audit_checkpoints`,
    );
    const [head] = await s.ctx.db.query<{ position: string; hash: string }>(
      `SELECT position::text, hash FROM audit_chain ORDER BY position DESC LIMIT 1`,
    );
    expect(rows).toEqual([
      {
        kind: 'sealed',
        position: head.position,
        hash: head.hash,
        signature: expect.stringMatching(/^[0-9a-f]{64}$/),
        at: expect.any(Date),
      },
    ]);
    expect(rows[0].signature).toBe(signCheckpoint(s.ctx.config.auditSigningKey, head.position, head.hash));

    const logged = checkpointLines(s.lines);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'info', position: head.position, hash: head.hash, checkpoint: checkpointToken(rows[0]) });

    await s.sealing.checkpoint();
    expect(await s.ctx.db.query(`SELECT 1 FROM audit_checkpoints`)).toHaveLength(1);
  });

  it('the worker writes one at least every minute', async () => {
    expect(AUDIT_CHECKPOINT_INTERVAL_MS).toBeLessThanOrEqual(60_000);
    await s.write(2);
    const sealing = new AuditSealing(s.ctx.app.get(AuditSealer), s.ctx.app.get(AuditCheckpoints));
    sealing.checkpointEveryMs = 100;
    sealing.onApplicationBootstrap();
    try {
      const deadline = Date.now() + 5000;
      while ((await s.ctx.db.query(`SELECT 1 FROM audit_checkpoints`)).length < 2) {
        if (Date.now() > deadline) throw new Error('no second checkpoint');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await sealing.onApplicationShutdown();
    }
  });

  it('verify is valid, names the last checkpoint, and takes one kept from the log', async () => {
    const token = checkpointLines(s.lines).at(-1)!.checkpoint as string;
    const [position] = token.split(':');
    const stored = await verify().expect(200);
    expect(stored.body).toMatchObject({ valid: true, firstBrokenId: null, reason: null, brokenCheckpoint: null });
    expect(stored.body.lastCheckpoint).toEqual({ position, hash: token.split(':')[1], at: expect.any(String), source: 'stored' });
    const given = await verify(`?checkpoint=${token}`).expect(200);
    expect(given.body).toMatchObject({ valid: true, reason: null, lastCheckpoint: { position, source: 'given', at: null } });
  });

  it('a checkpoint that is not <position>:<hash>:<signature> is a 400 naming it; one with a wrong signature fails', async () => {
    for (const bad of ['12', 'abc:def:ghi', `0:${'a'.repeat(64)}:${'b'.repeat(64)}`, `1:${'A'.repeat(64)}:${'b'.repeat(64)}`]) {
      const response = await verify(`?checkpoint=${encodeURIComponent(bad)}`);
      expect(problemOf(response, 400).errors?.map((e) => e.field)).toEqual(['checkpoint']);
    }
    const forged = await verify(`?checkpoint=1:${GENESIS_HASH}:${'b'.repeat(64)}`).expect(200);
    expect(forged.body).toMatchObject({ valid: false, reason: 'signature_invalid', brokenCheckpoint: { position: '1', source: 'given' } });
  });
});

describe('audit checkpoints: a changed row with the chain recomputed after it', () => {
  let s: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    s = await setUp();
  });
  afterAll(() => s?.ctx.close());
  const verify = (query = '') =>
    request(s.ctx.app.getHttpServer()).get(`/api/audit/verify${query}`).set('Authorization', s.coordinator.auth);

  it('breaks the signature of the checkpoint after it, whether or not the checkpoint is rewritten to match', async () => {
    await s.write(10);
    await s.sealing.checkpoint();
    const [checkpoint] = await s.ctx.db.query<{ position: string; hash: string }>(`SELECT position::text, hash FROM audit_checkpoints`);
    const [target] = await s.ctx.db.query<{ id: string }>(`SELECT event_id AS id FROM audit_chain WHERE position = 3`);
    const [atCheckpoint] = await s.ctx.db.query<{ id: string }>(`SELECT event_id AS id FROM audit_chain WHERE position = $1`, [
      checkpoint.position,
    ]);

    // The review's rewrite: change the event, then recompute every link from it with chainHash.
    await asTamperer(s.ctx, async (tx) => {
      await tx.query(`UPDATE audit_events SET action = 'case.list' WHERE id = $1`, [target.id]);
      const links = await tx.query<AuditEventRow & { position: string }>(
        `SELECT c.position::text AS position, e.*, e.seq::text AS seq FROM audit_chain c JOIN audit_events e ON e.seq = c.seq
         WHERE c.position >= 3 ORDER BY c.position`,
      );
      let [{ hash: prev }] = await tx.query<{ hash: string }>(`SELECT hash FROM audit_chain WHERE position = 2`);
      for (const link of links) {
        const hash = chainHash(prev, link);
        await tx.query(`UPDATE audit_chain SET prev_hash = $2, hash = $3 WHERE position = $1`, [link.position, prev, hash]);
        prev = hash;
      }
    });

    const rewritten = await verify().expect(200);
    // The chain agrees with itself (every link was checked), but not with what was signed.
    expect(rewritten.body).toMatchObject({
      valid: false,
      reason: 'signature_invalid',
      firstBrokenId: atCheckpoint.id,
      lastCheckpoint: null,
      brokenCheckpoint: { position: checkpoint.position, hash: checkpoint.hash, source: 'stored' },
    });
    expect(rewritten.body.checked).toBeGreaterThanOrEqual(10);

    // Rewriting the checkpoint's hash to the new chain fails its signature instead.
    await asTamperer(s.ctx, (tx) =>
      tx.query(`UPDATE audit_checkpoints SET hash = (SELECT hash FROM audit_chain WHERE position = audit_checkpoints.position)`),
    );
    const both = await verify().expect(200);
    expect(both.body).toMatchObject({
      valid: false,
      reason: 'signature_invalid',
      brokenCheckpoint: { position: checkpoint.position, source: 'stored' },
    });
    expect(both.body.brokenCheckpoint.hash).not.toBe(checkpoint.hash);
  });
});

describe('audit checkpoints: the newest 40 events cut off with their links', () => {
  let s: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    s = await setUp();
  });
  afterAll(() => s?.ctx.close());
  const verify = (query = '') =>
    request(s.ctx.app.getHttpServer()).get(`/api/audit/verify${query}`).set('Authorization', s.coordinator.auth);

  it('falls short of the stored checkpoint, and of the one kept in the log once the table is cut as well', async () => {
    await s.write(100);
    await s.sealing.checkpoint();
    const token = checkpointLines(s.lines).at(-1)!.checkpoint as string;
    const [head] = await s.ctx.db.query<{ position: string }>(`SELECT max(position)::text AS position FROM audit_chain`);
    expect(token.split(':')[0]).toBe(head.position);
    const cut = async () =>
      asTamperer(s.ctx, async (tx) => {
        const [{ top }] = await tx.query<{ top: string }>(`SELECT max(position)::text AS top FROM audit_chain`);
        const tail = await tx.query<{ seq: string }>(`SELECT seq::text FROM audit_chain WHERE position > $1::bigint - 40`, [top]);
        await tx.query(`DELETE FROM audit_chain WHERE seq = ANY($1::bigint[])`, [tail.map((t) => t.seq)]);
        await tx.query(`DELETE FROM audit_events WHERE seq = ANY($1::bigint[])`, [tail.map((t) => t.seq)]);
      });
    await cut();

    const short = await verify().expect(200);
    expect(short.body).toMatchObject({
      valid: false,
      reason: 'truncated',
      firstBrokenId: null,
      brokenCheckpoint: { position: head.position, source: 'stored' },
    });

    // The tamperer removes the checkpoints too: the database alone can no longer tell...
    await asTamperer(s.ctx, (tx) => tx.query(`DELETE FROM audit_checkpoints`));
    await cut(); // (and the verifications' own events since)
    expect((await verify().expect(200)).body).toMatchObject({ valid: true, reason: null, lastCheckpoint: null });
    // ...but the line in the log can.
    const given = await verify(`?checkpoint=${token}`).expect(200);
    expect(given.body).toMatchObject({
      valid: false,
      reason: 'truncated',
      brokenCheckpoint: { position: head.position, hash: token.split(':')[1], source: 'given', at: null },
    });
  });
});
