import { createTestApp, waitFor, type TestContext, type TestUser } from '@oneroof/testing';
import { createWorkerApp, type WorkerApp } from '../apps/worker/src/bootstrap';
import { examinationBody, fireTimers, http, interviewBody, isoIn, minutes, openCase, type TestCase } from './intake-support';

const GRACE_MINUTES = 15;

/**
 * The events of issue 5 through the real worker (relay, timer loop, router) into the inboxes of
 * exactly the recipients design.md §5 names, with titles that carry the case reference only.
 */
describe('intake and follow-up notifications, end to end', () => {
  let ctx: TestContext;
  let worker: WorkerApp;
  let lead: TestUser;
  let police: TestUser;
  let forensic: TestUser;
  let social: TestUser;
  let c: TestCase;

  const inboxOf = async (user: TestUser): Promise<{ kind: string; title: string; caseReference: string }[]> => {
    const res = await http(ctx).get('/api/me/notifications?limit=200').set('Authorization', user.auth);
    if (res.status !== 200) throw new Error(`inbox: ${res.status} ${res.text}`);
    return res.body.items;
  };
  const kindsOf = async (user: TestUser) => (await inboxOf(user)).map((n) => n.kind).sort();
  /** Waits until every event so far has its notifications in Postgres. */
  const settled = () =>
    waitFor('the outbox to drain', async () => {
      const [row] = await ctx.db.query<{ n: string }>(`SELECT count(*) AS n FROM outbox_events WHERE processed_at IS NULL`);
      return Number(row.n) === 0 || false;
    });

  beforeAll(async () => {
    ctx = await createTestApp({ FOLLOW_UP_OVERDUE_GRACE_MINUTES: String(GRACE_MINUTES) });
    worker = await createWorkerApp(ctx.config, {
      clock: ctx.clock,
      logger: process.env.TEST_LOGS ? undefined : false,
      health: false,
      notifications: { relayPollMs: 100, staleCheckMs: 250, timerIntervalMs: 50, redisTimeoutMs: 1000 },
    });
    lead = await ctx.factory.user({ discipline: 'social_work' });
    police = await ctx.factory.user({ discipline: 'police' });
    forensic = await ctx.factory.user({ discipline: 'forensic_medicine' });
    social = await ctx.factory.user({ discipline: 'social_work' });
    c = await openCase(ctx, lead, [police, forensic, social], { child: 'Mila', parent: 'Ruud' });
    await settled();
  });

  afterAll(async () => {
    await worker?.close();
    await ctx?.close();
  });

  it('tells the participants of the intake, the other disciplines of a disclosure and the team of the conclusion', async () => {
    const before = {
      lead: await kindsOf(lead),
      police: await kindsOf(police),
      forensic: await kindsOf(forensic),
      social: await kindsOf(social),
    };
    await http(ctx)
      .post(`/api/cases/${c.id}/intake`)
      .set('Authorization', lead.auth)
      .send({ scheduledAt: isoIn(ctx, minutes(600)), participantIds: [police.id, forensic.id] })
      .expect(201);
    const interview = await http(ctx)
      .post(`/api/cases/${c.id}/interviews`)
      .set('Authorization', police.auth)
      .send(interviewBody(c.childId))
      .expect(201);
    await http(ctx)
      .post(`/api/cases/${c.id}/interviews/${interview.body.id}/disclosure`)
      .set('Authorization', police.auth)
      .send({ summary: 'The child named a perpetrator', legalBasis: 'conflict_of_duties' })
      .expect(201);
    await http(ctx)
      .post(`/api/cases/${c.id}/examinations`)
      .set('Authorization', forensic.auth)
      .send(examinationBody(c.childId))
      .expect(201);
    await http(ctx)
      .post(`/api/cases/${c.id}/intake/conclude`)
      .set('Authorization', lead.auth)
      .send({
        decision: 'Protective measures',
        safety: 'unsafe',
        leadUserId: lead.id,
        waivedDisciplines: [{ discipline: 'social_work', reason: 'The lead assesses after the conclusion' }],
      })
      .expect(200);
    await settled();
    const added = async (user: TestUser, was: string[]) => {
      const now = await kindsOf(user);
      for (const kind of was) now.splice(now.indexOf(kind), 1);
      return now;
    };
    expect(await added(lead, before.lead)).toEqual(['intake.concluded', 'record.disclosed']);
    expect(await added(police, before.police)).toEqual(['intake.concluded', 'intake.scheduled']);
    expect(await added(forensic, before.forensic)).toEqual(['intake.concluded', 'intake.scheduled', 'record.disclosed']);
    expect(await added(social, before.social)).toEqual(['intake.concluded', 'record.disclosed']);
    for (const n of await inboxOf(forensic)) {
      expect(n.caseReference).toBe(c.reference);
      expect(n.title).not.toMatch(/Mila|Ruud|Jansen|perpetrator/);
    }
  });

  it('reminds the assignee, then tells the assignee and the lead of an overdue follow-up, once each', async () => {
    const created = await http(ctx)
      .post(`/api/cases/${c.id}/follow-ups`)
      .set('Authorization', lead.auth)
      .send({ kind: 'home_visit', scheduledAt: isoIn(ctx, minutes(30)), assigneeId: social.id, remindBeforeMinutes: [10] })
      .expect(201);
    const count = async (user: TestUser, kind: string) => (await inboxOf(user)).filter((n) => n.kind === kind).length;

    ctx.clock.advance(minutes(21));
    await waitFor('the reminder', async () => (await count(social, 'follow_up.reminder')) === 1);
    expect(await count(lead, 'follow_up.reminder')).toBe(0);

    ctx.clock.advance(minutes(9 + GRACE_MINUTES + 1));
    await waitFor(
      'the overdue notice',
      async () => (await count(social, 'follow_up.overdue')) === 1 && (await count(lead, 'follow_up.overdue')) === 1,
    );
    // An hour later none of this follow-up's timers is due any more: firing what is due fires none of
    // them (here, or in the worker's loop meanwhile, which the counts below would show).
    ctx.clock.advance(minutes(60));
    expect((await fireTimers(ctx)).filter((key) => key.includes(created.body.id))).toEqual([]);
    await settled();
    expect([
      await count(social, 'follow_up.reminder'),
      await count(social, 'follow_up.overdue'),
      await count(lead, 'follow_up.overdue'),
    ]).toEqual([1, 1, 1]);
    expect(created.body.id).toEqual(expect.any(String));
  });
});
