import { randomUUID } from 'node:crypto';
import { createTestApp, problemOf, tableDigests, TEST_PASSWORD, type TestContext, type TestUser } from '@oneroof/testing';
import type { Response } from 'supertest';
import { assessmentBody, http, isoIn, minutes, openCase, type TestCase } from './intake-support';

/**
 * Bad input is a 400 problem naming the field and changes nothing, never a 500. Each case here was a
 * 500 before: loose ISO 8601 date-times (week and ordinal dates, comma fractions, no zone, years out
 * of Postgres' or the timers' range), NUL characters and deep nesting anywhere in a request,
 * versions beyond int4, forged cursors beyond bigint and timestamptz, and names whose length
 * class-validator counts differently from Postgres' length().
 */
const INT4_MAX = 2147483647;
const DAY = 24 * 60 * 60_000;
const crafted = (parts: unknown) => Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
const CHECKLIST = {
  safetySituation: 'Safe with the grandmother',
  risks: 'Father has a key',
  safetyAgreements: 'No unsupervised contact',
  openActions: 'Call the school',
  involvedProfessionals: 'GP, school mentor',
  expectations: 'Weekly home visits',
  familyInformed: true,
};
/** JSON text of `{a: {a: … 1}}` (or `[[… 1]]`) nested `depth` deep: too deep for JSON.stringify, and for supertest. */
const deepJson = (depth: number, array = false) =>
  array ? '['.repeat(depth) + '1' + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

const fieldsOf = (res: Response) => problemOf(res, 400).errors?.map((e) => e.field);

describe('input hardening: bad input is a 400, never a 500', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let coordinator: TestUser;
  let lead: TestUser;
  let member: TestUser;
  let receiver: TestUser;
  let c: TestCase;
  let handoverId: string;
  let followUp: { id: string; version: number };

  /** Every row of every table, as one digest per table: a refused request must leave all of them as they were. */
  const snapshot = () => tableDigests(ctx.db);
  /** Sends the request and expects a 400 naming exactly `fields`, with the database untouched. */
  const refused = async (send: () => Promise<Response>, fields: string[]) => {
    const before = await snapshot();
    const res = await send();
    expect(fieldsOf(res)).toEqual(fields);
    expect(await snapshot()).toEqual(before);
    return res;
  };

  const post = (user: TestUser, path: string, body: unknown) =>
    http(ctx)
      .post(path)
      .set('Authorization', user.auth)
      .send(body as object);
  const patch = (user: TestUser, path: string, body: unknown) =>
    http(ctx)
      .patch(path)
      .set('Authorization', user.auth)
      .send(body as object);
  const get = (user: TestUser, path: string) => http(ctx).get(path).set('Authorization', user.auth);

  beforeAll(async () => {
    ctx = await createTestApp();
    admin = await ctx.factory.admin();
    coordinator = await ctx.factory.coordinator();
    lead = await ctx.factory.user({ discipline: 'social_work' });
    member = await ctx.factory.user({ discipline: 'police' });
    receiver = await ctx.factory.user({ discipline: 'youth_care' });
    c = await openCase(ctx, lead, [member]);
    const proposed = await post(lead, `/api/cases/${c.id}/handovers`, {
      toUserId: receiver.id,
      reason: 'Moving to the local team',
      checklist: CHECKLIST,
    });
    expect(proposed.status).toBe(201);
    handoverId = proposed.body.id;
    const scheduled = await post(lead, `/api/cases/${c.id}/follow-ups`, {
      kind: 'home_visit',
      scheduledAt: isoIn(ctx, minutes(120)),
      assigneeId: member.id,
    });
    expect(scheduled.status).toBe(201);
    followUp = scheduled.body;
  });

  afterAll(async () => {
    await ctx?.close();
  });

  describe('date-times: only YYYY-MM-DDTHH:MM[:SS[.ffffff]] with Z or ±HH:MM, a real moment in the years 1900 to 2999', () => {
    const BAD = [
      ['a week date', '2027-W05'],
      ['a week date with a day', '2027-W05-3'],
      ['an ordinal date', '2026-060'],
      ['a comma fraction', '2027-01-01T10:00:00,5Z'],
      ['no time zone (read as server-local)', '2026-12-01T10:00'],
      ['no time zone, with seconds', '2026-12-01T10:00:00'],
      ['a date only', '2026-12-01'],
      ['year 9999 (the timers overflow timestamptz)', '9999-12-31T00:00:00Z'],
      ['year 3000', '3000-01-01T00:00:00Z'],
      ['year 0000', '0000-01-01T00:00:00Z'],
      ['year 1899', '1899-12-31T23:59:59Z'],
      ['31 February', '2026-02-31T10:00:00Z'],
      ['29 February of a common year', '2027-02-29T10:00:00Z'],
      ['hour 24', '2026-12-01T24:00:00Z'],
      ['a leap second', '2026-12-31T23:59:60Z'],
      ['seven fraction digits', '2026-12-01T10:00:00.1234567Z'],
      ['an offset beyond ±14:00', '2026-12-01T10:00:00+15:00'],
      ['an offset without a colon', '2026-12-01T10:00:00+0100'],
    ] as const;

    // A case of its own for each proposal, so that none is refused for another open handover.
    let fresh: TestCase;
    const ENDPOINTS: [string, string, (value: string) => Promise<Response>, (() => Promise<void>)?][] = [
      [
        'POST /cases/:id/handovers',
        'respondBy',
        (v) => post(lead, `/api/cases/${fresh.id}/handovers`, { toUserId: receiver.id, checklist: CHECKLIST, respondBy: v }),
        async () => {
          fresh = await openCase(ctx, lead, []);
        },
      ],
      [
        'POST /handovers/:id/meeting',
        'heldAt',
        (v) =>
          post(lead, `/api/handovers/${handoverId}/meeting`, {
            heldAt: v,
            participantIds: [lead.id, receiver.id],
            familyPresent: true,
            notes: 'Went through the plan',
          }),
      ],
      [
        'POST /cases/:id/follow-ups',
        'scheduledAt',
        (v) => post(lead, `/api/cases/${c.id}/follow-ups`, { kind: 'phone_call', scheduledAt: v, assigneeId: member.id }),
      ],
      [
        'PATCH /follow-ups/:id',
        'scheduledAt',
        (v) => patch(lead, `/api/follow-ups/${followUp.id}`, { version: followUp.version, scheduledAt: v }),
      ],
      ['POST /cases/:id/intake', 'scheduledAt', (v) => post(lead, `/api/cases/${c.id}/intake`, { scheduledAt: v })],
      ['GET /audit/events?from', 'from', (v) => get(coordinator, `/api/audit/events?from=${encodeURIComponent(v)}`)],
      ['GET /audit/events?to', 'to', (v) => get(coordinator, `/api/audit/events?to=${encodeURIComponent(v)}`)],
      ['GET /audit/handovers?from', 'from', (v) => get(coordinator, `/api/audit/handovers?from=${encodeURIComponent(v)}`)],
      ['GET /audit/handovers?to', 'to', (v) => get(coordinator, `/api/audit/handovers?to=${encodeURIComponent(v)}`)],
      ['GET /me/follow-ups?from', 'from', (v) => get(lead, `/api/me/follow-ups?from=${encodeURIComponent(v)}`)],
    ];

    describe.each(ENDPOINTS)('%s', (_route, field, send, prepare) => {
      beforeEach(async () => {
        await prepare?.();
      });
      it.each(BAD)(`refuses %s (%s) with a 400 naming ${field}`, async (_what, value) => {
        const res = await refused(() => send(value), [field]);
        expect(problemOf(res, 400).errors).toEqual([
          {
            field,
            message: `${field} must be an ISO 8601 date-time with a time zone, e.g. 2026-11-23T10:00:00Z, in the years 1900 to 2999`,
          },
        ]);
      });
    });

    it('takes every accepted form, and reads it as the moment it names', async () => {
      const at = new Date(ctx.clock.now().getTime() + 3 * DAY);
      at.setUTCSeconds(0, 0);
      const forms = [
        at.toISOString().slice(0, 16) + 'Z',
        at.toISOString().slice(0, 19) + 'Z',
        at.toISOString().slice(0, 19) + '.5Z',
        at.toISOString().slice(0, 19) + '.123456Z',
        new Date(at.getTime() + 90 * 60_000).toISOString().slice(0, 19) + '+01:30',
        new Date(at.getTime() - 5 * 3600_000).toISOString().slice(0, 19) + '-05:00',
      ];
      const expected = [0, 0, 500, 123, 0, 0].map((ms) => new Date(at.getTime() + ms).toISOString());
      const got: string[] = [];
      for (const scheduledAt of forms) {
        const res = await post(lead, `/api/cases/${c.id}/follow-ups`, { kind: 'phone_call', scheduledAt, assigneeId: member.id });
        expect(res.status).toBe(201);
        got.push(res.body.scheduledAt);
      }
      expect(got).toEqual(expected);
    });

    it('bounds dateOfBirth to the years 1900 to 2999 as well', async () => {
      const person = { firstName: 'Old', lastName: 'Jansen', familyRole: 'other_family', involvement: 'none' };
      for (const dateOfBirth of ['0000-01-01', '0001-01-01', '1899-12-31', '3000-01-01', '2026-02-29']) {
        await refused(() => post(lead, `/api/cases/${c.id}/persons`, { ...person, dateOfBirth }), ['dateOfBirth']);
        await refused(
          () => post(lead, '/api/cases', { urgency: 'regular', source: 'other', summary: 'x', persons: [{ ...person, dateOfBirth }] }),
          ['persons[0].dateOfBirth'],
        );
      }
      expect((await post(lead, `/api/cases/${c.id}/persons`, { ...person, dateOfBirth: '1900-01-01' })).status).toBe(201);
    });
  });

  describe('NUL characters, anywhere in a request', () => {
    it('refuses one in the login email (unauthenticated) with a 400 naming email', async () => {
      const res = await refused(
        () => http(ctx).post('/api/auth/login').send({ email: 'a\u0000@example.com', password: TEST_PASSWORD }),
        ['email'],
      );
      expect(problemOf(res, 400).errors?.[0].message).toBe('email must not contain the NUL character (\\u0000)');
    });

    it('refuses one in the login password', async () => {
      await refused(
        () =>
          http(ctx)
            .post('/api/auth/login')
            .send({ email: admin.email, password: `${TEST_PASSWORD}\u0000` }),
        ['password'],
      );
    });

    it('refuses one in a nested array item, naming its path', async () => {
      const persons = [
        { firstName: 'Sanne', lastName: 'Jansen', familyRole: 'child', involvement: 'victim' },
        { firstName: 'Pieter', lastName: 'Jan\u0000sen', familyRole: 'parent', involvement: 'none' },
      ];
      await refused(
        () => post(lead, '/api/cases', { urgency: 'acute', source: 'police', summary: 'A summary', persons }),
        ['persons[1].lastName'],
      );
    });

    it('refuses one inside free JSON (assessment answers), in values and in keys', async () => {
      await refused(
        () => post(lead, `/api/cases/${c.id}/assessments`, assessmentBody({ answers: { q1: 'ja\u0000', q2: 3 } })),
        ['answers.q1'],
      );
      await refused(
        () => post(lead, `/api/cases/${c.id}/assessments`, assessmentBody({ answers: { list: ['fine', { deeper: '\u0000' }] } })),
        ['answers.list[1].deeper'],
      );
      await refused(
        () => post(lead, `/api/cases/${c.id}/assessments`, assessmentBody({ answers: { 'q\u00001': 'ja' } })),
        ['answers.q\\u00001'],
      );
    });

    it('refuses one in a query string and in a path parameter', async () => {
      await refused(() => get(coordinator, '/api/audit/events?action=case.re%00ad'), ['action']);
      await refused(() => get(lead, `/api/me/follow-ups?cursor=%00`), ['cursor']);
      await refused(() => get(lead, `/api/handovers/${handoverId.slice(0, 35)}%00`), ['id']);
    });

    it('names every string that holds one', async () => {
      await refused(
        () => post(lead, '/api/cases', { urgency: 'acute', source: 'police', summary: '\u0000', persons: [{ firstName: '\u0000' }] }),
        ['summary', 'persons[0].firstName'],
      );
    });
  });

  describe('nesting deeper than 32 levels', () => {
    const tooDeepField = 'answers' + '.a'.repeat(31);
    /** An assessment whose answers are the given JSON text, sent as is. */
    const assessWith = (answersJson: string, idempotencyKey?: string) => {
      const body = JSON.stringify(assessmentBody({ answers: '<answers>' })).replace('"<answers>"', answersJson);
      const req = http(ctx).post(`/api/cases/${c.id}/assessments`).set('Authorization', lead.auth).set('Content-Type', 'application/json');
      return (idempotencyKey ? req.set('Idempotency-Key', idempotencyKey) : req).send(body);
    };

    it('refuses answers nested 50,000 deep with a 400 naming the field, not a stack overflow', async () => {
      const res = await refused(() => assessWith(deepJson(50_000)), [tooDeepField]);
      expect(problemOf(res, 400).errors?.[0].message).toBe(`${tooDeepField} is nested too deeply: at most 32 levels`);
    });

    it('refuses it with an Idempotency-Key as well (the request hash walks the body first)', async () => {
      await refused(() => assessWith(deepJson(50_000), randomUUID()), [tooDeepField]);
    });

    it('refuses arrays nested 50,000 deep', async () => {
      await refused(() => assessWith(`{"list":${deepJson(50_000, true)}}`), ['answers.list' + '[0]'.repeat(30)]);
    });

    it('takes 32 levels (the body, answers and 30 more), not 33', async () => {
      expect((await assessWith(deepJson(31), randomUUID())).status).toBe(201);
      await refused(() => assessWith(deepJson(32)), [tooDeepField]);
    });
  });

  describe('integers that reach an int4 column', () => {
    it.each([
      ['PATCH /cases/:id', () => `/api/cases/${c.id}`, { summary: 'A new summary' }],
      ['PATCH /cases/:id/persons/:personId', () => `/api/cases/${c.id}/persons/${c.childId}`, { firstName: 'Sara' }],
      ['PATCH /follow-ups/:id', () => `/api/follow-ups/${followUp.id}`, { outcome: 'Spoke with the mother' }],
    ])('%s refuses version 2147483648 with a 400, and answers 2147483647 with a 409', async (_route, path, change) => {
      await refused(() => patch(lead, path(), { ...change, version: INT4_MAX + 1 }), ['version']);
      await refused(() => patch(lead, path(), { ...change, version: 1e300 }), ['version']);
      // The largest int4 is a well-formed version, only a stale one: 409, changing nothing but the audit trail of the refusal.
      // The refusal's own audit event lands in the month's partition of audit_events (and the seal queue).
      const withoutAudit = (tables: Record<string, string>) =>
        Object.fromEntries(Object.entries(tables).filter(([name]) => !/^audit_(events|seal_queue)/.test(name)));
      const before = withoutAudit(await snapshot());
      expect((await patch(lead, path(), { ...change, version: INT4_MAX })).status).toBe(409);
      expect(withoutAudit(await snapshot())).toEqual(before);
    });
  });

  describe('forged cursors', () => {
    it.each<[string, 'lead' | 'coordinator', () => string, Record<string, string>]>([
      ['a 19-digit seq (beyond bigint)', 'lead', () => `/api/cases/${c.id}/entries`, { list: 'entries', seq: '9'.repeat(19) }],
      [
        'a 19-digit seq in the audit search',
        'coordinator',
        () => '/api/audit/events',
        { list: 'audit-events', at: '2026-01-01T00:00:00Z', seq: '9'.repeat(19) },
      ],
      ['year 0000', 'lead', () => '/api/cases', { list: 'cases', openedAt: '0000-01-01T00:00:00Z', id: randomUUID() }],
      ['year 9999', 'lead', () => '/api/handovers', { list: 'handovers', at: '9999-12-31T23:59:59Z', id: randomUUID() }],
    ])('refuses %s with a 400 naming cursor', async (_what, who, path, parts) => {
      const user = who === 'lead' ? lead : coordinator;
      const res = await refused(() => get(user, `${path()}?cursor=${crafted(parts)}`), ['cursor']);
      expect(problemOf(res, 400).errors?.[0].message).toBe('cursor is not one this API issued');
    });

    it("refuses a cursor of another list, though its parts fit this one's (a time and an id), with a 400 naming cursor", async () => {
      for (const minutesAhead of [300, 301]) {
        const res = await post(lead, `/api/cases/${c.id}/follow-ups`, {
          kind: 'phone_call',
          scheduledAt: isoIn(ctx, minutes(minutesAhead)),
          assigneeId: lead.id,
        });
        expect(res.status).toBe(201);
      }
      const caseList = await get(lead, `/api/cases/${c.id}/follow-ups?limit=1`);
      const agenda = await get(lead, '/api/me/follow-ups?limit=1');
      const cursors = { caseList: caseList.body.nextCursor as string, agenda: agenda.body.nextCursor as string };
      expect(cursors.caseList).toEqual(expect.any(String));
      expect(cursors.agenda).toEqual(expect.any(String));
      // Each list takes its own cursor...
      expect((await get(lead, `/api/cases/${c.id}/follow-ups?limit=1&cursor=${cursors.caseList}`)).status).toBe(200);
      expect((await get(lead, `/api/me/follow-ups?limit=1&cursor=${cursors.agenda}`)).status).toBe(200);
      // ...and refuses the other's, and a handover list's, with the same shape.
      const OTHER_LIST = 'cursor belongs to another list: take it from a page of this list, or leave it out';
      for (const [user, path, cursor] of [
        [lead, `/api/cases/${c.id}/follow-ups`, cursors.agenda],
        [lead, '/api/me/follow-ups', cursors.caseList],
        [lead, '/api/handovers', cursors.agenda],
        [coordinator, '/api/emergency-access', cursors.caseList],
      ] as const) {
        const res = await refused(() => get(user, `${path}?cursor=${cursor}`), ['cursor']);
        expect(problemOf(res, 400).errors?.[0].message).toBe(OTHER_LIST);
      }
    });
  });

  describe('lengths counted as Postgres counts them (code points)', () => {
    const LONG_NAME = 'a\ufe0f'.repeat(150); // 300 code points; class-validator counted 150

    it('refuses an organisation name of 300 code points with a 400 naming name', async () => {
      await refused(() => post(admin, '/api/organisations', { name: LONG_NAME, kind: 'police' }), ['name']);
    });

    it('refuses a user name of 300 code points on create and on update', async () => {
      const body = {
        email: `long.${randomUUID().slice(0, 8)}@test.oneroof`,
        name: LONG_NAME,
        password: 'a long enough password',
        discipline: 'police',
        organisationId: admin.organisationId,
      };
      await refused(() => post(admin, '/api/users', body), ['name']);
      await refused(() => patch(admin, `/api/users/${lead.id}`, { name: LONG_NAME }), ['name']);
    });

    it('takes exactly 200 code points', async () => {
      const name = 'a\ufe0f'.repeat(100);
      const res = await post(admin, '/api/organisations', { name, kind: 'police' });
      expect(res.status).toBe(201);
      const [row] = await ctx.db.query<{ n: number }>(`SELECT length(name) AS n FROM organisations WHERE id = $1`, [res.body.id]);
      expect(row.n).toBe(200);
    });
  });
});
