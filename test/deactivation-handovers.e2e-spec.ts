import { DeactivationHooks } from '@oneroof/identity';
import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';
import { afterWhileWaitingOnCaseRow } from './race-support';

/**
 * Issue 14: deactivating a user withdraws their open handovers, both ways, in the deactivation's
 * transaction (libs/handovers/src/handover-deactivation.ts): the other party told through the
 * outbox, each withdrawal audited, deadlines cancelled, an ended handover left alone.
 */
describe('deactivation withdraws the open handovers of the user', () => {
  let ctx: TestContext;
  const http = () => request(ctx.app.getHttpServer());
  let admin: TestUser;

  const CHECKLIST = {
    safetySituation: 'Mother and children stay with the grandmother',
    risks: 'Father still has a key to the house',
    safetyAgreements: 'No unsupervised contact with the father',
    openActions: 'Talk with the school mentor on Thursday',
    involvedProfessionals: 'GP, school mentor, Veilig Thuis',
    expectations: 'Weekly home visits for the first month',
    familyInformed: true,
  };
  const openCase = async (by: TestUser) =>
    (
      await http()
        .post('/api/cases')
        .set('Authorization', by.auth)
        .send({ urgency: 'urgent', source: 'school', summary: 'Bruises seen at school' })
        .expect(201)
    ).body as { id: string; reference: string };
  const propose = async (by: TestUser, caseId: string, to: TestUser) =>
    (
      await http()
        .post(`/api/cases/${caseId}/handovers`)
        .set('Authorization', by.auth)
        .send({ toUserId: to.id, reason: 'Moving to the local team', checklist: CHECKLIST })
        .expect(201)
    ).body as { id: string; version: number; fromUserId: string; toUserId: string };
  const brief = (by: TestUser, h: { id: string; fromUserId: string; toUserId: string }) =>
    http()
      .post(`/api/handovers/${h.id}/meeting`)
      .set('Authorization', by.auth)
      .send({
        heldAt: ctx.clock.now().toISOString(),
        participantIds: [h.fromUserId, h.toUserId],
        familyPresent: true,
        notes: 'Safety plan',
      })
      .expect(200);
  const deactivate = (user: TestUser) =>
    http().patch(`/api/users/${user.id}`).set('Authorization', admin.auth).send({ active: false }).expect(200);
  const handover = async (id: string) =>
    (
      await ctx.db.query<{ status: string; withdraw_reason: string | null; withdrawn_at: Date | null; version: number }>(
        `SELECT status, withdraw_reason, withdrawn_at, version FROM handovers WHERE id = $1`,
        [id],
      )
    )[0];
  const withdrawnEvents = (handoverId: string) =>
    ctx.db.query<{ case_id: string; payload: Record<string, unknown> }>(
      `SELECT case_id, payload FROM outbox_events WHERE type = 'handover.withdrawn' AND payload->>'handoverId' = $1`,
      [handoverId],
    );
  const withdrawAudit = (handoverId: string) =>
    ctx.db.query<{ actor_id: string | null; case_id: string; outcome: string; purpose: string }>(
      `SELECT actor_id, case_id, outcome, purpose FROM audit_events WHERE action = 'handover.withdraw' AND resource_id = $1`,
      [handoverId],
    );
  const timers = async (handoverId: string) =>
    Number(
      (await ctx.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM timers WHERE key LIKE $1`, [`handover:${handoverId}:%`]))[0].n,
    );

  beforeAll(async () => {
    ctx = await createTestApp();
    admin = await ctx.factory.admin();
  });
  afterAll(() => ctx.close());

  it("a receiver's open incoming handovers (proposed and briefed) are withdrawn with receiver_deactivated, the sender told, each audited", async () => {
    const [sender, otherSender, receiver] = await Promise.all([ctx.factory.user(), ctx.factory.user(), ctx.factory.user()]);
    const first = await openCase(sender);
    const second = await openCase(otherSender);
    const ended = await openCase(otherSender);
    const proposed = await propose(sender, first.id, receiver);
    const briefed = await propose(otherSender, second.id, receiver);
    await brief(otherSender, briefed);
    const declined = await propose(otherSender, ended.id, receiver);
    await http()
      .post(`/api/handovers/${declined.id}/decline`)
      .set('Authorization', receiver.auth)
      .send({ reason: 'Not my region' })
      .expect(200);
    expect(await timers(proposed.id)).toBeGreaterThan(0);

    await deactivate(receiver);

    for (const [h, c] of [
      [proposed, first],
      [briefed, second],
    ] as const) {
      expect(await handover(h.id)).toMatchObject({
        status: 'withdrawn',
        withdraw_reason: 'receiver_deactivated',
        withdrawn_at: expect.any(Date),
      });
      expect(await withdrawnEvents(h.id)).toEqual([
        {
          case_id: c.id,
          payload: {
            caseReference: c.reference,
            handoverId: h.id,
            fromUserId: h.fromUserId,
            toUserId: receiver.id,
            cause: 'receiver_deactivated',
          },
        },
      ]);
      expect(await withdrawAudit(h.id)).toEqual([{ actor_id: admin.id, case_id: c.id, outcome: 'success', purpose: 'administration' }]);
      expect(await timers(h.id)).toBe(0);
    }
    // An ended handover is not touched, nor audited again.
    expect(await handover(declined.id)).toMatchObject({ status: 'declined', withdraw_reason: null });
    expect(await withdrawAudit(declined.id)).toEqual([]);

    // The sender sees it withdrawn and may close the case (no handover open any more) or propose again.
    const seen = await http().get(`/api/handovers/${proposed.id}`).set('Authorization', sender.auth).expect(200);
    expect(seen.body).toMatchObject({ status: 'withdrawn', withdrawReason: 'receiver_deactivated' });
    const next = await ctx.factory.user();
    await propose(sender, first.id, next);
  });

  it("a sender's open outgoing handovers are withdrawn with sender_deactivated, the receiver told and their access ended", async () => {
    const [sender, receiver] = await Promise.all([ctx.factory.user(), ctx.factory.user()]);
    const c = await openCase(sender);
    const h = await propose(sender, c.id, receiver);
    await http().get(`/api/cases/${c.id}`).set('Authorization', receiver.auth).expect(200);

    await deactivate(sender);

    expect(await handover(h.id)).toMatchObject({ status: 'withdrawn', withdraw_reason: 'sender_deactivated' });
    expect((await withdrawnEvents(h.id)).map((e) => e.payload)).toEqual([
      expect.objectContaining({ toUserId: receiver.id, cause: 'sender_deactivated' }),
    ]);
    expect(await withdrawAudit(h.id)).toEqual([{ actor_id: admin.id, case_id: c.id, outcome: 'success', purpose: 'administration' }]);
    problemOf(await http().get(`/api/cases/${c.id}`).set('Authorization', receiver.auth), 404);
  });

  it('reactivating and deactivating again withdraws nothing twice; a change that is no deactivation withdraws nothing', async () => {
    const [sender, receiver] = await Promise.all([ctx.factory.user(), ctx.factory.user()]);
    const c = await openCase(sender);
    const h = await propose(sender, c.id, receiver);
    await http().patch(`/api/users/${receiver.id}`).set('Authorization', admin.auth).send({ name: 'Renamed receiver' }).expect(200);
    expect(await handover(h.id)).toMatchObject({ status: 'proposed' });

    await deactivate(receiver);
    const once = await handover(h.id);
    await http().patch(`/api/users/${receiver.id}`).set('Authorization', admin.auth).send({ active: true }).expect(200);
    await deactivate(receiver);
    expect(await handover(h.id)).toEqual(once);
    expect(await withdrawnEvents(h.id)).toHaveLength(1);
    expect(await withdrawAudit(h.id)).toHaveLength(1);
  });

  it('a proposal whose sender is deactivated while it waits for the case row is refused, and leaves no open handover', async () => {
    const [sender, receiver] = await Promise.all([ctx.factory.user(), ctx.factory.user()]);
    const c = await openCase(sender);
    // The proposal has passed its sign-in check and queues on the case row; the deactivation then
    // commits, finding no handover of the sender to withdraw; only then does the proposal go on.
    const res = await afterWhileWaitingOnCaseRow(
      ctx,
      c.id,
      () =>
        http().post(`/api/cases/${c.id}/handovers`).set('Authorization', sender.auth).send({ toUserId: receiver.id, checklist: CHECKLIST }),
      () => deactivate(sender),
    );
    expect(problemOf(res, 401).code).toBe('SENDER_DEACTIVATED');
    const open = await ctx.db.query(`SELECT id FROM handovers WHERE case_id = $1 AND status IN ('proposed', 'briefed')`, [c.id]);
    expect(open).toEqual([]);
  });

  it('a proposal whose receiver is deactivated while it waits for the case row is refused as to no active professional', async () => {
    const [sender, receiver] = await Promise.all([ctx.factory.user(), ctx.factory.user()]);
    const c = await openCase(sender);
    const res = await afterWhileWaitingOnCaseRow(
      ctx,
      c.id,
      () =>
        http().post(`/api/cases/${c.id}/handovers`).set('Authorization', sender.auth).send({ toUserId: receiver.id, checklist: CHECKLIST }),
      () => deactivate(receiver),
    );
    expect(problemOf(res, 422).code).toBe('UNKNOWN_RECEIVER');
    expect(await ctx.db.query(`SELECT id FROM handovers WHERE case_id = $1`, [c.id])).toEqual([]);
  });

  // Last in the file: it leaves a failing handler registered.
  it('the deactivation and its withdrawals are one transaction: when a later step fails, neither happens', async () => {
    const [sender, receiver] = await Promise.all([ctx.factory.user(), ctx.factory.user()]);
    const c = await openCase(sender);
    const h = await propose(sender, c.id, receiver);
    ctx.app.get(DeactivationHooks).register(async () => {
      throw new Error('a later handler failed');
    });
    expect((await http().patch(`/api/users/${receiver.id}`).set('Authorization', admin.auth).send({ active: false })).status).toBe(500);
    expect(await handover(h.id)).toMatchObject({ status: 'proposed', withdraw_reason: null });
    expect(await withdrawnEvents(h.id)).toEqual([]);
    expect(await withdrawAudit(h.id)).toEqual([]);
    const [user] = await ctx.db.query<{ active: boolean }>(`SELECT active FROM users WHERE id = $1`, [receiver.id]);
    expect(user.active).toBe(true);
  });
});
