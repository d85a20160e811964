import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import { deliverOutbox, expectFor, notificationsOf } from './conferences/support';
import { http, outboxEvents } from './intake-support';

/**
 * Issue 13, design.md §8 re-reports and aftercare: matching when a case is opened or a person added
 * (names folded for case and accents, equal dates of birth, the earlier case closed in the last 12
 * months), told to the coordinators only with the two references; the coordinator's link or
 * dismissal; GET links under the case's rule; and closing with aftercare planning three checks.
 */
const MONTH = 30 * 24 * 3600_000;

describe('re-reports, links and aftercare', () => {
  let ctx: TestContext;
  let leadA: TestUser;
  let leadB: TestUser;
  let member: TestUser;
  let coordinator: TestUser;
  let coordinator2: TestUser;
  let outsider: TestUser;

  const as = (user: TestUser) => ({
    get: (path: string) => http(ctx).get(path).set('Authorization', user.auth),
    post: (path: string, body: object = {}) => http(ctx).post(path).set('Authorization', user.auth).send(body),
    patch: (path: string, body: object = {}) => http(ctx).patch(path).set('Authorization', user.auth).send(body),
  });
  const SANNE = { firstName: 'Sanne', lastName: 'de Vries', familyRole: 'child', involvement: 'victim', dateOfBirth: '2016-04-02' };

  async function open(lead: TestUser, persons: object[]): Promise<{ id: string; reference: string; version: number }> {
    const res = await as(lead).post('/api/cases', { urgency: 'regular', source: 'school', summary: 'Worries at school', persons });
    expect(res.status).toBe(201);
    return res.body;
  }
  async function closed(persons: object[], closedMonthsAgo = 0) {
    const c = await open(leadA, persons);
    expect((await as(leadA).post(`/api/cases/${c.id}/close`, { reason: 'Help in place' })).status).toBe(200);
    if (closedMonthsAgo) {
      await ctx.db.query(`UPDATE cases SET closed_at = closed_at - $2 * interval '1 month' WHERE id = $1`, [c.id, closedMonthsAgo]);
    }
    return c;
  }
  const matchesOf = async (caseId: string) => outboxEvents(ctx, 'case.possible_rereport', caseId);

  beforeAll(async () => {
    ctx = await createTestApp();
    leadA = await ctx.factory.user({ discipline: 'social_work' });
    leadB = await ctx.factory.user({ discipline: 'social_work' });
    member = await ctx.factory.user({ discipline: 'youth_care' });
    coordinator = await ctx.factory.coordinator();
    coordinator2 = await ctx.factory.coordinator();
    outsider = await ctx.factory.user({ discipline: 'social_work' });
  });
  afterAll(() => ctx.close());

  describe('matching', () => {
    it('matches a child of a case closed this year, names and accents folded, and tells only the coordinators', async () => {
      const earlier = await closed([SANNE]);
      const later = await open(leadB, [{ ...SANNE, firstName: 'SANNE', lastName: 'de Vriés' }]);
      const events = await matchesOf(later.id);
      expect(events.map((e) => e.payload)).toEqual([
        { caseId: later.id, caseReference: later.reference, earlierCaseReference: earlier.reference },
      ]);
      await deliverOutbox(ctx);
      const title = `Possible re-report: ${later.reference} matches a case closed in the last 12 months`;
      expect(await notificationsOf(ctx, 'case.possible_rereport', later.id)).toEqual(expectFor([coordinator, coordinator2], title));

      // The new case's team learns nothing of the earlier case before a link.
      const teamView = await as(leadB).get(`/api/cases/${later.id}/links`);
      expect(teamView.status).toBe(200);
      expect(teamView.body).toEqual({ items: [], possibleRereports: [] });
      expect(JSON.stringify(teamView.body)).not.toContain(earlier.reference);
      const coordinatorView = await as(coordinator).get(`/api/cases/${later.id}/links`);
      expect(coordinatorView.body.possibleRereports).toEqual([
        { caseId: earlier.id, reference: earlier.reference, foundAt: expect.any(String) },
      ]);
    });

    it('matches when a person is added to an open case', async () => {
      const earlier = await closed([{ ...SANNE, firstName: 'Émile', lastName: 'Bakker', dateOfBirth: '2015-09-09' }]);
      const later = await open(leadB, []);
      expect(await matchesOf(later.id)).toHaveLength(0);
      const added = await as(leadB).post(`/api/cases/${later.id}/persons`, {
        ...SANNE,
        firstName: 'emile',
        lastName: 'BAKKER',
        dateOfBirth: '2015-09-09',
      });
      expect(added.status).toBe(201);
      expect((await matchesOf(later.id)).map((e) => e.payload.earlierCaseReference)).toEqual([earlier.reference]);
    });

    it('does not match another date of birth, a case closed 13 months ago, an open case, or no date of birth', async () => {
      const person = { ...SANNE, firstName: 'Noor', lastName: 'Yilmaz', dateOfBirth: '2017-02-14' };
      await closed([person], 13);
      await open(leadA, [person]);
      await closed([{ ...person, dateOfBirth: '2017-02-15' }]);
      await closed([{ ...person, dateOfBirth: undefined }]);
      const later = await open(leadB, [person, { ...person, dateOfBirth: undefined }]);
      expect(await matchesOf(later.id)).toEqual([]);
    });

    it('a case closed 11 months ago still matches', async () => {
      const person = { ...SANNE, firstName: 'Lotte', lastName: 'Smit', dateOfBirth: '2018-07-01' };
      const earlier = await closed([person], 11);
      const later = await open(leadB, [person]);
      expect((await matchesOf(later.id)).map((e) => e.payload.earlierCaseReference)).toEqual([earlier.reference]);
    });
  });

  describe('links', () => {
    it("are the coordinator's: a link shows the team the earlier reference only, and opens nothing", async () => {
      const person = { ...SANNE, firstName: 'Mila', lastName: 'Visser', dateOfBirth: '2019-03-03' };
      const earlier = await closed([person]);
      const later = await open(leadB, [person]);
      const body = { caseId: earlier.id, kind: 'rereport', note: 'Same child, mother confirmed' };
      problemOf(await as(leadB).post(`/api/cases/${later.id}/links`, body), 403);
      problemOf(await as(outsider).get(`/api/cases/${later.id}/links`), 404);

      const linked = await as(coordinator).post(`/api/cases/${later.id}/links`, body);
      expect(linked.status).toBe(201);
      expect(linked.body).toEqual({
        caseId: earlier.id,
        reference: earlier.reference,
        kind: 'rereport',
        note: body.note,
        linkedAt: expect.any(String),
      });
      expect(problemOf(await as(coordinator).post(`/api/cases/${later.id}/links`, body), 409).code).toBe('ALREADY_LINKED');
      expect(problemOf(await as(coordinator).post(`/api/cases/${earlier.id}/links`, { ...body, caseId: later.id }), 409).code).toBe(
        'ALREADY_LINKED',
      );

      const teamView = await as(leadB).get(`/api/cases/${later.id}/links`);
      expect(teamView.body).toEqual({ items: [linked.body], possibleRereports: [] });
      // The earlier case's own team sees the link from its side.
      expect((await as(leadA).get(`/api/cases/${earlier.id}/links`)).body.items).toEqual([
        { caseId: later.id, reference: later.reference, kind: 'rereport', note: body.note, linkedAt: linked.body.linkedAt },
      ]);
      // The match is decided; the link is no access rule.
      expect((await as(coordinator).get(`/api/cases/${later.id}/links`)).body.possibleRereports).toEqual([]);
      problemOf(await as(leadB).get(`/api/cases/${earlier.id}`), 404);

      const audit = await ctx.db.query<{ action: string; outcome: string }>(
        `SELECT action, outcome FROM audit_events WHERE case_id = $1 AND action LIKE 'case.link%' ORDER BY seq`,
        [later.id],
      );
      // The lead's 403 is the role check at the edge, before any case is touched (as for every coordinator route).
      expect(audit.map((a) => `${a.action} ${a.outcome}`)).toEqual([
        'case.links.read denied',
        'case.link success',
        'case.link error',
        'case.links.read success',
        'case.links.read success',
      ]);
    });

    it('refuses a link to itself or to no case (422), and a same_family link needs no match', async () => {
      const a = await open(leadA, []);
      const b = await open(leadB, []);
      expect(problemOf(await as(coordinator).post(`/api/cases/${a.id}/links`, { caseId: a.id, kind: 'same_family' }), 422).code).toBe(
        'LINK_TO_ITSELF',
      );
      const none = problemOf(
        await as(coordinator).post(`/api/cases/${a.id}/links`, { caseId: '00000000-0000-4000-8000-000000000000', kind: 'same_family' }),
        422,
      );
      expect(none.errors?.map((e) => e.field)).toEqual(['caseId']);
      problemOf(await as(coordinator).post(`/api/cases/${a.id}/links`, { caseId: b.id, kind: 'cousin' }), 400);
      expect((await as(coordinator).post(`/api/cases/${a.id}/links`, { caseId: b.id, kind: 'same_family' })).status).toBe(201);
    });

    it('a dismissal drops the match; a second one finds none (422)', async () => {
      const person = { ...SANNE, firstName: 'Finn', lastName: 'Mulder', dateOfBirth: '2014-12-12' };
      const earlier = await closed([person]);
      const later = await open(leadB, [person]);
      problemOf(await as(leadB).post(`/api/cases/${later.id}/links/dismissals`, { caseId: earlier.id }), 403);
      const dismissed = await as(coordinator).post(`/api/cases/${later.id}/links/dismissals`, { caseId: earlier.id });
      expect(dismissed.status).toBe(200);
      expect(dismissed.body).toEqual({ items: [], possibleRereports: [] });
      expect(problemOf(await as(coordinator).post(`/api/cases/${later.id}/links/dismissals`, { caseId: earlier.id }), 422).code).toBe(
        'NO_SUCH_MATCH',
      );
    });
  });

  describe('aftercare', () => {
    it('closing with aftercare plans checks at 6, 12 and 18 months, done on the closed case with their outcome', async () => {
      const c = await open(leadA, []);
      expect((await as(leadA).post(`/api/cases/${c.id}/team`, { userId: member.id })).status).toBe(201);
      const refused = problemOf(
        await as(leadA).post(`/api/cases/${c.id}/close`, { reason: 'Help in place', aftercare: { assigneeId: outsider.id } }),
        422,
      );
      expect(refused.errors?.map((e) => e.field)).toEqual(['aftercare.assigneeId']);
      expect((await ctx.db.query<{ status: string }>(`SELECT status FROM cases WHERE id = $1`, [c.id]))[0].status).not.toBe('closed');

      const closedAt = ctx.clock.now();
      const res = await as(leadA).post(`/api/cases/${c.id}/close`, { reason: 'Help in place', aftercare: { assigneeId: member.id } });
      expect(res.status).toBe(200);
      const list = await as(member).get(`/api/cases/${c.id}/follow-ups`);
      expect(list.status).toBe(200);
      const checks = list.body.items as {
        id: string;
        kind: string;
        status: string;
        scheduledAt: string;
        version: number;
        aftercare: unknown;
      }[];
      expect(checks.map((f) => [f.kind, f.status, f.aftercare])).toEqual([
        ['aftercare', 'planned', { months: 6, outcome: null }],
        ['aftercare', 'planned', { months: 12, outcome: null }],
        ['aftercare', 'planned', { months: 18, outcome: null }],
      ]);
      const monthsLater = checks.map((f) => Math.round((Date.parse(f.scheduledAt) - closedAt.getTime()) / MONTH));
      expect(monthsLater).toEqual([6, 12, 18]);

      const first = checks[0];
      const noOutcome = problemOf(await as(member).patch(`/api/follow-ups/${first.id}`, { version: first.version, status: 'done' }), 422);
      expect(noOutcome.errors?.map((e) => e.field)).toEqual(['aftercareOutcome']);
      problemOf(
        await as(member).patch(`/api/follow-ups/${first.id}`, {
          version: first.version,
          status: 'done',
          aftercareOutcome: { violenceStopped: 'yes', safetyExperienced: 11 },
        }),
        400,
      );
      const done = await as(member).patch(`/api/follow-ups/${first.id}`, {
        version: first.version,
        status: 'done',
        outcome: 'Visited at home',
        aftercareOutcome: { violenceStopped: 'yes', safetyExperienced: 8 },
      });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({
        status: 'done',
        aftercare: { months: 6, outcome: { violenceStopped: 'yes', safetyExperienced: 8 } },
      });
      const second = checks[1];
      const unasked = await as(member).patch(`/api/follow-ups/${second.id}`, {
        version: second.version,
        status: 'done',
        aftercareOutcome: { violenceStopped: 'unknown', safetyExperienced: null },
      });
      expect(unasked.status).toBe(200);
      expect(unasked.body.aftercare.outcome).toEqual({ violenceStopped: 'unknown', safetyExperienced: null });
    });

    it('an ordinary follow-up takes no aftercare outcome and stops with the case', async () => {
      const c = await open(leadA, []);
      const f = await as(leadA).post(`/api/cases/${c.id}/follow-ups`, {
        kind: 'home_visit',
        scheduledAt: new Date(ctx.clock.now().getTime() + MONTH).toISOString(),
        assigneeId: leadA.id,
      });
      expect(f.status).toBe(201);
      expect(f.body.aftercare).toBeNull();
      const wrong = problemOf(
        await as(leadA).patch(`/api/follow-ups/${f.body.id}`, {
          version: f.body.version,
          status: 'done',
          aftercareOutcome: { violenceStopped: 'yes', safetyExperienced: 5 },
        }),
        400,
      );
      expect(wrong.errors?.map((e) => e.field)).toEqual(['aftercareOutcome']);
      problemOf(
        await as(leadA).post(`/api/cases/${c.id}/follow-ups`, { kind: 'aftercare', scheduledAt: f.body.scheduledAt, assigneeId: leadA.id }),
        400,
      );
    });
  });
});
