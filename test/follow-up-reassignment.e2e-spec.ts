import { fireDueTimers } from '@oneroof/platform';
import { createTestApp, waitFor, type TestContext, type TestUser } from '@oneroof/testing';
import { http, isoIn, minutes } from './intake-support';
import { startWorker } from './notifications/support';

const CHECKLIST = {
  safetySituation: 'Mother and children stay with the grandmother',
  risks: 'Father still has a key to the house',
  safetyAgreements: 'No unsupervised contact with the father',
  openActions: 'Talk with the school mentor on Thursday',
  involvedProfessionals: 'GP, school mentor, Veilig Thuis',
  expectations: 'Weekly home visits for the first month',
  familyInformed: true,
};

interface FollowUpBody {
  id: string;
  assigneeId: string;
  scheduledAt: string;
  status: string;
  version: number;
}

/**
 * design.md §2 and §3 together: a follow-up never stays with someone who left the team (it passes
 * to the handover's receiver or the lead, reminders included), and a timer-born event whose subject
 * no longer holds (cancelled, moved, handover ended) reaches nobody, however late it is processed.
 * Timers are fired by the test clock; events go through the real worker, started only once the
 * scene is set, as when the worker or Redis was down meanwhile.
 */
describe('follow-up reassignment and stale timer events', () => {
  let ctx: TestContext;
  let coordinator: TestUser;

  const professional = (discipline: 'social_work' | 'police' | 'youth_care' = 'social_work') => ctx.factory.user({ discipline });
  const openCase = async (lead: TestUser, members: TestUser[]) => {
    const opened = await http(ctx)
      .post('/api/cases')
      .set('Authorization', lead.auth)
      .send({ urgency: 'urgent', source: 'school', summary: 'Bruises seen at school' })
      .expect(201);
    for (const member of members) {
      await http(ctx).post(`/api/cases/${opened.body.id}/team`).set('Authorization', lead.auth).send({ userId: member.id }).expect(201);
    }
    return opened.body as { id: string; reference: string };
  };
  const schedule = async (by: TestUser, caseId: string, assignee: TestUser, inMinutes: number, remindBeforeMinutes: number[]) => {
    const res = await http(ctx)
      .post(`/api/cases/${caseId}/follow-ups`)
      .set('Authorization', by.auth)
      .send({ kind: 'home_visit', scheduledAt: isoIn(ctx, minutes(inMinutes)), assigneeId: assignee.id, remindBeforeMinutes })
      .expect(201);
    return res.body as FollowUpBody;
  };
  const followUpOf = async (by: TestUser, caseId: string, id: string): Promise<FollowUpBody> => {
    const res = await http(ctx).get(`/api/cases/${caseId}/follow-ups?limit=200`).set('Authorization', by.auth).expect(200);
    return (res.body.items as FollowUpBody[]).find((f) => f.id === id)!;
  };
  const agendaIds = async (user: TestUser) =>
    ((await http(ctx).get('/api/me/follow-ups?limit=200').set('Authorization', user.auth).expect(200)).body.items as FollowUpBody[]).map(
      (f) => f.id,
    );
  const timerAssignees = (followUpId: string) =>
    ctx.db.query<{ key: string; assignee: string }>(
      `SELECT key, payload->>'assigneeId' AS assignee FROM timers WHERE key LIKE $1 AND fired_at IS NULL ORDER BY key`,
      [`follow\\_up:${followUpId}:%`],
    );
  /** Fires what is due by the test clock, as the worker's timer loop would; returns the new events' ids by key. */
  const fire = async () => {
    const keys = await ctx.db.transaction((tx) => fireDueTimers(tx, ctx.clock.now(), 1000));
    const rows = await ctx.db.query<{ key: string; fired_event_id: string }>(
      `SELECT key, fired_event_id FROM timers WHERE key = ANY($1::text[])`,
      [keys],
    );
    return new Map(rows.map((r) => [r.key, r.fired_event_id]));
  };
  /** Runs the real worker until every event so far is processed (or dead), then stops it. */
  const deliver = async () => {
    const worker = await startWorker(ctx);
    try {
      await waitFor('the outbox to drain', async () => {
        const [row] = await ctx.db.query<{ n: string }>(
          `SELECT count(*) AS n FROM outbox_events WHERE processed_at IS NULL AND dead_at IS NULL`,
        );
        return Number(row.n) === 0;
      });
    } finally {
      await worker.close();
    }
  };
  const recipientsOf = async (eventId: string) =>
    (
      await ctx.db.query<{ recipient_id: string }>(`SELECT recipient_id FROM notifications WHERE event_id = $1 ORDER BY recipient_id`, [
        eventId,
      ])
    ).map((r) => r.recipient_id);
  const eventState = async (eventId: string) =>
    (
      await ctx.db.query<{ processed: boolean; dead: boolean }>(
        `SELECT processed_at IS NOT NULL AS processed, dead_at IS NOT NULL AS dead FROM outbox_events WHERE id = $1`,
        [eventId],
      )
    )[0];
  const notificationsOf = async (user: TestUser, kind: string, caseId: string) =>
    (
      await ctx.db.query<{ event_id: string }>(
        `SELECT event_id FROM notifications WHERE recipient_id = $1 AND kind = $2 AND case_id = $3 ORDER BY created_at`,
        [user.id, kind, caseId],
      )
    ).map((r) => r.event_id);
  const handoverTo = async (sender: TestUser, caseId: string, receiver: TestUser, respondBy?: Date) => {
    const proposed = await http(ctx)
      .post(`/api/cases/${caseId}/handovers`)
      .set('Authorization', sender.auth)
      .send({ toUserId: receiver.id, reason: 'Moving to the local team', checklist: CHECKLIST, respondBy: respondBy?.toISOString() })
      .expect(201);
    await http(ctx)
      .post(`/api/handovers/${proposed.body.id}/meeting`)
      .set('Authorization', sender.auth)
      .send({
        heldAt: ctx.clock.now().toISOString(),
        participantIds: [sender.id, receiver.id],
        familyPresent: true,
        notes: 'Went through the safety plan together with the mother',
      })
      .expect(200);
    return proposed.body as { id: string };
  };
  const accept = (receiver: TestUser, handoverId: string) =>
    http(ctx).post(`/api/handovers/${handoverId}/accept`).set('Authorization', receiver.auth).send({ confirmInformed: true }).expect(200);

  beforeAll(async () => {
    ctx = await createTestApp();
    coordinator = await ctx.factory.coordinator();
  });

  afterAll(async () => {
    await ctx?.close();
  });

  it('a removed member’s planned follow-up passes to the lead, and every reminder of it reaches the lead, never the removed member', async () => {
    const lead = await professional();
    const member = await professional();
    const c = await openCase(lead, [member]);
    const f = await schedule(lead, c.id, member, 60, [45, 15]);
    const done = await schedule(lead, c.id, member, 90, []);
    await http(ctx).patch(`/api/follow-ups/${done.id}`).set('Authorization', lead.auth).send({ version: 1, status: 'done' }).expect(200);
    expect(await timerAssignees(f.id)).toEqual([
      { key: `follow_up:${f.id}:overdue`, assignee: member.id },
      { key: `follow_up:${f.id}:remind:15`, assignee: member.id },
      { key: `follow_up:${f.id}:remind:45`, assignee: member.id },
    ]);

    // The first reminder fires while the member is still on the team (its payload names them)...
    ctx.clock.advance(minutes(16));
    const early = await fire();
    const earlyReminder = early.get(`follow_up:${f.id}:remind:45`)!;
    expect(earlyReminder).toEqual(expect.any(String));

    // ... then the lead removes the member before that event is processed.
    await http(ctx).delete(`/api/cases/${c.id}/team/${member.id}`).set('Authorization', lead.auth).expect(200);
    const moved = await followUpOf(lead, c.id, f.id);
    expect(moved).toMatchObject({ assigneeId: lead.id, status: 'planned', version: f.version + 1, scheduledAt: f.scheduledAt });
    // Only the planned one moves: a closed follow-up stays as it was recorded.
    expect(await followUpOf(lead, c.id, done.id)).toMatchObject({ assigneeId: member.id, status: 'done', version: 2 });
    expect(await timerAssignees(f.id)).toEqual([
      { key: `follow_up:${f.id}:overdue`, assignee: lead.id },
      { key: `follow_up:${f.id}:remind:15`, assignee: lead.id },
    ]);
    expect(await agendaIds(lead)).toContain(f.id);
    expect(await agendaIds(member)).not.toContain(f.id);

    ctx.clock.advance(minutes(30));
    const late = await fire();
    const lateReminder = late.get(`follow_up:${f.id}:remind:15`)!;
    expect(lateReminder).toEqual(expect.any(String));
    await deliver();

    expect(await recipientsOf(earlyReminder)).toEqual([lead.id]);
    expect(await recipientsOf(lateReminder)).toEqual([lead.id]);
    expect(await notificationsOf(member, 'follow_up.reminder', c.id)).toEqual([]);
    expect((await notificationsOf(lead, 'follow_up.reminder', c.id)).sort()).toEqual([earlyReminder, lateReminder].sort());

    // A write that names the version read before the move is stale.
    await http(ctx)
      .patch(`/api/follow-ups/${f.id}`)
      .set('Authorization', lead.auth)
      .send({ version: f.version, scheduledAt: isoIn(ctx, minutes(120)) })
      .expect(409);
  });

  it('after a handover is accepted, the sender’s planned follow-ups are the receiver’s, reminders included', async () => {
    const lead = await professional();
    const sender = await professional();
    const receiver = await professional('youth_care');
    const c = await openCase(lead, [sender]);
    const f = await schedule(lead, c.id, sender, 60, [30]);
    const leads = await schedule(lead, c.id, lead, 60, [30]);

    const h = await handoverTo(sender, c.id, receiver);
    await accept(receiver, h.id);

    expect(await followUpOf(receiver, c.id, f.id)).toMatchObject({ assigneeId: receiver.id, version: f.version + 1 });
    // The lead's own follow-up is none of this handover's business.
    expect(await followUpOf(receiver, c.id, leads.id)).toMatchObject({ assigneeId: lead.id, version: leads.version });
    expect((await timerAssignees(f.id)).map((t) => t.assignee)).toEqual([receiver.id, receiver.id]);
    expect(await agendaIds(receiver)).toContain(f.id);

    ctx.clock.advance(minutes(31));
    const fired = await fire();
    await deliver();
    expect(await recipientsOf(fired.get(`follow_up:${f.id}:remind:30`)!)).toEqual([receiver.id]);
    expect(await recipientsOf(fired.get(`follow_up:${leads.id}:remind:30`)!)).toEqual([lead.id]);
    expect(await notificationsOf(sender, 'follow_up.reminder', c.id)).toEqual([]);
  });

  it('a member whose membership ends and begins again in one transaction keeps their follow-ups', async () => {
    const lead = await professional();
    const member = await professional();
    const c = await openCase(lead, [member]);
    const f = await schedule(lead, c.id, member, 60, [30]);
    // What the intake conclusion does when the lead moves: memberships are history, so rows end and begin.
    await ctx.db.transaction(async (tx) => {
      await tx.query(`UPDATE case_memberships SET until = $3 WHERE case_id = $1 AND user_id = $2 AND until IS NULL`, [
        c.id,
        member.id,
        ctx.clock.now(),
      ]);
      await tx.query(`INSERT INTO case_memberships (case_id, user_id, role, since) VALUES ($1, $2, 'member', $3)`, [
        c.id,
        member.id,
        ctx.clock.now(),
      ]);
    });
    expect(await followUpOf(lead, c.id, f.id)).toMatchObject({ assigneeId: member.id, version: f.version });
    expect((await timerAssignees(f.id)).map((t) => t.assignee)).toEqual([member.id, member.id]);
  });

  it('a current membership deleted outright passes the follow-ups on too; a closed case keeps its cancelled ones', async () => {
    const lead = await professional();
    const member = await professional();
    const c = await openCase(lead, [member]);
    const f = await schedule(lead, c.id, member, 60, [30]);
    await ctx.db.query(`DELETE FROM case_memberships WHERE case_id = $1 AND user_id = $2`, [c.id, member.id]);
    expect(await followUpOf(lead, c.id, f.id)).toMatchObject({ assigneeId: lead.id, version: f.version + 1 });
    expect((await timerAssignees(f.id)).map((t) => t.assignee)).toEqual([lead.id, lead.id]);

    const other = await professional();
    const closing = await openCase(lead, [other]);
    const g = await schedule(lead, closing.id, other, 60, [30]);
    await ctx.db.transaction(async (tx) => {
      await tx.query(`UPDATE case_memberships SET until = $3 WHERE case_id = $1 AND user_id = $2 AND until IS NULL`, [
        closing.id,
        other.id,
        ctx.clock.now(),
      ]);
      await tx.query(`UPDATE cases SET status = 'closed', closed_at = $2, closed_by = $3, close_reason = 'Unfounded' WHERE id = $1`, [
        closing.id,
        ctx.clock.now(),
        lead.id,
      ]);
    });
    expect(await followUpOf(lead, closing.id, g.id)).toMatchObject({ assigneeId: other.id, status: 'cancelled', version: g.version + 1 });
    expect(await timerAssignees(g.id)).toEqual([]);
  });

  it('a reminder fired before its follow-up was cancelled or moved reaches nobody', async () => {
    const lead = await professional();
    const member = await professional();
    const c = await openCase(lead, [member]);
    const cancelled = await schedule(lead, c.id, member, 60, [30]);
    const moved = await schedule(lead, c.id, member, 60, [30]);

    ctx.clock.advance(minutes(31));
    const fired = await fire();
    const cancelledReminder = fired.get(`follow_up:${cancelled.id}:remind:30`)!;
    const movedReminder = fired.get(`follow_up:${moved.id}:remind:30`)!;
    expect([cancelledReminder, movedReminder]).toEqual([expect.any(String), expect.any(String)]);

    await http(ctx)
      .patch(`/api/follow-ups/${cancelled.id}`)
      .set('Authorization', member.auth)
      .send({ version: cancelled.version, status: 'cancelled', outcome: 'Family moved away' })
      .expect(200);
    await http(ctx)
      .patch(`/api/follow-ups/${moved.id}`)
      .set('Authorization', member.auth)
      .send({ version: moved.version, scheduledAt: isoIn(ctx, minutes(24 * 60)) })
      .expect(200);
    await deliver();

    for (const eventId of [cancelledReminder, movedReminder]) {
      expect(await recipientsOf(eventId)).toEqual([]);
      // Processed with nothing to say, not a failure for an admin to look at.
      expect(await eventState(eventId)).toEqual({ processed: true, dead: false });
    }
    expect(await notificationsOf(member, 'follow_up.reminder', c.id)).toEqual([]);
  });

  it('handover deadlines fired before the acceptance reach nobody', async () => {
    const lead = await professional();
    const receiver = await professional('youth_care');
    const c = await openCase(lead, []);
    const h = await handoverTo(lead, c.id, receiver, new Date(ctx.clock.now().getTime() + minutes(60)));

    ctx.clock.advance(minutes(61));
    const fired = await fire();
    const responseDue = fired.get(`handover:${h.id}:response_due`)!;
    const overdue = fired.get(`handover:${h.id}:overdue`)!;
    expect([responseDue, overdue]).toEqual([expect.any(String), expect.any(String)]);

    await accept(receiver, h.id);
    await deliver();

    for (const eventId of [responseDue, overdue]) {
      expect(await recipientsOf(eventId)).toEqual([]);
      expect(await eventState(eventId)).toEqual({ processed: true, dead: false });
    }
    for (const user of [lead, receiver, coordinator]) {
      expect(await notificationsOf(user, 'handover.overdue', c.id)).toEqual([]);
      expect(await notificationsOf(user, 'handover.response_due', c.id)).toEqual([]);
    }
    // The acceptance itself is news as ever.
    expect((await notificationsOf(receiver, 'handover.accepted', c.id)).length).toBe(1);
  });

  it('handover deadlines of a handover still open reach the receiver, then the sender and the coordinators', async () => {
    const lead = await professional();
    const receiver = await professional('youth_care');
    const c = await openCase(lead, []);
    const h = await handoverTo(lead, c.id, receiver, new Date(ctx.clock.now().getTime() + minutes(60)));

    ctx.clock.advance(minutes(61));
    const fired = await fire();
    await deliver();
    expect(await recipientsOf(fired.get(`handover:${h.id}:response_due`)!)).toEqual([receiver.id]);
    expect(await recipientsOf(fired.get(`handover:${h.id}:overdue`)!)).toEqual([lead.id, coordinator.id].sort());
  });
});
