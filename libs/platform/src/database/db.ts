import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';

/** A statement's result: the rows it returned and, for writes, how many rows it touched. */
export interface QueryResult<T> {
  rows: T[];
  affected: number;
}

/** One open transaction. Repositories take it as an argument so that it is visible who writes where. */
export class Tx {
  constructor(private readonly runner: QueryRunner) {}

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.execute<T>(sql, params)).rows;
  }

  async one<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.execute<T>(sql, params)).rows[0];
  }

  async execute<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
    // The structured form of TypeORM's query gives rows and rowCount alike for every kind of statement.
    const result = await this.runner.query(sql, params, true);
    return { rows: (result.records ?? []) as T[], affected: result.affected ?? 0 };
  }
}

const currentTx = new AsyncLocalStorage<Tx>();

/**
 * The database as the contexts see it: raw SQL in explicit transactions. A nested call joins the
 * outer transaction, so that an edge concern (idempotency, audit) and the work it wraps commit or
 * roll back together.
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

  /** A single statement outside any explicit transaction (or inside the current one, if there is). */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const outer = currentTx.getStore();
    if (outer) return outer.query<T>(sql, params);
    // One statement commits on its own: no BEGIN/COMMIT round trips (this runs on every request, for the token's user).
    const runner = this.dataSource.createQueryRunner();
    try {
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
