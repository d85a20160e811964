import { createDataSource, Db } from '@oneroof/platform';
import { createTestDatabase, dropDatabase } from '../libs/testing/src/databases';

/**
 * The transaction rules of Db (libs/platform/src/database/db.ts): a nested transaction and a single
 * query join the ambient one (so an edge concern and the work it wraps commit or roll back
 * together, on one connection); separateTransaction does not (a denial stays on record).
 */
describe('Db transactions', () => {
  let db: Db;
  let name: string;

  beforeAll(async () => {
    const created = await createTestDatabase();
    name = created.name;
    const dataSource = createDataSource(created.url, { poolSize: 3 });
    await dataSource.initialize();
    db = new Db(dataSource);
    await db.query(`CREATE TABLE tx_probe (n int)`);
  });

  afterAll(async () => {
    await db?.dataSource.destroy();
    await dropDatabase(name);
  });

  const rows = async () => (await db.query<{ n: number }>(`SELECT n FROM tx_probe ORDER BY n`)).map((r) => r.n);

  it('joins an ambient transaction with a nested transaction and with query, and rolls both back with it', async () => {
    await db.query(`DELETE FROM tx_probe`);
    await expect(
      db.transaction(async (outer) => {
        await outer.query(`INSERT INTO tx_probe VALUES (1)`);
        expect(db.inTransaction()).toBe(true);
        await db.transaction(async (inner) => {
          await inner.query(`INSERT INTO tx_probe VALUES (2)`);
        });
        // A plain query inside sees the uncommitted rows: it runs on the same connection.
        expect(await rows()).toEqual([1, 2]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await rows()).toEqual([]);
    expect(db.inTransaction()).toBe(false);
  });

  it('keeps what separateTransaction wrote although the ambient transaction rolls back', async () => {
    await db.query(`DELETE FROM tx_probe`);
    await expect(
      db.transaction(async (outer) => {
        await outer.query(`INSERT INTO tx_probe VALUES (1)`);
        await db.separateTransaction(async (own) => {
          await own.query(`INSERT INTO tx_probe VALUES (3)`);
          // Its own connection: the outer transaction's row is not visible here.
          expect((await own.query<{ n: number }>(`SELECT n FROM tx_probe`)).map((r) => r.n)).toEqual([3]);
        });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await rows()).toEqual([3]);
  });

  describe("pipelined (pg pipeline mode, the gate's transactions)", () => {
    it('commits what it wrote, BEGIN and COMMIT sent without waiting', async () => {
      await db.query(`DELETE FROM tx_probe`);
      await db.transaction(
        async (tx) => {
          await tx.query(`INSERT INTO tx_probe VALUES (1)`);
          // Its own uncommitted row is visible to it, and not on another connection.
          expect((await tx.query<{ n: number }>(`SELECT n FROM tx_probe`)).map((r) => r.n)).toEqual([1]);
          const seenOutside = await db.separateTransaction((own) => own.query<{ n: number }>(`SELECT n FROM tx_probe`));
          expect(seenOutside).toEqual([]);
          await tx.atCommit(tx.query(`INSERT INTO tx_probe VALUES (2)`, [], { prepare: true }));
        },
        { pipelined: true },
      );
      expect(await rows()).toEqual([1, 2]);
    });

    it('rolls back everything when a statement left to the commit fails, and fails with its error', async () => {
      await db.query(`DELETE FROM tx_probe`);
      await expect(
        db.transaction(
          async (tx) => {
            await tx.query(`INSERT INTO tx_probe VALUES (1)`);
            await tx.atCommit(tx.query(`INSERT INTO tx_probe VALUES ('not a number')`));
            return 'the answer that must not be returned';
          },
          { pipelined: true },
        ),
      ).rejects.toThrow(/invalid input syntax/);
      expect(await rows()).toEqual([]);
      // The client went back to the pool usable: the next transactions on it work.
      for (let i = 0; i < 4; i++) await db.transaction(async (tx) => tx.query(`SELECT 1`), { pipelined: true });
    });

    it('rolls back when a statement left to the commit is refused by pg before it is sent', async () => {
      await db.query(`DELETE FROM tx_probe`);
      // pg cannot serialise a circular value: the statement never reaches the server, whose COMMIT
      // would otherwise commit the first insert without it.
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      await expect(
        db.transaction(
          async (tx) => {
            await tx.query(`INSERT INTO tx_probe VALUES (1)`);
            await tx.atCommit(tx.query(`INSERT INTO tx_probe SELECT length($1::text)`, [circular]));
          },
          { pipelined: true },
        ),
      ).rejects.toThrow(/circular/i);
      expect(await rows()).toEqual([]);
    });

    it('refuses a statement sent after its transaction ended', async () => {
      await db.query(`DELETE FROM tx_probe`);
      let kept: { query(sql: string): Promise<unknown> } | undefined;
      await db.transaction(
        async (tx) => {
          kept = tx;
          await tx.query(`INSERT INTO tx_probe VALUES (1)`);
        },
        { pipelined: true },
      );
      await expect(kept!.query(`INSERT INTO tx_probe VALUES (2)`)).rejects.toThrow(/after its transaction ended/);
      expect(await rows()).toEqual([1]);
    });

    it('rolls back when the work throws', async () => {
      await db.query(`DELETE FROM tx_probe`);
      await expect(
        db.transaction(
          async (tx) => {
            await tx.query(`INSERT INTO tx_probe VALUES (1)`);
            throw new Error('roll back');
          },
          { pipelined: true },
        ),
      ).rejects.toThrow('roll back');
      expect(await rows()).toEqual([]);
    });

    it('joins an ambient transaction instead of opening one', async () => {
      await db.query(`DELETE FROM tx_probe`);
      await expect(
        db.transaction(async (outer) => {
          await outer.query(`INSERT INTO tx_probe VALUES (1)`);
          await db.transaction(async (inner) => inner.query(`INSERT INTO tx_probe VALUES (2)`), { pipelined: true });
          expect(await rows()).toEqual([1, 2]);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await rows()).toEqual([]);
    });
  });
});
