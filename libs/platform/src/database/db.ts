import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { QueryFailedError, type DataSource, type QueryRunner } from 'typeorm';

/** A statement's result: the rows it returned and, for writes, how many rows it touched. */
export interface QueryResult<T> {
  rows: T[];
  affected: number;
}

export interface QueryOptions {
  /**
   * Run as a named prepared statement: parsed and planned once per connection instead of on every
   * execution. Profiling the audited read (issue 11) found Postgres' parse and plan the largest
   * single cost of a request. Only for fixed-shape hot statements whose text never varies with the
   * input; dynamic lists and searches stay unnamed, where a generic plan could be a bad one.
   */
  prepare?: boolean;
}

interface PgResult {
  rows: unknown[];
  rowCount: number | null;
  command: string;
}

interface PgClient {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<PgResult>;
}

/** pg's socket (`client.connection.stream`), corked so that the statements of one turn leave in one write. */
interface Corkable {
  cork?: () => void;
  uncork?: () => void;
}

/** A pool client of pg 8.23 (pinned), used directly by a pipelined transaction (see Db.transaction). */
interface PgPoolClient extends PgClient {
  query(config: { name?: string; text: string; values: unknown[] } | string): Promise<PgResult>;
  connection?: { stream?: Corkable };
  /** pg's pipeline mode, read on every send: true while the transaction owns the client, never while it is idle in the pool. */
  pipeline: boolean;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
  release(destroy?: boolean): void;
}

interface PgPool {
  connect(): Promise<PgPoolClient>;
}

const statementNames = new Map<string, string>();

/** One name per statement text, the same in every process (pg refuses one name for two texts). */
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `or_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return name;
}

/** A statement on a pg connection, named (prepared) or not; errors shaped as TypeORM's own. */
async function runOnClient<T>(client: PgClient, sql: string, params: unknown[], prepare: boolean): Promise<QueryResult<T>> {
  try {
    const result = await client.query(prepare ? { name: statementName(sql), text: sql, values: params } : { text: sql, values: params });
    return { rows: result.rows as T[], affected: result.rowCount ?? 0 };
  } catch (error) {
    throw new QueryFailedError(sql, params, error as Error);
  }
}

/** A prepared statement on the runner's own pg connection. */
async function runPrepared<T>(runner: QueryRunner, sql: string, params: unknown[]): Promise<QueryResult<T>> {
  return runOnClient<T>((await runner.connect()) as PgClient, sql, params, true);
}

/**
 * One open transaction. Repositories and use cases take it as an argument, so that it is visible who
 * writes where and in which transaction; nothing below a use case opens one of its own. The one
 * place a transaction is not passed but found is the edge's, explained at `Db` below.
 */
export class Tx {
  /** Statements sent and not awaited, whose outcome decides the commit (atCommit). */
  private readonly atCommitStatements: Promise<unknown>[] = [];
  private client: PgClient | null = null;

  constructor(private readonly runner: QueryRunner | null) {}

  private socket: Corkable | null = null;
  private corked = false;
  /** Set just before COMMIT or ROLLBACK is sent: a statement after it would run outside the transaction. */
  private closed = false;
  /** An atCommit statement that has already failed, e.g. refused by pg before it was sent. */
  private atCommitFailed = false;

  /** A transaction on a pg client of its own, outside TypeORM's runner (Db's pipelined transaction). */
  static onClient(client: PgPoolClient): Tx {
    const tx = new Tx(null);
    tx.client = client;
    tx.socket = client.connection?.stream ?? null;
    return tx;
  }

  /**
   * On a pipelined transaction: what is sent until the event loop's next turn leaves in one socket
   * write (BEGIN with the first statement, the audit insert with the COMMIT) instead of one write
   * each. pg corks around each statement's own messages already; this outer cork only holds them a
   * little longer, never past setImmediate, so nothing can wait on a statement still held.
   */
  coalesceWrites(): void {
    const socket = this.socket;
    if (this.corked || !socket?.cork || !socket.uncork) return;
    socket.cork();
    this.corked = true;
    setImmediate(() => {
      this.corked = false;
      socket.uncork!();
    });
  }

  /** True when a statement sent now is written at once, behind the ones still in flight (pg's pipeline mode). */
  get pipelined(): boolean {
    return this.client !== null;
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<T[]> {
    return (await this.execute<T>(sql, params, options)).rows;
  }

  async one<T = Record<string, unknown>>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<T | undefined> {
    return (await this.execute<T>(sql, params, options)).rows[0];
  }

  async execute<T = Record<string, unknown>>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<QueryResult<T>> {
    // On a pipelined transaction, a statement sent after its COMMIT would run in autocommit, perhaps
    // on a client the pool has handed to another request: refused, so that the request fails.
    if (this.closed) throw new Error('A statement was sent after its transaction ended.');
    if (this.client) {
      this.coalesceWrites();
      return runOnClient<T>(this.client, sql, params, options?.prepare ?? false);
    }
    const runner = this.runner!;
    if (options?.prepare) return runPrepared<T>(runner, sql, params);
    // The structured form of TypeORM's query gives rows and rowCount alike for every kind of statement.
    const result = await runner.query(sql, params, true);
    return { rows: (result.records ?? []) as T[], affected: result.affected ?? 0 };
  }

  /**
   * A statement already sent, not awaited, whose failure must fail the transaction (the audit event
   * of a read): on a pipelined transaction that Db commits, the COMMIT is written behind it at once,
   * one round trip for both, and the transaction fails, rolled back, if it failed. Anywhere else it
   * is simply awaited here.
   */
  async atCommit(statement: Promise<unknown>): Promise<void> {
    if (!this.pipelined) {
      await statement;
      return;
    }
    // Observed at once, so that a failure is never an unhandled rejection; Db rethrows it at the commit.
    // One that pg refused before sending it never reached the server, whose COMMIT would then commit
    // the work without it: Db checks this flag before it sends the COMMIT.
    statement.catch(() => {
      this.atCommitFailed = true;
    });
    this.atCommitStatements.push(statement);
  }

  /** For Db: the statements atCommit left to the commit, taken once. */
  takeAtCommit(): Promise<unknown>[] {
    return this.atCommitStatements.splice(0);
  }

  /** For Db: whether an atCommit statement has failed already (then it must not commit). */
  get failedBeforeCommit(): boolean {
    return this.atCommitFailed;
  }

  /** For Db, before it ends the transaction: no statement may follow. */
  close(): void {
    this.closed = true;
  }
}

const currentTx = new AsyncLocalStorage<Tx>();

export interface TransactionOptions {
  /** pg's pipeline mode for a new transaction (ignored when joining an ambient one): see pipelinedTransaction. */
  pipelined?: boolean;
}

/**
 * The database as the contexts see it: raw SQL in explicit transactions.
 *
 * Why a transaction can also be ambient (the one place this is said): an edge concern wraps a whole
 * request, and the work it wraps must commit or roll back with it, although the controllers and
 * services below cannot know whether it is there. Today that is the Idempotency-Key path, through
 * three contexts, each for a reason:
 * 1. IdempotencyInterceptor (apps/api/src/http) opens `transaction` around the handler, so that a key
 *    and its stored answer exist exactly when the work committed;
 * 2. inside it, runAsGatedRequest (libs/access, an AsyncLocalStorage scope) collects what the gated
 *    work touched (for a replay's access check) and the audit records of a refused attempt, written
 *    once the transaction has ended instead of on a second connection while the first is held (that
 *    starved the pool under concurrent failing requests);
 * 3. the gate's and services' own `transaction`, and `query`, join the interceptor's transaction
 *    (`currentTx`) instead of opening a second one: a request holds one connection, and reads the
 *    same uncommitted rows that it writes.
 * Passing a Tx from the edge through every controller and service signature instead would make
 * each of them carry an argument that only this edge concern needs. So the rule is: below the edge,
 * a use case opens `transaction` once and hands its Tx down explicitly; only `transaction` and
 * `query` look for an ambient one, and `separateTransaction` is the one way out of it.
 * test/db-transactions.e2e-spec.ts holds these three behaviours.
 */
export class Db {
  constructor(readonly dataSource: DataSource) {}

  async transaction<T>(fn: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const outer = currentTx.getStore();
    if (outer) return fn(outer);
    return options.pipelined ? this.pipelinedTransaction(fn) : this.separateTransaction(fn);
  }

  /**
   * A transaction on a pg client taken from the pool directly, in pg's pipeline mode: BEGIN goes on
   * the wire together with the first statement, and the COMMIT behind what `Tx.atCommit` left to
   * it, so that a short transaction of two statements costs two round trips instead of four. Its
   * semantics are those of separateTransaction (Postgres runs the messages in order; a statement
   * that fails aborts the transaction, and a COMMIT of an aborted transaction rolls back).
   * Profiling the audited read (issue 11) found each round trip the largest cost left on a busy
   * machine: a socket write and a wake-up of the backend on each side.
   */
  private async pipelinedTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const pool = (this.dataSource.driver as unknown as { master: PgPool }).master;
    const client = await pool.connect();
    // A checked-out pg client has no 'error' listener of the pool's: without one, a connection
    // lost while it is held would be an uncaught exception. The statement in flight fails anyway.
    const onError = () => undefined;
    client.on('error', onError);
    client.pipeline = true;
    let destroy = false;
    try {
      const tx = Tx.onClient(client);
      tx.coalesceWrites();
      const begin = client.query('BEGIN');
      begin.catch(() => undefined);
      try {
        const result = await currentTx.run(tx, () => fn(tx));
        await begin;
        const pending = tx.takeAtCommit();
        tx.close();
        // A statement pg refused before sending it fails through a chain of promise jobs: a tick
        // runs after every queued job, before any I/O (the corked socket still holds what was sent).
        await new Promise<void>((resolve) => process.nextTick(resolve));
        if (tx.failedBeforeCommit) {
          const early = (await Promise.allSettled(pending)).find((o): o is PromiseRejectedResult => o.status === 'rejected');
          throw early?.reason ?? new Error('A statement of the transaction failed before its commit.');
        }
        tx.coalesceWrites();
        const commit = client.query('COMMIT');
        commit.catch(() => undefined);
        const settled = await Promise.allSettled(pending);
        const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
        const committed = await commit;
        if (failed) throw failed.reason;
        // Postgres answers the COMMIT of an aborted transaction with ROLLBACK, not an error.
        if (committed.command !== 'COMMIT') throw new Error(`The transaction was rolled back (${committed.command}).`);
        return result;
      } catch (error) {
        // Behind everything still in flight: once it has answered, the client is idle again.
        await client.query('ROLLBACK').catch(() => {
          destroy = true;
        });
        throw error;
      }
    } finally {
      client.pipeline = false;
      client.removeListener('error', onError);
      client.release(destroy);
    }
  }

  /**
   * A transaction of its own on another connection, even inside an open one: for what must be on
   * record although the surrounding work rolls back (the audit event of a denied attempt).
   */
  async separateTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const tx = new Tx(runner);
      try {
        const result = await currentTx.run(tx, () => fn(tx));
        await runner.commitTransaction();
        return result;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * A single statement outside a use case's transaction: a read before access is decided (the case
   * a handover belongs to), the token's user. Inside an ambient transaction (see Db) it joins it.
   */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<T[]> {
    const outer = currentTx.getStore();
    if (outer) return outer.query<T>(sql, params, options);
    // One statement commits on its own: no BEGIN/COMMIT round trips (this runs on every request, for the token's user).
    if (options?.prepare) return (await this.onPoolClient((client) => runOnClient<T>(client, sql, params, true))).rows;
    const runner = this.dataSource.createQueryRunner();
    try {
      return ((await runner.query(sql, params, true)).records ?? []) as T[];
    } finally {
      await runner.release();
    }
  }

  /** A client of the pool for `fn`, without TypeORM's runner around it (hot statements, issue 11). */
  private async onPoolClient<T>(fn: (client: PgPoolClient) => Promise<T>): Promise<T> {
    const client = await (this.dataSource.driver as unknown as { master: PgPool }).master.connect();
    // Without a listener, an error of a checked-out client would be an uncaught exception.
    const onError = () => undefined;
    client.on('error', onError);
    let destroy = false;
    try {
      return await fn(client);
    } catch (error) {
      // A statement's own error leaves the connection usable; a broken connection is not returned to the pool.
      destroy = !(error instanceof QueryFailedError) || !(error.driverError as { code?: unknown } | undefined)?.code;
      throw error;
    } finally {
      client.removeListener('error', onError);
      client.release(destroy);
    }
  }

  /** True when called inside a transaction opened by this Db. */
  inTransaction(): boolean {
    return currentTx.getStore() !== undefined;
  }
}
