import { randomUUID } from 'node:crypto';
import { checkDueKey } from '@oneroof/conferences';
import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import { count, fireTimers, type TestCase } from '../intake-support';
import { auditDelta, call, DAY, deliverOutbox, expectFor, isoAt, MINUTE, notificationsOf, openFamilyCase } from './support';

/**
 * design.md §7 safety plan through HTTP against real Postgres: versions, whom every agreement and goal
 * concerns, the perpetrator-goal rule, checks that move nextCheckAt and its durable timer, a broken
 * agreement told at once, timers dropped by a new version and never firing for a moment that no
 * longer holds; coordinators read the current plan only; one audit event per read and write.
 */
describe('safety plans', () => {
  let ctx: TestContext;
  let lead: TestUser;
  let police: TestUser;
  let social: TestUser;
  let coordinator: TestUser;
  let outsider: TestUser;
  let other: TestCase;

  const now = () => ctx.clock.now().getTime();
  const as = (user: TestUser) => call(ctx, user);
  const planBody = (c: TestCase, overrides: Record<string, unknown> = {}) => ({
    phase: 'immediate_safety',
    agreedAt: isoAt(now() - 60 * MINUTE),
    agreedWithPersonIds: [c.parentId],
    agreements: [
      { text: 'Father does not come to the house', personIds: [c.parentId, c.childId], responsibleUserId: social.id, checkEveryDays: 7 },
    ],
    goals: [
      { personId: c.childId, track: 'child_therapy', text: 'Trauma therapy for the child' },
      { personId: c.parentId, track: 'perpetrator_programme', text: 'Attends a programme against domestic violence' },
    ],
    reviewAt: isoAt(now() + 42 * DAY),
    ...overrides,
  });
  const create = (user: TestUser, c: TestCase, overrides: Record<string, unknown> = {}) =>
    as(user).post(`/api/cases/${c.id}/safety-plans`, planBody(c, overrides));
  const created = async (c: TestCase, overrides: Record<string, unknown> = {}) => {
    const res = await create(lead, c, overrides);
    if (res.status !== 201) throw new Error(`plan: ${res.status} ${res.text}`);
    return res.body as {
      id: string;
      version: number;
      agreements: { id: string; nextCheckAt: string; status: string; personIds: string[] }[];
    };
  };
  const check = (user: TestUser, c: TestCase, agreementId: string, body: Record<string, unknown> = {}) =>
    as(user).post(`/api/cases/${c.id}/safety-plan/agreements/${agreementId}/checks`, {
      checkedAt: isoAt(now() - MINUTE),
      result: 'holds',
      note: 'Visited; the agreement is kept',
      ...body,
    });
  const timerOf = async (key: string) =>
    (await ctx.db.query<{ fire_at: Date; fired_at: Date | null }>(`SELECT fire_at, fired_at FROM timers WHERE key = $1`, [key]))[0];
  const fresh = () => openFamilyCase(ctx, lead, [police, social]);

  beforeAll(async () => {
    ctx = await createTestApp();
    lead = await ctx.factory.user({ discipline: 'social_work' });
    police = await ctx.factory.user({ discipline: 'police' });
    social = await ctx.factory.user({ discipline: 'social_work' });
    coordinator = await ctx.factory.coordinator();
    outsider = await ctx.factory.user();
    other = await openFamilyCase(ctx, lead, []);
  });

  afterAll(async () => {
    await ctx?.close();
  });

  describe('a new version', () => {
    it('names whom each agreement and goal concerns, starts checks at agreedAt + checkEveryDays and arms their timers', async () => {
      const c = await fresh();
      const given = isoAt(now() + 2 * DAY);
      const { result: res, events } = await auditDelta(ctx, () =>
        create(police, c, {
          agreements: [
            { text: 'Father does not come to the house', personIds: [c.parentId], responsibleUserId: social.id, checkEveryDays: 7 },
            {
              text: 'Mother calls if he turns up',
              personIds: [c.childId],
              responsibleUserId: police.id,
              checkEveryDays: 3,
              nextCheckAt: given,
            },
          ],
        }),
      );
      expect(res.status).toBe(201);
      const agreedAt = new Date(res.body.agreedAt).getTime();
      expect(res.body).toMatchObject({
        caseId: c.id,
        caseReference: c.reference,
        version: 1,
        status: 'current',
        phase: 'immediate_safety',
      });
      expect(res.body.agreements.map((a: { nextCheckAt: string; status: string }) => [a.nextCheckAt, a.status])).toEqual([
        [isoAt(agreedAt + 7 * DAY), 'holds'],
        [given, 'holds'],
      ]);
      expect(res.body.goals.map((g: { personId: string; track: string; status: string }) => [g.personId, g.track, g.status])).toEqual([
        [c.childId, 'child_therapy', 'planned'],
        [c.parentId, 'perpetrator_programme', 'planned'],
      ]);
      expect(events.map((e) => [e.action, e.resource_id, e.case_id, [...e.person_ids].sort()])).toEqual([
        ['safety_plan.create', res.body.id, c.id, [c.childId, c.parentId].sort()],
      ]);
      const [first, second] = res.body.agreements;
      expect((await timerOf(checkDueKey(res.body.id, first.id))).fire_at.toISOString()).toBe(first.nextCheckAt);
      expect((await timerOf(checkDueKey(res.body.id, second.id))).fire_at.toISOString()).toBe(given);
    });

    it('needs a goal for the alleged perpetrator, or a noPerpetratorGoalReason (422)', async () => {
      const c = await fresh();
      const refused = problemOf(await create(lead, c, { goals: [{ personId: c.childId, track: 'child_therapy', text: 'Therapy' }] }), 422);
      expect(refused.code).toBe('PERPETRATOR_GOAL_MISSING');
      expect(refused.errors?.map((e) => e.field)).toEqual(['goals']);
      expect(refused.missing).toEqual([c.parentId]);
      expect(problemOf(await create(lead, c, { goals: [], noPerpetratorGoalReason: '  ' }), 422).code).toBe('PERPETRATOR_GOAL_MISSING');
      expect(await count(ctx, `SELECT count(*) AS n FROM safety_plans WHERE case_id = $1`, [c.id])).toBe(0);
      const withReason = await create(lead, c, { goals: [], noPerpetratorGoalReason: 'Detained; a programme starts after release' });
      expect(withReason.status).toBe(201);
      expect(withReason.body.noPerpetratorGoalReason).toBe('Detained; a programme starts after release');
    });

    it('refuses agreements and goals that name no one, or someone of another case, with 422 naming the field', async () => {
      const c = await fresh();
      const agreement = { text: 'x', responsibleUserId: social.id, checkEveryDays: 7 };
      const fields = async (overrides: Record<string, unknown>) =>
        problemOf(await create(lead, c, overrides), 422).errors?.map((e) => e.field);
      expect(await fields({ agreements: [{ ...agreement, personIds: [c.childId] }, agreement] })).toEqual(['agreements[1].personIds']);
      expect(await fields({ agreements: [{ ...agreement, personIds: [] }] })).toEqual(['agreements[0].personIds']);
      expect(await fields({ agreements: [{ ...agreement, personIds: [other.childId] }] })).toEqual(['agreements[0].personIds']);
      expect(await fields({ agreements: [{ ...agreement, personIds: [c.childId], responsibleUserId: outsider.id }] })).toEqual([
        'agreements[0].responsibleUserId',
      ]);
      expect(
        await fields({ goals: [{ personId: other.parentId, track: 'perpetrator_programme', text: 'x' }], noPerpetratorGoalReason: 'r' }),
      ).toEqual(['goals[0].personId']);
      expect(await fields({ agreedWithPersonIds: [other.childId] })).toEqual(['agreedWithPersonIds']);
      expect(
        await fields({
          goals: [{ personId: c.parentId, track: 'practical', text: 'x', providerOrganisationId: randomUUID() }],
        }),
      ).toEqual(['goals[0].providerOrganisationId']);
      expect(problemOf(await create(lead, c, { goals: [{ track: 'practical', text: 'x' }] }), 400).errors?.[0].field).toMatch(/personId/);
      expect(
        problemOf(await create(lead, c, { agreements: [{ ...agreement, personIds: [c.childId], checkEveryDays: 0 }] }), 400).errors?.[0]
          .field,
      ).toMatch(/checkEveryDays/);
      expect(problemOf(await create(lead, c, { phase: 'calm' }), 400).errors?.[0].field).toBe('phase');
      expect(await count(ctx, `SELECT count(*) AS n FROM safety_plans WHERE case_id = $1`, [c.id])).toBe(0);
    });

    it('supersedes the previous one in one transaction: its agreements end and their timers are dropped', async () => {
      const c = await fresh();
      const v1 = await created(c);
      const v2 = await created(c, { phase: 'stabilisation' });
      expect(v2.version).toBe(2);
      const plans = await as(lead).get(`/api/cases/${c.id}/safety-plans`);
      expect(plans.body.items.map((p: { version: number; status: string }) => [p.version, p.status])).toEqual([
        [2, 'current'],
        [1, 'superseded'],
      ]);
      expect(plans.body.items[1].agreements.map((a: { status: string }) => a.status)).toEqual(['ended']);
      expect(await timerOf(checkDueKey(v1.id, v1.agreements[0].id))).toBeUndefined();
      expect(await timerOf(checkDueKey(v2.id, v2.agreements[0].id))).toBeDefined();
      const current = await as(lead).get(`/api/cases/${c.id}/safety-plan`);
      expect(current.body).toMatchObject({ id: v2.id, version: 2, phase: 'stabilisation' });
      // A check on the ended agreement finds nothing.
      expect(problemOf(await check(social, c, v1.agreements[0].id), 404).code).toBe('AGREEMENT_NOT_FOUND');
    });
  });

  describe('reading', () => {
    it('answers 404 problem when a case has no plan; coordinators read the current plan, not the versions, and write nothing', async () => {
      const c = await fresh();
      expect(problemOf(await as(lead).get(`/api/cases/${c.id}/safety-plan`), 404).code).toBe('SAFETY_PLAN_NOT_FOUND');
      const plan = await created(c);
      const { result: read, events } = await auditDelta(ctx, () => as(coordinator).get(`/api/cases/${c.id}/safety-plan`));
      expect(read.status).toBe(200);
      expect(read.body.id).toBe(plan.id);
      expect(events.map((e) => [e.action, e.purpose, [...e.person_ids].sort()])).toEqual([
        ['safety_plan.read', 'coordinator_oversight', [c.childId, c.parentId].sort()],
      ]);
      expect(problemOf(await as(coordinator).get(`/api/cases/${c.id}/safety-plans`), 403).code).toBe('CASE_ACTION_FORBIDDEN');
      expect(problemOf(await create(coordinator, c), 403).code).toBe('CASE_ACTION_FORBIDDEN');
      expect(problemOf(await check(coordinator, c, plan.agreements[0].id), 403).code).toBe('CASE_ACTION_FORBIDDEN');
      for (const res of [
        await as(outsider).get(`/api/cases/${c.id}/safety-plan`),
        await as(outsider).get(`/api/cases/${c.id}/safety-plans`),
        await create(outsider, c),
        await check(outsider, c, plan.agreements[0].id),
      ]) {
        expect(problemOf(res, 404).code).toBe('CASE_NOT_FOUND');
      }
      const { events: listed } = await auditDelta(ctx, () => as(police).get(`/api/cases/${c.id}/safety-plans`));
      expect(listed.map((e) => e.action)).toEqual(['safety_plan.list']);
    });
  });

  describe('checks', () => {
    it('move nextCheckAt on by checkEveryDays and its timer with it; a broken one is told to the lead and the team at once, until a later holds', async () => {
      const c = await fresh();
      const plan = await created(c);
      const agreement = plan.agreements[0];
      const key = checkDueKey(plan.id, agreement.id);
      const checkedAt = now() - 10 * MINUTE;
      const { result: held, events } = await auditDelta(ctx, () => check(police, c, agreement.id, { checkedAt: isoAt(checkedAt) }));
      expect(held.status).toBe(201);
      expect(held.body).toMatchObject({ agreementId: agreement.id, planId: plan.id, result: 'holds', checkedBy: police.id });
      expect(events.map((e) => [e.action, e.resource_id, [...e.person_ids].sort()])).toEqual([
        ['safety_plan.check', agreement.id, [...agreement.personIds].sort()],
      ]);
      const moved = isoAt(checkedAt + 7 * DAY);
      const after = (await as(lead).get(`/api/cases/${c.id}/safety-plan`)).body.agreements[0];
      expect(after).toMatchObject({ nextCheckAt: moved, status: 'holds' });
      expect((await timerOf(key)).fire_at.toISOString()).toBe(moved);

      const brokenAt = now() - 5 * MINUTE;
      await check(social, c, agreement.id, { checkedAt: isoAt(brokenAt), result: 'broken', note: 'He was seen at the door' });
      expect((await as(lead).get(`/api/cases/${c.id}/safety-plan`)).body.agreements[0]).toMatchObject({
        status: 'broken',
        nextCheckAt: isoAt(brokenAt + 7 * DAY),
      });
      await deliverOutbox(ctx);
      expect(await notificationsOf(ctx, 'safety_plan.agreement_broken', c.id)).toEqual(
        expectFor([lead, police, social], `A safety plan agreement of ${c.reference} was broken`),
      );
      // Broken again: no second notice; an earlier holds does not mend it; a later one does.
      await check(social, c, agreement.id, { checkedAt: isoAt(now() - 4 * MINUTE), result: 'broken' });
      await check(social, c, agreement.id, { checkedAt: isoAt(brokenAt - MINUTE), result: 'holds' });
      expect((await as(lead).get(`/api/cases/${c.id}/safety-plan`)).body.agreements[0].status).toBe('broken');
      await check(social, c, agreement.id, { checkedAt: isoAt(now() - MINUTE), result: 'holds' });
      expect((await as(lead).get(`/api/cases/${c.id}/safety-plan`)).body.agreements[0].status).toBe('holds');
      await deliverOutbox(ctx);
      expect(
        await count(ctx, `SELECT count(*) AS n FROM outbox_events WHERE type = 'safety_plan.agreement_broken' AND case_id = $1`, [c.id]),
      ).toBe(1);
      expect(await notificationsOf(ctx, 'safety_plan.agreement_broken', c.id)).toHaveLength(3);
    });

    it('refuse a check in the future (422), a bad result (400) and an agreement of another case (404)', async () => {
      const c = await fresh();
      const plan = await created(c);
      const id = plan.agreements[0].id;
      expect(problemOf(await check(social, c, id, { checkedAt: isoAt(now() + DAY) }), 422).errors?.map((e) => e.field)).toEqual([
        'checkedAt',
      ]);
      expect(problemOf(await check(social, c, id, { result: 'maybe' }), 400).errors?.[0].field).toBe('result');
      expect(problemOf(await check(social, c, id, { note: '' }), 400).errors?.[0].field).toBe('note');
      const elsewhere = await fresh();
      await created(elsewhere);
      expect(problemOf(await check(social, elsewhere, id), 404).code).toBe('AGREEMENT_NOT_FOUND');
      expect(await count(ctx, `SELECT count(*) AS n FROM safety_plan_checks WHERE agreement_id = $1`, [id])).toBe(0);
    });
  });

  describe('the check-due timer', () => {
    it('tells the responsible user when due; a check moves it, so it never fires for the old moment', async () => {
      const c = await fresh();
      const plan = await created(c, {
        agreements: [
          { text: 'School reports absences the same day', personIds: [c.childId], responsibleUserId: social.id, checkEveryDays: 1 },
        ],
      });
      const agreement = plan.agreements[0];
      const key = checkDueKey(plan.id, agreement.id);
      const firstDue = new Date(agreement.nextCheckAt).getTime();
      // Checked before it fell due: the timer moves a day on from the check.
      const checkedAt = now();
      await check(social, c, agreement.id, { checkedAt: isoAt(checkedAt) });
      const movedTo = checkedAt + DAY;
      expect((await timerOf(key)).fire_at.toISOString()).toBe(isoAt(movedTo));

      ctx.clock.advance(firstDue - now() + MINUTE); // past the old moment, before the new one
      expect(await fireTimers(ctx)).not.toContain(key);
      ctx.clock.advance(movedTo - now() + MINUTE);
      expect(await fireTimers(ctx)).toContain(key);
      await deliverOutbox(ctx);
      expect(await notificationsOf(ctx, 'safety_plan.check_due', c.id)).toEqual(
        expectFor([social], `A safety plan agreement of ${c.reference} is due for a check`),
      );
      expect(await fireTimers(ctx)).not.toContain(key);
      ctx.clock.reset();
    });

    it('is dropped by a new version; and an event fired for a moment that no longer holds reaches no one', async () => {
      const c = await fresh();
      const v1 = await created(c);
      const oldKey = checkDueKey(v1.id, v1.agreements[0].id);
      await created(c);
      expect(await timerOf(oldKey)).toBeUndefined();
      ctx.clock.advance(8 * DAY);
      expect(await fireTimers(ctx)).not.toContain(oldKey);
      ctx.clock.reset();

      // A check_due raised just before a check moved the moment (fired but not yet delivered): the router drops it.
      const c2 = await fresh();
      const plan = await created(c2, {
        agreements: [
          { text: 'x', personIds: [c2.childId], responsibleUserId: social.id, checkEveryDays: 1, nextCheckAt: isoAt(now() + MINUTE) },
        ],
      });
      const key = checkDueKey(plan.id, plan.agreements[0].id);
      ctx.clock.advance(2 * MINUTE);
      expect(await fireTimers(ctx)).toContain(key);
      await check(social, c2, plan.agreements[0].id, { checkedAt: isoAt(now()) });
      await deliverOutbox(ctx);
      expect(await notificationsOf(ctx, 'safety_plan.check_due', c2.id)).toEqual([]);
      ctx.clock.reset();
    });

    it('reaches no one once the case is closed', async () => {
      const c = await fresh();
      const plan = await created(c, {
        agreements: [
          { text: 'x', personIds: [c.childId], responsibleUserId: social.id, checkEveryDays: 1, nextCheckAt: isoAt(now() + MINUTE) },
        ],
      });
      const key = checkDueKey(plan.id, plan.agreements[0].id);
      await as(lead).post(`/api/cases/${c.id}/close`, { reason: 'The family moved away; the new region took over' }).expect(200);
      ctx.clock.advance(2 * MINUTE);
      await fireTimers(ctx); // whether or not the timer is still armed: the router tells no one of a closed case
      await deliverOutbox(ctx);
      expect(await notificationsOf(ctx, 'safety_plan.check_due', c.id)).toEqual([]);
      expect(await fireTimers(ctx)).not.toContain(key);
      ctx.clock.reset();
    });
  });

  describe('the timeline', () => {
    it('shows each plan version and each check', async () => {
      const c = await fresh();
      const plan = await created(c);
      await check(social, c, plan.agreements[0].id);
      await created(c);
      const timeline = await as(lead).get(`/api/cases/${c.id}/timeline?limit=200`);
      const items = timeline.body.items.filter((i: { kind: string }) => i.kind.startsWith('safety_plan.'));
      expect(items.map((i: { kind: string; detail: { version?: number } }) => [i.kind, i.detail.version ?? null])).toEqual([
        ['safety_plan.agreed', 2],
        ['safety_plan.checked', null],
        ['safety_plan.agreed', 1],
      ]);
    });
  });
});
