import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';

/** Issue 13, design.md §8: reportedAt, municipalityCode and violenceTypes on create, PATCH and read. */
describe('case report fields', () => {
  let ctx: TestContext;
  let lead: TestUser;
  const http = () => request(ctx.app.getHttpServer());
  const open = (body: Record<string, unknown>) =>
    http()
      .post('/api/cases')
      .set('Authorization', lead.auth)
      .send({ urgency: 'regular', source: 'family', summary: 'Neighbour worried', ...body });
  const countCases = async () => (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases`))[0].n;

  beforeAll(async () => {
    ctx = await createTestApp();
    lead = await ctx.factory.user({ discipline: 'social_work' });
  });
  afterAll(() => ctx.close());

  it('defaults reportedAt to openedAt, municipality to null and types to none', async () => {
    const res = await open({});
    expect(res.status).toBe(201);
    expect(res.body.reportedAt).toBe(res.body.openedAt);
    expect(res.body.municipalityCode).toBeNull();
    expect(res.body.violenceTypes).toEqual([]);
  });

  it('takes all three on create and shows them on read', async () => {
    const reportedAt = new Date(ctx.clock.now().getTime() - 3 * 86400000).toISOString();
    const res = await open({ reportedAt, municipalityCode: 'GM0392', violenceTypes: ['neglect', 'partner_violence', 'neglect'] });
    expect(res.status).toBe(201);
    const read = await http().get(`/api/cases/${res.body.id}`).set('Authorization', lead.auth);
    expect(read.body).toMatchObject({ reportedAt, municipalityCode: 'GM0392', violenceTypes: ['neglect', 'partner_violence'] });
  });

  it.each([
    ['a reportedAt in the future', { reportedAt: new Date(Date.now() + 3600_000).toISOString() }, 422, 'reportedAt'],
    ['a reportedAt that is no date-time', { reportedAt: 'yesterday' }, 400, 'reportedAt'],
    ['a municipality code of three digits', { municipalityCode: 'GM039' }, 400, 'municipalityCode'],
    ['a municipality code in lower case', { municipalityCode: 'gm0392' }, 400, 'municipalityCode'],
    ['an unknown violence type', { violenceTypes: ['bullying'] }, 400, 'violenceTypes'],
    ['violence types that are no array', { violenceTypes: 'neglect' }, 400, 'violenceTypes'],
  ])('refuses %s on create, naming the field, and opens nothing', async (_name, body, status, field) => {
    const before = await countCases();
    const problem = problemOf(await open(body), status);
    expect(problem.errors?.map((e) => e.field)).toContain(field);
    expect(await countCases()).toBe(before);
  });

  describe('PATCH', () => {
    let caseId: string;
    let version: number;
    let openedAt: string;
    beforeAll(async () => {
      const res = await open({});
      ({ id: caseId, version, openedAt } = res.body);
    });

    it('changes them, and null clears the municipality', async () => {
      const earlier = new Date(new Date(openedAt).getTime() - 86400000).toISOString();
      let res = await http()
        .patch(`/api/cases/${caseId}`)
        .set('Authorization', lead.auth)
        .send({ version, reportedAt: earlier, municipalityCode: 'GM0363', violenceTypes: ['sexual_abuse'] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ reportedAt: earlier, municipalityCode: 'GM0363', violenceTypes: ['sexual_abuse'] });
      version = res.body.version;
      res = await http().patch(`/api/cases/${caseId}`).set('Authorization', lead.auth).send({ version, municipalityCode: null });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ reportedAt: earlier, municipalityCode: null, violenceTypes: ['sexual_abuse'] });
      version = res.body.version;
    });

    it('refuses a reportedAt after openedAt with 422 naming it, and changes nothing', async () => {
      ctx.clock.advance(3600_000);
      try {
        const later = new Date(new Date(openedAt).getTime() + 60_000).toISOString();
        const problem = problemOf(
          await http().patch(`/api/cases/${caseId}`).set('Authorization', lead.auth).send({ version, reportedAt: later }),
          422,
        );
        expect(problem.errors).toEqual([expect.objectContaining({ field: 'reportedAt' })]);
        const [row] = await ctx.db.query<{ version: number }>(`SELECT version FROM cases WHERE id = $1`, [caseId]);
        expect(row.version).toBe(version);
      } finally {
        ctx.clock.reset();
      }
    });

    it('refuses null for reportedAt and violenceTypes (400 naming the field)', async () => {
      for (const field of ['reportedAt', 'violenceTypes']) {
        const problem = problemOf(
          await http()
            .patch(`/api/cases/${caseId}`)
            .set('Authorization', lead.auth)
            .send({ version, [field]: null }),
          400,
        );
        expect(problem.errors?.map((e) => e.field)).toContain(field);
      }
    });
  });

  it('the migration gave existing cases reportedAt = openedAt, and the database refuses a later one', async () => {
    const res = await open({});
    await expect(
      ctx.db.query(`UPDATE cases SET reported_at = opened_at + interval '1 second' WHERE id = $1`, [res.body.id]),
    ).rejects.toThrow(/cases_reported_before_opened/);
  });
});
