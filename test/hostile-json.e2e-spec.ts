import { randomUUID } from 'node:crypto';
import { createTestApp, problemOf, tableDigests, TEST_PASSWORD, type TestContext, type TestUser } from '@oneroof/testing';
import type { Response } from 'supertest';
import { assessmentBody, examinationBody, http, isoIn, minutes, openCase, type TestCase } from './intake-support';

/**
 * Issue 15, finding 7: a lone UTF-16 surrogate (`"\ud800"`, valid JSON, no character) in any field
 * stored as JSON failed in Postgres, and in an email inside the validator; an array nested inside an
 * array of DTOs skipped validation (500s, and `findings: [[]]` stored in an immutable examination).
 * Both are refused before any DTO sees the body (apps/api/src/http/input-guard.ts, validation.ts):
 * a 400 naming the field, and not a row changed anywhere.
 */
const LONE = '\ud800';
const LONE_LOW = '\udfff';
const CHECKLIST = {
  safetySituation: 'Safe with the grandmother',
  risks: 'Father has a key',
  safetyAgreements: 'No unsupervised contact',
  openActions: 'Call the school',
  involvedProfessionals: 'GP, school mentor',
  expectations: 'Weekly home visits',
  familyInformed: true,
};
const CHECKLIST_TEXT_ITEMS = [
  'safetySituation',
  'risks',
  'safetyAgreements',
  'openActions',
  'involvedProfessionals',
  'expectations',
] as const;

describe('lone surrogates and nested arrays: 400 naming the field, nothing written', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let lead: TestUser;
  let police: TestUser;
  let doctor: TestUser;
  let receiver: TestUser;
  let c: TestCase;
  let handoverId: string;

  const post = (user: TestUser | null, path: string, body: unknown) => {
    const req = http(ctx).post(path);
    return (user ? req.set('Authorization', user.auth) : req).send(body as object);
  };
  /** Sends the request and expects a 400 naming exactly `fields`, with every table as it was. */
  const refused = async (send: () => Promise<Response>, fields: string[]) => {
    const before = await tableDigests(ctx.db);
    const res = await send();
    expect(problemOf(res, 400).errors?.map((e) => e.field)).toEqual(fields);
    expect(await tableDigests(ctx.db)).toEqual(before);
    return res;
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    admin = await ctx.factory.admin();
    lead = await ctx.factory.user({ discipline: 'social_work' });
    police = await ctx.factory.user({ discipline: 'police' });
    doctor = await ctx.factory.user({ discipline: 'forensic_medicine' });
    receiver = await ctx.factory.user({ discipline: 'youth_care' });
    c = await openCase(ctx, lead, [police, doctor]);
    const scheduled = await post(lead, `/api/cases/${c.id}/intake`, { scheduledAt: isoIn(ctx, minutes(60)) });
    expect(scheduled.status).toBe(201);
    const proposed = await post(lead, `/api/cases/${c.id}/handovers`, { toUserId: receiver.id, reason: 'Moving', checklist: CHECKLIST });
    expect(proposed.status).toBe(201);
    handoverId = proposed.body.id;
  });

  afterAll(async () => {
    await ctx?.close();
  });

  describe('a lone surrogate', () => {
    const assess = (answers: unknown) => post(lead, `/api/cases/${c.id}/assessments`, assessmentBody({ answers }));
    const examine = (overrides: Record<string, unknown>) =>
      post(doctor, `/api/cases/${c.id}/examinations`, examinationBody(c.childId, overrides));

    it('in an assessment answer (stored as JSON), at any depth', async () => {
      const res = await refused(() => assess({ q1: `ja${LONE}` }), ['answers.q1']);
      expect(problemOf(res, 400).errors?.[0].message).toBe(
        'answers.q1 must not contain a lone UTF-16 surrogate (\\ud800 to \\udfff without its pair): it is not a character',
      );
      await refused(() => assess({ list: ['fine', { deeper: LONE_LOW }] }), ['answers.list[1].deeper']);
    });

    it('in an assessment answer key, the surrogate written out in the field name', async () => {
      const res = await refused(() => assess({ [`q${LONE}1`]: 'ja' }), ['answers.q\\ud8001']);
      expect(problemOf(res, 400).errors?.[0].message).toMatch(/^answers\.q\\ud8001: a field name must not contain a lone UTF-16 surrogate/);
    });

    it('in examination consent', async () => {
      await refused(() => examine({ consent: { givenBy: `mother${LONE}`, basis: 'informed consent' } }), ['consent.givenBy']);
      await refused(() => examine({ consent: { givenBy: 'mother', basis: LONE_LOW } }), ['consent.basis']);
    });

    it('in examination findings and evidence', async () => {
      const finding = { bodyRegion: 'left arm', kind: 'bruise', sizeMm: 20, description: 'x' };
      await refused(() => examine({ findings: [finding, { ...finding, description: `a${LONE}` }] }), ['findings[1].description']);
      await refused(() => examine({ evidence: [{ reference: `EV${LONE}`, sha256: 'a'.repeat(64) }] }), ['evidence[0].reference']);
    });

    it.each(CHECKLIST_TEXT_ITEMS)('in the checklist item %s', async (item) => {
      const fresh = await openCase(ctx, lead, []);
      await refused(
        () =>
          post(lead, `/api/cases/${fresh.id}/handovers`, { toUserId: receiver.id, checklist: { ...CHECKLIST, [item]: `text ${LONE}` } }),
        [`checklist.${item}`],
      );
    });

    it('in meeting notes', async () => {
      await refused(
        () =>
          post(lead, `/api/handovers/${handoverId}/meeting`, {
            heldAt: isoIn(ctx, -minutes(5)),
            participantIds: [lead.id, receiver.id],
            familyPresent: true,
            notes: `Went through the plan ${LONE}`,
          }),
        ['notes'],
      );
    });

    it('in a waiver reason', async () => {
      await refused(
        () =>
          post(lead, `/api/cases/${c.id}/intake/conclude`, {
            decision: 'Support at home',
            safety: 'conditionally_safe',
            leadUserId: lead.id,
            waivedDisciplines: [{ discipline: 'police', reason: `No report ${LONE}` }],
          }),
        ['waivedDisciplines[0].reason'],
      );
    });

    it('in a conclusion action title (stored as JSON; found by npm run fuzz with this fix undone)', async () => {
      await refused(
        () =>
          post(lead, `/api/cases/${c.id}/intake/conclude`, {
            decision: 'Support at home',
            safety: 'conditionally_safe',
            leadUserId: lead.id,
            actions: [{ title: `Home visit ${LONE}`, assigneeId: lead.id, dueAt: isoIn(ctx, minutes(600)) }],
          }),
        ['actions[0].title'],
      );
    });

    it('in a new user’s email (the validator threw on it) and in the login email', async () => {
      const user = { name: 'New user', password: 'a long enough password', discipline: 'police', organisationId: admin.organisationId };
      await refused(() => post(admin, '/api/users', { ...user, email: `new${LONE}@test.oneroof` }), ['email']);
      await refused(() => post(null, '/api/auth/login', { email: `${admin.email}${LONE}`, password: TEST_PASSWORD }), ['email']);
    });

    it('in a text column too, which would otherwise store U+FFFD instead of what was sent', async () => {
      await refused(() => post(lead, '/api/cases', { urgency: 'acute', source: 'police', summary: `A summary ${LONE}` }), ['summary']);
    });

    it('takes a well-formed pair (an emoji) in the same places', async () => {
      const res = await assess({ 'q😀': 'ja 😀' });
      expect(res.status).toBe(201);
      expect(res.body.answers).toEqual({ 'q😀': 'ja 😀' });
    });
  });

  describe('an array where an object belongs', () => {
    it('in persons, at any depth', async () => {
      const open = (persons: unknown) => post(lead, '/api/cases', { urgency: 'acute', source: 'police', summary: 'A summary', persons });
      await refused(() => open([[[]]]), ['persons[0]']);
      const person = { firstName: 'Sanne', lastName: 'Jansen', familyRole: 'child', involvement: 'victim' };
      await refused(() => open([person, [person]]), ['persons[1]']);
      await refused(() => open([person, null, 'x']), ['persons[1]', 'persons[2]']);
    });

    it('in examination findings (was stored, 201, as [{sizeMm: null}]) and evidence', async () => {
      const examine = (overrides: Record<string, unknown>) =>
        post(doctor, `/api/cases/${c.id}/examinations`, examinationBody(c.childId, overrides));
      const res = await refused(() => examine({ findings: [[]] }), ['findings[0]']);
      expect(problemOf(res, 400).errors?.[0].message).toBe('findings[0] must be an object');
      await refused(() => examine({ evidence: [[]] }), ['evidence[0]']);
      await refused(
        () => examine({ findings: [[{ bodyRegion: 'arm', kind: 'bruise', description: 'x' }]], evidence: [[]] }),
        ['findings[0]', 'evidence[0]'],
      );
      expect(Number((await ctx.db.query<{ n: string }>(`SELECT count(*) AS n FROM intake_examinations`))[0].n)).toBe(0);
    });

    it('in waivedDisciplines and conclusion actions', async () => {
      const conclude = (overrides: Record<string, unknown>) =>
        post(lead, `/api/cases/${c.id}/intake/conclude`, { decision: 'Support', safety: 'safe', leadUserId: lead.id, ...overrides });
      await refused(() => conclude({ waivedDisciplines: [[]] }), ['waivedDisciplines[0]']);
      await refused(() => conclude({ actions: [[{ title: 'x', assigneeId: lead.id, dueAt: isoIn(ctx, minutes(60)) }]] }), ['actions[0]']);
    });

    it('leaves arrays inside free JSON alone (assessment answers)', async () => {
      const res = await post(lead, `/api/cases/${c.id}/assessments`, assessmentBody({ answers: { grid: [[1, 2], [[]]] } }));
      expect(res.status).toBe(201);
      expect(res.body.answers).toEqual({ grid: [[1, 2], [[]]] });
    });

    it('refuses it with an Idempotency-Key as well', async () => {
      await refused(
        () =>
          http(ctx)
            .post(`/api/cases/${c.id}/examinations`)
            .set('Authorization', doctor.auth)
            .set('Idempotency-Key', randomUUID())
            .send(examinationBody(c.childId, { findings: [[]] })),
        ['findings[0]'],
      );
    });
  });
});
