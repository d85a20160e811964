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

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[]; rowCount: number | null }>;
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

/** A prepared statement on the runner's own pg connection; errors shaped as TypeORM's own. */
async function runPrepared<T>(runner: QueryRunner, sql: string, params: unknown[]): Promise<QueryResult<T>> {
  const client = (await runner.connect()) as PgClient;
  try {
    const result = await client.query({ name: statementName(sql), text: sql, values: params });
    return { rows: result.rows as T[], affected: result.rowCount ?? 0 };
  } catch (error) {
    throw new QueryFailedError(sql, params, error as Error);
  }
}

/**
 * One open transaction. Repositories and use cases take it as an argument, so that it is visible who
 * writes where and in which transaction; nothing below a use case opens one of its own. The one
 * place a transaction is not passed but found is the edge's, explained at `Db` below.
 */
export class Tx {
  constructor(private readonly runner: QueryRunner) {}

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<T[]> {
    return (await this.execute<T>(sql, params, options)).rows;
  }

  async one<T = Record<string, unknown>>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<T | undefined> {
    return (await this.execute<T>(sql, params, options)).rows[0];
  }

  async execute<T = Record<string, unknown>>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<QueryResult<T>> {
    if (options?.prepare) return runPrepared<T>(this.runner, sql, params);
    // The structured form of TypeORM's query gives rows and rowCount alike for every kind of statement.
    const result = await this.runner.query(sql, params, true);
    return { rows: (result.records ?? []) as T[], affected: result.affected ?? 0 };
  }
}

const currentTx = new AsyncLocalStorage<Tx>();

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

  async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const outer = currentTx.getStore();
    if (outer) return fn(outer);
    return this.separateTransaction(fn);
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
    const runner = this.dataSource.createQueryRunner();
    try {
      if (options?.prepare) return (await runPrepared<T>(runner, sql, params)).rows;
      return ((await runner.query(sql, params, true)).records ?? []) as T[];
    } finally {
      await runner.release();
    }
  }

  /** True when called inside a transaction opened by this Db. */
  inTransaction(): boolean {
    return currentTx.getStore() !== undefined;
  }
}
