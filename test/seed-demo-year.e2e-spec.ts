import { CLOCKS_MEASURED, indicatorsSql, MIN_CELL } from '@oneroof/monitoring';
import { loadConfig, type AppConfig } from '@oneroof/platform';
import { createTestDatabase, dropDatabase } from '@oneroof/testing';
import { Client } from 'pg';
import { seedDemo } from '../apps/cli/src/seed-demo';
import { seedDemoYear, YEAR_MARKER } from '../apps/cli/src/seed-year';

/**
 * Issue 13, "from a fresh start with the seeded demo and a generated year of cases": `seed:demo --year`
 * makes cases over the 12 months before now through the real services, enough for the monitoring
 * figures, and a second run makes none again. A small count here; the command makes 480 by default.
 */
const CASES = 40;

describe('seed:demo --year makes a year of cases for the figures, once', () => {
  let database: { name: string; url: string };
  let config: AppConfig;
  let client: Client;
  let first: Awaited<ReturnType<typeof seedDemoYear>>;
  let second: Awaited<ReturnType<typeof seedDemoYear>>;
  let casesAfterFirst: number;
  let auditAfterFirst: number;
  const lines: string[] = [];
  const count = async (sql: string, params: unknown[] = []) => Number((await client.query<{ n: string }>(sql, params)).rows[0].n);
  const yearCases = `SELECT id FROM cases WHERE summary LIKE '${YEAR_MARKER}%'`;

  beforeAll(async () => {
    database = await createTestDatabase();
    config = loadConfig({ DATABASE_URL: database.url });
    client = new Client({ connectionString: database.url });
    await client.connect();
    await seedDemo(config, () => undefined);
    first = await seedDemoYear(config, { cases: CASES }, (line) => lines.push(line));
    casesAfterFirst = await count(`SELECT count(*) AS n FROM cases`);
    auditAfterFirst = await count(`SELECT count(*) AS n FROM audit_events`);
    second = await seedDemoYear(config, { cases: CASES }, (line) => lines.push(line));
  }, 600_000);

  afterAll(async () => {
    await client?.end();
    if (database) await dropDatabase(database.name);
  });

  it('makes the cases once: a second run makes none and writes nothing', async () => {
    expect(first).toEqual({ made: CASES, already: 0 });
    expect(second).toEqual({ made: 0, already: CASES });
    expect(await count(`SELECT count(*) AS n FROM cases`)).toBe(casesAfterFirst);
    expect(await count(`SELECT count(*) AS n FROM audit_events`)).toBe(auditAfterFirst);
    expect(lines.at(-1)).toBe(`A year of demo cases: 0 made now, ${CASES} there already (${CASES} in all).`);
  });

  it('spreads the reports over the past year, municipalities, urgencies and violence types', async () => {
    const [spread] = (
      await client.query<{ months: number; municipalities: number; urgencies: number; types: number; first: Date; last: Date }>(
        `SELECT count(DISTINCT date_trunc('month', reported_at))::int AS months, count(DISTINCT municipality_code)::int AS municipalities,
                count(DISTINCT urgency)::int AS urgencies, count(DISTINCT t)::int AS types, min(reported_at) AS first, max(reported_at) AS last
           FROM cases LEFT JOIN LATERAL unnest(violence_types) t ON true WHERE summary LIKE '${YEAR_MARKER}%'`,
      )
    ).rows;
    expect(spread.months).toBeGreaterThanOrEqual(11);
    expect(spread.municipalities).toBeGreaterThanOrEqual(4);
    expect(spread.urgencies).toBe(3);
    expect(spread.types).toBeGreaterThanOrEqual(4);
    expect(Date.now() - spread.first.getTime()).toBeGreaterThan(330 * 24 * 3600_000);
    expect(spread.last.getTime()).toBeLessThan(Date.now());
  });

  it('holds what the figures count: interviews, examinations, conferences, handovers in and out of time, closings, aftercare, re-reports', async () => {
    const inYear = `case_id IN (${yearCases})`;
    expect(await count(`SELECT count(*) AS n FROM intakes WHERE concluded_at IS NOT NULL AND ${inYear}`)).toBeGreaterThan(CASES / 2);
    expect(await count(`SELECT count(*) AS n FROM intake_interviews WHERE ${inYear}`)).toBeGreaterThan(CASES);
    expect(await count(`SELECT count(*) AS n FROM intake_examinations WHERE ${inYear}`)).toBeGreaterThan(CASES / 3);
    expect(await count(`SELECT count(*) AS n FROM case_conferences WHERE status = 'held' AND ${inYear}`)).toBeGreaterThan(CASES / 3);
    expect(await count(`SELECT count(*) AS n FROM handovers WHERE accepted_at <= respond_by AND ${inYear}`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM handovers WHERE accepted_at > respond_by AND ${inYear}`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM follow_ups WHERE status = 'missed' AND ${inYear}`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM follow_ups WHERE kind = 'aftercare' AND status = 'done' AND ${inYear}`)).toBeGreaterThan(
      0,
    );
    expect(await count(`SELECT count(*) AS n FROM cases WHERE status = 'closed' AND id IN (${yearCases})`)).toBeGreaterThan(CASES / 5);
    expect(await count(`SELECT count(*) AS n FROM case_links WHERE kind = 'rereport' AND ${inYear}`)).toBeGreaterThan(0);
  });

  it('leaves what a real case leaves: audit events of each case, the clocks summary equal to the view', async () => {
    expect(
      await count(`SELECT count(*) AS n FROM (${yearCases}) c WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.case_id = c.id)`),
    ).toBe(0);
    expect(await count(`SELECT case_clock_summary_drift() AS n`)).toBe(0);
  });

  it('gives the monitoring figures values by quarter (a month of 40 cases is a small cell)', async () => {
    const from = new Date(Date.now() - 366 * 24 * 3600_000);
    await client.query(`SET jit = off`);
    const { rows } = await client.query<{ indicator: string; value: number | null }>(indicatorsSql('quarter'), [
      from,
      new Date(),
      CLOCKS_MEASURED,
      MIN_CELL,
    ]);
    const shown = new Set(rows.filter((r) => r.value !== null).map((r) => r.indicator));
    for (const indicator of [
      'reports',
      'days_report_to_intake_p50',
      'clock_met_share:intake_scheduled',
      'children_interviewed_once_share',
    ]) {
      expect(shown).toContain(indicator);
    }
  });
});
