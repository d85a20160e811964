import { loadConfig, type AppConfig } from '@oneroof/platform';
import { createTestDatabase, dropDatabase } from '@oneroof/testing';
import { Client } from 'pg';
import { DEMO_CASES, DEMO_PASSWORD, DEMO_USERS, seedDemo, type DemoCaseKey } from '../apps/cli/src/seed-demo';

/**
 * Issue 9, "what clients need": `npm run seed:demo` makes a whole demo centre through the real
 * services, with a case in every state a client page shows, and a second run changes nothing.
 */
describe('seed:demo makes a whole demo centre, once', () => {
  let database: { name: string; url: string };
  let config: AppConfig;
  let client: Client;
  const lines: string[][] = [[], []];
  const rowCounts = async (): Promise<Record<string, number>> => {
    const tables = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const counts: Record<string, number> = {};
    for (const { table_name } of tables.rows) {
      counts[table_name] = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${table_name}"`)).rows[0].n);
    }
    return counts;
  };
  const one = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> =>
    (await client.query<T>(sql, params)).rows;
  const caseId = async (key: DemoCaseKey) =>
    (await one<{ id: string }>(`SELECT id FROM cases WHERE summary = $1`, [DEMO_CASES[key]]))[0].id;
  let first: Awaited<ReturnType<typeof seedDemo>>;
  let afterFirst: Record<string, number>;
  let afterSecond: Record<string, number>;
  let second: Awaited<ReturnType<typeof seedDemo>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    config = loadConfig({ DATABASE_URL: database.url });
    client = new Client({ connectionString: database.url });
    await client.connect();
    first = await seedDemo(config, (line) => lines[0].push(line));
    afterFirst = await rowCounts();
    second = await seedDemo(config, (line) => lines[1].push(line));
    afterSecond = await rowCounts();
  }, 120_000);

  afterAll(async () => {
    await client?.end();
    if (database) await dropDatabase(database.name);
  });

  it('a second run changes nothing: the same rows in every table, and it says the cases were there already', () => {
    expect(afterSecond).toEqual(afterFirst);
    for (const key of Object.keys(DEMO_CASES) as DemoCaseKey[]) {
      expect(first.cases[key]).toEqual({ reference: expect.stringMatching(/^MDC-\d{4}-\d{6}$/), created: true });
      expect(second.cases[key]).toEqual({ reference: first.cases[key].reference, created: false });
    }
  });

  it('prints every login, with the one demo password, and every case reference', () => {
    for (const output of lines) {
      const text = output.join('\n');
      expect(text).toContain(DEMO_PASSWORD);
      for (const user of DEMO_USERS) expect(text).toContain(user.email);
      for (const key of Object.keys(DEMO_CASES) as DemoCaseKey[]) expect(text).toContain(first.cases[key].reference);
    }
  });

  it('makes the organisations of the centre and a user of every discipline and role', async () => {
    expect(afterFirst.organisations).toBe(8);
    expect(afterFirst.users).toBe(DEMO_USERS.length);
    const kinds = (await one<{ kind: string }>(`SELECT kind FROM organisations`)).map((r) => r.kind);
    expect(kinds).toEqual(expect.arrayContaining(['centre', 'police', 'forensic_medical_service', 'veilig_thuis', 'local_team']));
    const disciplines = new Set((await one<{ discipline: string }>(`SELECT discipline FROM users`)).map((r) => r.discipline));
    expect([...disciplines].sort()).toEqual([
      'child_protection',
      'forensic_medicine',
      'mental_health',
      'police',
      'social_work',
      'youth_care',
    ]);
    expect((await one(`SELECT 1 FROM users WHERE 'coordinator' = ANY (roles) AND active`)).length).toBe(2);
    expect((await one(`SELECT 1 FROM users WHERE 'admin' = ANY (roles) AND active`)).length).toBe(1);
    const receiver = await one<{ kind: string }>(
      `SELECT o.kind FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.email = 'localteam@demo.oneroof'`,
    );
    expect(receiver).toEqual([{ kind: 'local_team' }]);
  });

  it('has a case in intake with contributions missing', async () => {
    const id = await caseId('intake');
    expect(await one(`SELECT status FROM cases WHERE id = $1`, [id])).toEqual([{ status: 'intake' }]);
    expect(await one(`SELECT status FROM intakes WHERE case_id = $1`, [id])).toEqual([{ status: 'planned' }]);
    const counts = await one<{ interviews: string; examinations: string; assessments: string }>(
      `SELECT (SELECT count(*) FROM intake_interviews WHERE case_id = $1) AS interviews,
              (SELECT count(*) FROM intake_examinations WHERE case_id = $1) AS examinations,
              (SELECT count(*) FROM intake_assessments WHERE case_id = $1) AS assessments`,
      [id],
    );
    expect(counts).toEqual([{ interviews: '1', examinations: '0', assessments: '0' }]);
  });

  it('has an active case with a concluded intake and follow-ups planned, done and missed', async () => {
    const id = await caseId('active');
    expect(await one(`SELECT status FROM cases WHERE id = $1`, [id])).toEqual([{ status: 'active' }]);
    expect(await one(`SELECT status FROM intakes WHERE case_id = $1`, [id])).toEqual([{ status: 'concluded' }]);
    const statuses = (await one<{ status: string }>(`SELECT DISTINCT status FROM follow_ups WHERE case_id = $1 ORDER BY status`, [id])).map(
      (r) => r.status,
    );
    expect(statuses).toEqual(['done', 'missed', 'planned']);
    expect((await one(`SELECT 1 FROM intake_examinations WHERE case_id = $1 AND disclosed_at IS NOT NULL`, [id])).length).toBe(1);
  });

  it('has handovers proposed, briefed (waiting for acceptance) and accepted, each to the local-team receiver', async () => {
    const receiver = (await one<{ id: string }>(`SELECT id FROM users WHERE email = 'localteam@demo.oneroof'`))[0].id;
    for (const [key, status] of [
      ['proposed', 'proposed'],
      ['briefed', 'briefed'],
      ['accepted', 'accepted'],
    ] as const) {
      const rows = await one(`SELECT status, to_user_id FROM handovers WHERE case_id = $1`, [await caseId(key)]);
      expect({ key, rows }).toEqual({ key, rows: [{ status, to_user_id: receiver }] });
    }
    // After acceptance the receiver leads the case.
    const lead = await one(`SELECT user_id FROM case_memberships WHERE case_id = $1 AND role = 'lead' AND until IS NULL`, [
      await caseId('accepted'),
    ]);
    expect(lead).toEqual([{ user_id: receiver }]);
  });

  it('has an emergency access awaiting review, and a closed case', async () => {
    const grants = await one(
      `SELECT g.review_verdict, u.email FROM emergency_access_grants g JOIN users u ON u.id = g.user_id WHERE g.case_id = $1`,
      [await caseId('emergency')],
    );
    expect(grants).toEqual([{ review_verdict: null, email: 'youth@demo.oneroof' }]);
    expect(await one(`SELECT status FROM cases WHERE id = $1`, [await caseId('closed')])).toEqual([{ status: 'closed' }]);
  });

  it('went through the services: every case write is audited and raised its events', async () => {
    expect(afterFirst.cases).toBe(Object.keys(DEMO_CASES).length);
    expect((await one(`SELECT 1 FROM audit_events WHERE action = 'case.create'`)).length).toBe(Object.keys(DEMO_CASES).length);
    const types = (await one<{ type: string }>(`SELECT DISTINCT type FROM outbox_events ORDER BY type`)).map((r) => r.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'team.member_added',
        'intake.scheduled',
        'intake.concluded',
        'record.disclosed',
        'handover.proposed',
        'handover.briefed',
        'handover.accepted',
        'emergency_access.granted',
      ]),
    );
  });
});
