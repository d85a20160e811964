import type { TestContext } from '@oneroof/testing';
import { Client } from 'pg';
import type { Response } from 'supertest';

/**
 * Two requests against the real API that both wait on one case row, let in in a chosen order: the
 * test holds the row (FOR UPDATE), starts `first`, waits until it waits on the row, starts `second`,
 * waits until that waits too, then lets go. Postgres grants a row's lock in the order its waiters
 * queued, so the first request runs to its commit while the second waits behind it. That is the
 * interleaving a race produces some of the time, produced every time, in both orders.
 *
 * The holder is a client of its own: a Db transaction's context would leak into the in-process app's
 * requests started inside it.
 */
export async function inOrderOnCaseRow(
  ctx: TestContext,
  caseId: string,
  first: () => PromiseLike<Response>,
  second: () => PromiseLike<Response>,
): Promise<[Response, Response]> {
  const holder = new Client({ connectionString: ctx.config.databaseUrl });
  await holder.connect();
  const pending: Promise<Response>[] = [];
  try {
    await holder.query('BEGIN');
    await holder.query(`SELECT 1 FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
    pending.push(Promise.resolve(first()));
    await lockWaiters(holder, ctx.databaseName, 1);
    pending.push(Promise.resolve(second()));
    await lockWaiters(holder, ctx.databaseName, 2);
    await holder.query('COMMIT');
  } finally {
    await holder.end();
  }
  const [a, b] = await Promise.all(pending);
  return [a, b];
}

/**
 * A request let in only after something else ran to its end: the test holds the case row, starts
 * `waiting` (which queues on the row, past every check it makes before taking it), runs `meanwhile`
 * to completion while it waits, then lets go. For a request that must see, after its lock, what was
 * committed while it queued (a user deactivated meanwhile, say).
 */
export async function afterWhileWaitingOnCaseRow(
  ctx: TestContext,
  caseId: string,
  waiting: () => PromiseLike<Response>,
  meanwhile: () => Promise<unknown>,
): Promise<Response> {
  const holder = new Client({ connectionString: ctx.config.databaseUrl });
  await holder.connect();
  let pending: Promise<Response>;
  try {
    await holder.query('BEGIN');
    await holder.query(`SELECT 1 FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
    pending = Promise.resolve(waiting());
    await lockWaiters(holder, ctx.databaseName, 1);
    await meanwhile();
    await holder.query('COMMIT');
  } finally {
    await holder.end();
  }
  return pending;
}

/** Polls until `n` backends of the test's database wait on a lock (at most 20 s: a busy machine is slow, not wrong), or fails. */
async function lockWaiters(holder: Client, databaseName: string, n: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    // Within a transaction the activity view is a snapshot: clear it to see the requests arrive.
    await holder.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await holder.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
      [databaseName],
    );
    if (rows[0].n >= n) return;
    if (Date.now() > deadline) throw new Error(`expected ${n} requests waiting on the case row, saw ${rows[0].n}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
