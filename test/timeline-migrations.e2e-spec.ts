import { createDataSource } from '@oneroof/platform';
import {
  CASES_TIMELINE_1763900300000,
  FOLLOW_UPS_TIMELINE_1763900600000,
  HANDOVERS_TIMELINE_1763900700000,
  INTAKE_TIMELINE_1763900500000,
} from '../libs/platform/src/database/migrations/timeline-branches';
import { createTestDatabase, dropDatabase } from '../libs/testing/src/databases';

/**
 * Issue 16: the migrations that change case_timeline state the whole view (timeline-branches.ts)
 * instead of splitting the database's own pg_get_viewdef output. Checked on a freshly migrated
 * database: after each of those migrations (reached by reverting the later ones) the view is exactly
 * the one its source states, and migrating up again gives back the fresh view.
 */
const STATED: Record<string, string[]> = {
  Handovers1763900700000: [
    CASES_TIMELINE_1763900300000,
    INTAKE_TIMELINE_1763900500000,
    FOLLOW_UPS_TIMELINE_1763900600000,
    HANDOVERS_TIMELINE_1763900700000,
  ],
  FollowUps1763900600000: [CASES_TIMELINE_1763900300000, INTAKE_TIMELINE_1763900500000, FOLLOW_UPS_TIMELINE_1763900600000],
  Intake1763900500000: [CASES_TIMELINE_1763900300000, INTAKE_TIMELINE_1763900500000],
  Cases1763900300000: [CASES_TIMELINE_1763900300000],
};

describe('case_timeline migrations', () => {
  it('leave after each of them the view its source states, and up again the fresh view', async () => {
    const db = await createTestDatabase();
    const ds = createDataSource(db.url, { poolSize: 1 });
    await ds.initialize();
    try {
      const viewdef = async (name: string) =>
        ((await ds.query(`SELECT pg_get_viewdef($1::regclass) AS def`, [name])) as { def: string }[])[0].def;
      const stated = async (branches: string[]) => {
        // Postgres's own rendering of the stated view, to compare like with like.
        await ds.query(`CREATE VIEW timeline_as_stated AS ${branches.join(' UNION ALL ')}`);
        const def = await viewdef('timeline_as_stated');
        await ds.query(`DROP VIEW timeline_as_stated`);
        return def;
      };
      const latest = async () =>
        ((await ds.query(`SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1`)) as { name: string }[])[0].name;
      const fresh = await viewdef('case_timeline');
      const checked: string[] = [];
      for (;;) {
        const name = await latest();
        if (STATED[name]) {
          expect({ name, def: await viewdef('case_timeline') }).toEqual({ name, def: await stated(STATED[name]) });
          checked.push(name);
        }
        if (name === 'Cases1763900300000') break;
        await ds.undoLastMigration({ transaction: 'each' });
      }
      expect(checked).toEqual(Object.keys(STATED));
      await ds.runMigrations({ transaction: 'each' });
      expect(await viewdef('case_timeline')).toBe(fresh);
    } finally {
      await ds.destroy();
      await dropDatabase(db.name);
    }
  });
});
