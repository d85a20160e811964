import { createTestApp, waitFor, type TestContext, type TestUser } from '@oneroof/testing';
import type { WorkerApp } from '../../apps/worker/src/bootstrap';
import { inbox, startWorker } from '../notifications/support';
import { call, DAY, isoAt, MINUTE, openFamilyCase } from './support';

/**
 * The events of design.md §7 through the real worker (relay, BullMQ, timer loop, router) into the
 * inboxes of exactly their recipients, once each, with titles that carry the case reference only.
 */
describe('conference and safety-plan notifications, end to end', () => {
  let ctx: TestContext;
  let worker: WorkerApp;
  let lead: TestUser;
  let police: TestUser;
  let social: TestUser;
  let bystander: TestUser;

  const as = (user: TestUser) => call(ctx, user);
  const kinds = async (user: TestUser, prefix: string) =>
    (await inbox(ctx, user, '?limit=200')).items
      .filter((n) => String(n.kind).startsWith(prefix))
      .map((n) => `${n.kind} ${n.title}`)
      .sort();
  const settled = () =>
    waitFor('the outbox to drain', async () => {
      const [row] = await ctx.db.query<{ n: string }>(`SELECT count(*) AS n FROM outbox_events WHERE processed_at IS NULL`);
      return Number(row.n) === 0;
    });

  beforeAll(async () => {
    ctx = await createTestApp();
    worker = await startWorker(ctx);
    lead = await ctx.factory.user({ discipline: 'social_work' });
    police = await ctx.factory.user({ discipline: 'police' });
    social = await ctx.factory.user({ discipline: 'social_work' });
    bystander = await ctx.factory.user({ discipline: 'police' });
  });

  afterAll(async () => {
    await worker?.close();
    await ctx?.close();
  });

  it('tells the participants of a scheduled conference and the team of a held one', async () => {
    const c = await openFamilyCase(ctx, lead, [police, social]);
    const conf = await as(lead).post(`/api/cases/${c.id}/conferences`, {
      kind: 'planning',
      scheduledAt: isoAt(ctx.clock.now().getTime() - MINUTE),
      chairId: lead.id,
      participantIds: [police.id],
    });
    expect(conf.status).toBe(201);
    await as(lead)
      .post(`/api/conferences/${conf.body.id}/record`, {
        heldAt: isoAt(ctx.clock.now().getTime()),
        familyParticipation: { mode: 'heard_before' },
        childView: { mode: 'through_representative', summary: 'Through the guardian' },
        minutes: 'Names and details stay out of notifications',
      })
      .expect(200);
    await settled();
    expect(await kinds(police, 'conference.')).toEqual([
      `conference.held Case conference held for ${c.reference}`,
      `conference.scheduled Case conference scheduled for ${c.reference}`,
    ]);
    expect(await kinds(lead, 'conference.')).toEqual([`conference.held Case conference held for ${c.reference}`]);
    expect(await kinds(social, 'conference.')).toEqual([`conference.held Case conference held for ${c.reference}`]);
    expect(await kinds(bystander, 'conference.')).toEqual([]);
  });

  it('tells the responsible user when a check falls due (timer loop), and the lead and team of a broken agreement at once', async () => {
    const c = await openFamilyCase(ctx, lead, [police, social]);
    const plan = await as(lead).post(`/api/cases/${c.id}/safety-plans`, {
      phase: 'immediate_safety',
      agreedAt: isoAt(ctx.clock.now().getTime()),
      agreements: [{ text: 'Father stays away', personIds: [c.parentId], responsibleUserId: police.id, checkEveryDays: 2 }],
      goals: [{ personId: c.parentId, track: 'perpetrator_programme', text: 'Programme' }],
      reviewAt: isoAt(ctx.clock.now().getTime() + 30 * DAY),
    });
    expect(plan.status).toBe(201);
    ctx.clock.advance(2 * DAY + MINUTE);
    await waitFor('the check-due notice', async () => (await kinds(police, 'safety_plan.check_due')).length === 1);
    expect(await kinds(police, 'safety_plan.')).toEqual([
      `safety_plan.check_due A safety plan agreement of ${c.reference} is due for a check`,
    ]);
    expect(await kinds(lead, 'safety_plan.')).toEqual([]);

    await as(social)
      .post(`/api/cases/${c.id}/safety-plan/agreements/${plan.body.agreements[0].id}/checks`, {
        checkedAt: isoAt(ctx.clock.now().getTime()),
        result: 'broken',
        note: 'He was at the house',
      })
      .expect(201);
    await settled();
    for (const user of [lead, police, social]) {
      expect(await kinds(user, 'safety_plan.agreement_broken')).toEqual([
        `safety_plan.agreement_broken A safety plan agreement of ${c.reference} was broken`,
      ]);
    }
    expect(await kinds(bystander, 'safety_plan.')).toEqual([]);
    ctx.clock.reset();
  });
});
