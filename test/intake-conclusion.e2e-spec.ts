import { randomUUID } from 'node:crypto';
import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import {
  assessmentBody,
  count,
  examinationBody,
  http,
  interviewBody,
  isoIn,
  minutes,
  openCase,
  outboxEvents,
  type TestCase,
} from './intake-support';

/** design.md §2 Intake and Conclusion: scheduling once, concluding once, all of it in one transaction. */
describe('joint intake: scheduling and conclusion', () => {
  let ctx: TestContext;
  let lead: TestUser;
  let police: TestUser;
  let forensic: TestUser;
  let social: TestUser;
  let coordinator: TestUser;
  let outsider: TestUser;

  const post = (user: TestUser, path: string, body: unknown) =>
    http(ctx)
      .post(path)
      .set('Authorization', user.auth)
      .send(body as object);
  const get = (user: TestUser, path: string) => http(ctx).get(path).set('Authorization', user.auth);

  beforeAll(async () => {
    ctx = await createTestApp();
    lead = await ctx.factory.user({ discipline: 'social_work' });
    police = await ctx.factory.user({ discipline: 'police' });
    forensic = await ctx.factory.user({ discipline: 'forensic_medicine' });
    social = await ctx.factory.user({ discipline: 'social_work' });
    coordinator = await ctx.factory.coordinator();
    outsider = await ctx.factory.user({ discipline: 'social_work' });
  });

  afterAll(async () => {
    await ctx?.close();
  });

  const newCase = () => openCase(ctx, lead, [police, forensic, social]);
  const schedule = (c: TestCase, participantIds = [police.id, forensic.id, social.id]) =>
    post(lead, `/api/cases/${c.id}/intake`, { scheduledAt: isoIn(ctx, minutes(60 * 24)), participantIds });
  const conclusion = (overrides: Record<string, unknown> = {}) => ({
    decision: 'Voluntary help with a safety plan',
    safety: 'conditionally_safe',
    leadUserId: social.id,
    actions: [
      {
        title: 'Home visit with the family',
        assigneeId: social.id,
        dueAt: isoIn(ctx, minutes(60 * 24 * 3)),
        kind: 'home_visit',
        remindBeforeMinutes: [60],
      },
      { title: 'Call the school', assigneeId: police.id, dueAt: isoIn(ctx, minutes(60 * 24 * 2)) },
    ],
    waivedDisciplines: [],
    ...overrides,
  });
  const caseRow = async (c: TestCase) =>
    (await ctx.db.query<{ status: string; version: number }>(`SELECT status, version FROM cases WHERE id = $1`, [c.id]))[0];

  describe('scheduling', () => {
    it('schedules the joint intake once per case, raises intake.scheduled to the participants', async () => {
      const c = await newCase();
      const res = await schedule(c);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        caseId: c.id,
        status: 'planned',
        participantIds: [police.id, forensic.id, social.id],
        scheduledBy: lead.id,
        contributions: { police: 0, forensic_medicine: 0, social_work: 0 },
        conclusion: null,
      });
      const events = await outboxEvents(ctx, 'intake.scheduled', c.id);
      expect(events.map((e) => e.payload)).toEqual([{ caseReference: c.reference, participantIds: [police.id, forensic.id, social.id] }]);
      expect(problemOf(await schedule(c), 409).code).toBe('INTAKE_EXISTS');
      expect(await outboxEvents(ctx, 'intake.scheduled', c.id)).toHaveLength(1);
      const read = await get(forensic, `/api/cases/${c.id}/intake`);
      expect(read.status).toBe(200);
      expect(read.body.id).toBe(res.body.id);
    });

    it.each([
      ['a team member', () => police, 201],
      ['the coordinator (oversight only)', () => coordinator, 403],
      ['an outsider', () => outsider, 404],
    ])('as %s → %i', async (_name, who, status) => {
      const c = await newCase();
      const res = await post(who(), `/api/cases/${c.id}/intake`, { scheduledAt: isoIn(ctx, minutes(60)), participantIds: [] });
      if (status >= 400) problemOf(res, status);
      expect(res.status).toBe(status);
    });

    it('takes only team members as participants (422 naming participantIds, nothing written)', async () => {
      const c = await newCase();
      const res = await schedule(c, [police.id, outsider.id]);
      expect(problemOf(res, 422).errors?.map((e) => e.field)).toEqual(['participantIds']);
      expect(await count(ctx, `SELECT count(*) AS n FROM intakes WHERE case_id = $1`, [c.id])).toBe(0);
      expect(await outboxEvents(ctx, 'intake.scheduled', c.id)).toHaveLength(0);
    });

    it('answers 404 for the intake of a case that has none scheduled, and 403 to the coordinator', async () => {
      const c = await newCase();
      expect(problemOf(await get(lead, `/api/cases/${c.id}/intake`), 404).code).toBe('INTAKE_NOT_FOUND');
      await schedule(c).expect(201);
      problemOf(await get(coordinator, `/api/cases/${c.id}/intake`), 403);
      problemOf(await get(outsider, `/api/cases/${c.id}/intake`), 404);
    });
  });

  describe('conclusion', () => {
    it('needs a scheduled intake (409)', async () => {
      const c = await newCase();
      expect(problemOf(await post(lead, `/api/cases/${c.id}/intake/conclude`, conclusion()), 409).code).toBe('INTAKE_NOT_SCHEDULED');
    });

    it.each([
      ['nothing contributed, nothing waived', [], [], ['police', 'forensic_medicine', 'social_work']],
      ['only social work contributed', ['assessment'], [], ['police', 'forensic_medicine']],
      [
        'police waived, forensic medicine neither',
        ['assessment'],
        [{ discipline: 'police', reason: 'No criminal report was made' }],
        ['forensic_medicine'],
      ],
      ['police and forensic medicine contributed', ['interview', 'examination'], [], ['social_work']],
    ] as const)('refuses with 422 listing exactly the missing disciplines: %s', async (_name, records, waivers, missing) => {
      const c = await newCase();
      await schedule(c).expect(201);
      for (const record of records) {
        if (record === 'assessment') await post(lead, `/api/cases/${c.id}/assessments`, assessmentBody()).expect(201);
        if (record === 'interview') await post(police, `/api/cases/${c.id}/interviews`, interviewBody(c.childId)).expect(201);
        if (record === 'examination') await post(forensic, `/api/cases/${c.id}/examinations`, examinationBody(c.childId)).expect(201);
      }
      const res = await post(lead, `/api/cases/${c.id}/intake/conclude`, conclusion({ waivedDisciplines: waivers }));
      const problem = problemOf(res, 422);
      expect(problem.code).toBe('CONTRIBUTIONS_MISSING');
      expect(problem.missing).toEqual(missing);
      expect((await caseRow(c)).status).toBe('intake');
    });

    it('concludes with every contribution, or with a waiver and its reason for each missing one', async () => {
      for (const variant of ['contributions', 'waivers'] as const) {
        const c = await newCase();
        await schedule(c).expect(201);
        await post(lead, `/api/cases/${c.id}/assessments`, assessmentBody()).expect(201);
        if (variant === 'contributions') {
          await post(police, `/api/cases/${c.id}/interviews`, interviewBody(c.childId)).expect(201);
          await post(forensic, `/api/cases/${c.id}/examinations`, examinationBody(c.childId)).expect(201);
        }
        const waivers =
          variant === 'waivers'
            ? [
                { discipline: 'police', reason: 'No criminal report was made' },
                { discipline: 'forensic_medicine', reason: 'No physical signs, examined by the GP' },
              ]
            : [];
        const res = await post(
          lead,
          `/api/cases/${c.id}/intake/conclude`,
          conclusion({ waivedDisciplines: waivers, actions: [], leadUserId: lead.id }),
        );
        expect([variant, res.status]).toEqual([variant, 200]);
        expect(res.body.conclusion).toMatchObject({ waivedDisciplines: waivers, leadUserId: lead.id, actions: [] });
      }
    });

    it('moves the case to active, the lead to leadUserId, every action into a follow-up and raises intake.concluded, once', async () => {
      const c = await newCase();
      await schedule(c).expect(201);
      await post(lead, `/api/cases/${c.id}/assessments`, assessmentBody()).expect(201);
      await post(police, `/api/cases/${c.id}/interviews`, interviewBody(c.childId)).expect(201);
      const body = conclusion({ waivedDisciplines: [{ discipline: 'forensic_medicine', reason: 'Disclosure without physical harm' }] });
      const before = await caseRow(c);

      problemOf(await post(police, `/api/cases/${c.id}/intake/conclude`, body), 403);
      problemOf(await post(coordinator, `/api/cases/${c.id}/intake/conclude`, body), 403);
      problemOf(await post(outsider, `/api/cases/${c.id}/intake/conclude`, body), 404);

      const res = await post(lead, `/api/cases/${c.id}/intake/conclude`, body);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('concluded');
      expect(res.body.conclusion).toMatchObject({
        decision: body.decision,
        safety: 'conditionally_safe',
        leadUserId: social.id,
        concludedBy: lead.id,
        waivedDisciplines: [{ discipline: 'forensic_medicine', reason: 'Disclosure without physical harm' }],
      });
      const actions = res.body.conclusion.actions as { followUpId: string; title: string; assigneeId: string; dueAt: string }[];
      expect(actions.map((a) => [a.title, a.assigneeId])).toEqual([
        ['Home visit with the family', social.id],
        ['Call the school', police.id],
      ]);

      const after = await caseRow(c);
      expect(after.status).toBe('active');
      expect(after.version).toBe(before.version + 1);
      const file = await get(lead, `/api/cases/${c.id}`);
      expect(file.body.leadUserId).toBe(social.id);
      expect(file.body.team).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ userId: social.id, role: 'lead' }),
          expect.objectContaining({ userId: lead.id, role: 'member' }),
        ]),
      );
      expect(file.body.team).toHaveLength(4);

      const followUps = await ctx.db.query<{
        id: string;
        title: string;
        assignee_id: string;
        kind: string;
        origin: string;
        status: string;
        scheduled_at: Date;
      }>(`SELECT id, title, assignee_id, kind, origin, status, scheduled_at FROM follow_ups WHERE case_id = $1 ORDER BY scheduled_at`, [
        c.id,
      ]);
      expect(followUps.map((f) => [f.title, f.assignee_id, f.kind, f.origin, f.status])).toEqual([
        ['Call the school', police.id, 'other', 'intake', 'planned'],
        ['Home visit with the family', social.id, 'home_visit', 'intake', 'planned'],
      ]);
      expect(followUps.map((f) => f.id).sort()).toEqual(actions.map((a) => a.followUpId).sort());
      // The home visit reminds an hour before; both get an overdue notice.
      const home = followUps.find((f) => f.kind === 'home_visit')!;
      expect(await count(ctx, `SELECT count(*) AS n FROM timers WHERE key LIKE $1`, [`follow_up:${home.id}:%`])).toBe(2);

      expect((await outboxEvents(ctx, 'intake.concluded', c.id)).map((e) => e.payload)).toEqual([{ caseReference: c.reference }]);
      expect(
        await count(
          ctx,
          `SELECT count(*) AS n FROM audit_events WHERE case_id = $1 AND action = 'intake.conclude' AND outcome = 'success'`,
          [c.id],
        ),
      ).toBe(1);

      // Once: the new lead's second conclusion is a 409; the old lead is a member now.
      expect(problemOf(await post(social, `/api/cases/${c.id}/intake/conclude`, body), 409).code).toBe('INTAKE_CONCLUDED');
      problemOf(await post(lead, `/api/cases/${c.id}/intake/conclude`, body), 403);
      expect(await outboxEvents(ctx, 'intake.concluded', c.id)).toHaveLength(1);
      expect(await count(ctx, `SELECT count(*) AS n FROM follow_ups WHERE case_id = $1`, [c.id])).toBe(2);
      await expect(ctx.db.query(`UPDATE intakes SET decision = 'rewritten' WHERE case_id = $1`, [c.id])).rejects.toThrow(/immutable/);

      // The timeline tells it, and the agenda of the assignee has it.
      const timeline = await get(social, `/api/cases/${c.id}/timeline`);
      expect(timeline.body.items.map((i: { kind: string }) => i.kind)).toEqual(
        expect.arrayContaining(['intake.scheduled', 'intake.concluded', 'follow_up.scheduled']),
      );
      const agenda = await get(police, `/api/me/follow-ups`);
      expect(agenda.body.items.map((f: { caseReference: string; title: string }) => [f.caseReference, f.title])).toContainEqual([
        c.reference,
        'Call the school',
      ]);
    });

    it('does it all in one transaction: a refusal midway leaves nothing behind', async () => {
      const c = await newCase();
      await schedule(c).expect(201);
      for (const [user, path, body] of [
        [lead, 'assessments', assessmentBody()],
        [police, 'interviews', interviewBody(c.childId)],
        [forensic, 'examinations', examinationBody(c.childId)],
      ] as const) {
        await post(user, `/api/cases/${c.id}/${path}`, body).expect(201);
      }
      const before = await caseRow(c);
      const timersBefore = await count(ctx, `SELECT count(*) AS n FROM timers`);
      // The first action is fine and is written before the second one's assignee is found not on the team.
      const res = await post(
        lead,
        `/api/cases/${c.id}/intake/conclude`,
        conclusion({
          actions: [
            { title: 'Home visit', assigneeId: social.id, dueAt: isoIn(ctx, minutes(600)), remindBeforeMinutes: [30] },
            { title: 'Visit by someone outside the team', assigneeId: outsider.id, dueAt: isoIn(ctx, minutes(600)) },
          ],
        }),
      );
      expect(problemOf(res, 422).errors?.map((e) => e.field)).toEqual(['actions[1].assigneeId']);
      expect(await caseRow(c)).toEqual(before);
      expect(await count(ctx, `SELECT count(*) AS n FROM follow_ups WHERE case_id = $1`, [c.id])).toBe(0);
      expect(await count(ctx, `SELECT count(*) AS n FROM timers`)).toBe(timersBefore);
      expect(await outboxEvents(ctx, 'intake.concluded', c.id)).toHaveLength(0);
      const intake = await get(lead, `/api/cases/${c.id}/intake`);
      expect(intake.body).toMatchObject({ status: 'planned', conclusion: null });
      const file = await get(lead, `/api/cases/${c.id}`);
      expect(file.body.leadUserId).toBe(lead.id);
      expect(await count(ctx, `SELECT count(*) AS n FROM case_memberships WHERE case_id = $1 AND until IS NOT NULL`, [c.id])).toBe(0);
      // The failed attempt is on record, as an error.
      expect(
        await count(ctx, `SELECT count(*) AS n FROM audit_events WHERE case_id = $1 AND action = 'intake.conclude' AND outcome = 'error'`, [
          c.id,
        ]),
      ).toBe(1);

      // And the same conclusion with a team member as assignee succeeds.
      const fixed = await post(
        lead,
        `/api/cases/${c.id}/intake/conclude`,
        conclusion({ actions: [{ title: 'Visit', assigneeId: forensic.id, dueAt: isoIn(ctx, minutes(600)) }] }),
      );
      expect(fixed.status).toBe(200);
    });

    it('takes only a current team member as the new lead (422 naming leadUserId)', async () => {
      const c = await newCase();
      await schedule(c).expect(201);
      const waivers = ['police', 'forensic_medicine', 'social_work'].map((discipline) => ({ discipline, reason: 'Not needed here' }));
      const res = await post(
        lead,
        `/api/cases/${c.id}/intake/conclude`,
        conclusion({ leadUserId: outsider.id, waivedDisciplines: waivers }),
      );
      expect(problemOf(res, 422).errors?.map((e) => e.field)).toEqual(['leadUserId']);
      expect((await caseRow(c)).status).toBe('intake');
    });

    it('cancels the follow-ups and their timers when the case is closed', async () => {
      const c = await newCase();
      await schedule(c).expect(201);
      const waivers = ['police', 'forensic_medicine', 'social_work'].map((discipline) => ({ discipline, reason: 'Not needed here' }));
      const res = await post(lead, `/api/cases/${c.id}/intake/conclude`, conclusion({ waivedDisciplines: waivers }));
      expect(res.status).toBe(200);
      const ids = (res.body.conclusion.actions as { followUpId: string }[]).map((a) => a.followUpId);
      expect(
        await count(ctx, `SELECT count(*) AS n FROM timers WHERE key LIKE ANY($1)`, [ids.map((id) => `follow_up:${id}:%`)]),
      ).toBeGreaterThan(0);
      await post(social, `/api/cases/${c.id}/close`, { reason: 'Help is arranged elsewhere' }).expect(200);
      expect(await count(ctx, `SELECT count(*) AS n FROM timers WHERE key LIKE ANY($1)`, [ids.map((id) => `follow_up:${id}:%`)])).toBe(0);
      const statuses = await ctx.db.query<{ status: string }>(`SELECT DISTINCT status FROM follow_ups WHERE case_id = $1`, [c.id]);
      expect(statuses).toEqual([{ status: 'cancelled' }]);
    });

    const bad: [string, Record<string, unknown>, string][] = [
      ['decision missing', { decision: undefined }, 'decision'],
      ['safety unknown', { safety: 'maybe' }, 'safety'],
      ['leadUserId not a uuid', { leadUserId: 'lead' }, 'leadUserId'],
      ['action without a due date', { actions: [{ title: 'Visit', assigneeId: randomUUID() }] }, 'actions[0].dueAt'],
      ['action due date not a date', { actions: [{ title: 'Visit', assigneeId: randomUUID(), dueAt: 'next week' }] }, 'actions[0].dueAt'],
      [
        'action kind unknown',
        { actions: [{ title: 'Visit', assigneeId: randomUUID(), dueAt: '2030-01-01T10:00:00Z', kind: 'party' }] },
        'actions[0].kind',
      ],
      ['waiver without a reason', { waivedDisciplines: [{ discipline: 'police', reason: '' }] }, 'waivedDisciplines[0].reason'],
      [
        'waiver of a discipline that need not contribute',
        { waivedDisciplines: [{ discipline: 'youth_care', reason: 'r' }] },
        'waivedDisciplines[0].discipline',
      ],
      [
        'a discipline waived twice',
        {
          waivedDisciplines: [
            { discipline: 'police', reason: 'r' },
            { discipline: 'police', reason: 's' },
          ],
        },
        'waivedDisciplines[1].discipline',
      ],
      ['actions not a list', { actions: 'visit' }, 'actions'],
    ];

    it.each(bad)('refuses a bad body (%s) with 400 naming the field, changing nothing', async (_name, overrides, field) => {
      const c = await newCase();
      await schedule(c).expect(201);
      const audits = await count(ctx, `SELECT count(*) AS n FROM audit_events WHERE case_id = $1`, [c.id]);
      const res = await post(lead, `/api/cases/${c.id}/intake/conclude`, conclusion(overrides));
      expect(problemOf(res, 400).errors?.map((e) => e.field)).toContain(field);
      expect((await caseRow(c)).status).toBe('intake');
      expect(await count(ctx, `SELECT count(*) AS n FROM audit_events WHERE case_id = $1`, [c.id])).toBe(audits);
    });

    it.each([
      ['scheduledAt not a date', { scheduledAt: 'tomorrow' }, 'scheduledAt'],
      ['scheduledAt missing', {}, 'scheduledAt'],
      ['participantIds not uuids', { scheduledAt: '2030-01-01T10:00:00Z', participantIds: ['police'] }, 'participantIds'],
      ['participantIds null', { scheduledAt: '2030-01-01T10:00:00Z', participantIds: null }, 'participantIds'],
    ])('refuses a bad intake body (%s) with 400 naming the field', async (_name, body, field) => {
      const c = await newCase();
      const res = await post(lead, `/api/cases/${c.id}/intake`, body);
      expect(problemOf(res, 400).errors?.map((e) => e.field)).toContain(field);
      expect(await count(ctx, `SELECT count(*) AS n FROM intakes WHERE case_id = $1`, [c.id])).toBe(0);
    });
  });
});
