import { EVENT_JOB_NAME, EVENT_JOB_OPTIONS, NotificationProcessor } from '@oneroof/notifications';
import { writeOutboxEvents } from '@oneroof/platform';
import { createTestApp, problemOf, waitFor, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';
import type { WorkerApp } from '../../apps/worker/src/bootstrap';
import { EventsQueue } from '../../apps/worker/src/notifications/events-queue';
import { countRows, inbox, openCase, startWorker } from './support';

/**
 * design.md §5 end to end: a write commits its event, the worker relays it through BullMQ, and the
 * recipients find exactly one notification each in GET /api/me/notifications.
 */
describe('notifications: outbox → BullMQ → inbox', () => {
  let ctx: TestContext;
  let worker: WorkerApp;
  let lead: TestUser;
  let member: TestUser;
  let outsider: TestUser;
  let coordinators: TestUser[];
  let inactiveCoordinator: TestUser;
  let admin: TestUser;
  let caseFile: { id: string; reference: string };
  const http = () => request(ctx.app.getHttpServer());

  beforeAll(async () => {
    ctx = await createTestApp();
    worker = await startWorker(ctx);
    lead = await ctx.factory.user({ discipline: 'social_work' });
    member = await ctx.factory.user({ discipline: 'police' });
    outsider = await ctx.factory.user({ discipline: 'forensic_medicine' });
    coordinators = [await ctx.factory.coordinator(), await ctx.factory.coordinator()];
    inactiveCoordinator = await ctx.factory.user({ roles: ['professional', 'coordinator'], active: false });
    admin = await ctx.factory.admin();
    caseFile = await openCase(ctx, lead);
  });

  afterAll(async () => {
    await worker?.close();
    await ctx?.close();
  });

  it('team.member_added: the new member, and only they, gets one notification with the case reference', async () => {
    const added = await http().post(`/api/cases/${caseFile.id}/team`).set('Authorization', lead.auth).send({ userId: member.id });
    expect(added.status).toBe(201);

    const page = await waitFor('the member’s notification', async () => {
      const p = await inbox(ctx, member);
      return p.items.length > 0 ? p : undefined;
    });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toEqual({
      id: expect.any(String),
      recipientId: member.id,
      kind: 'team.member_added',
      caseId: caseFile.id,
      caseReference: caseFile.reference,
      title: `Added to the team of ${caseFile.reference}`,
      subjectType: 'case',
      subjectId: caseFile.id,
      createdAt: expect.any(String),
      readAt: null,
    });
    expect((await inbox(ctx, lead)).items).toHaveLength(0);
    expect((await inbox(ctx, outsider)).items).toHaveLength(0);
    expect(
      await countRows(ctx, `SELECT count(*) AS n FROM outbox_events WHERE type = 'team.member_added' AND processed_at IS NOT NULL`),
    ).toBe(1);
  });

  it('emergency_access.granted: every active coordinator, nobody else', async () => {
    const granted = await http()
      .post(`/api/cases/${caseFile.id}/emergency-access`)
      .set('Authorization', outsider.auth)
      .send({ reason: 'Acute safety concern reported out of hours by the police' });
    expect(granted.status).toBe(201);

    const event = await waitFor('the grant event processed', async () => {
      const [row] = await ctx.db.query<{ id: string }>(
        `SELECT id FROM outbox_events WHERE type = 'emergency_access.granted' AND processed_at IS NOT NULL`,
      );
      return row;
    });
    expect(await countRows(ctx, `SELECT count(*) AS n FROM notifications WHERE event_id = $1`, [event.id])).toBe(2);
    for (const coordinator of coordinators) {
      const items = (await inbox(ctx, coordinator)).items;
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        kind: 'emergency_access.granted',
        caseReference: caseFile.reference,
        title: `Emergency access granted to ${caseFile.reference}`,
      });
    }
    expect(await countRows(ctx, `SELECT count(*) AS n FROM notifications WHERE recipient_id = $1`, [inactiveCoordinator.id])).toBe(0);
    expect((await inbox(ctx, outsider)).items).toHaveLength(0);
  });

  it('routes on case tables: the team, the case lead, and the other disciplines of the team', async () => {
    const reference = caseFile.reference;
    const [concluded, disclosed, accepted] = await ctx.db.transaction((tx) =>
      writeOutboxEvents(tx, [
        { type: 'intake.concluded', caseId: caseFile.id, payload: { caseReference: reference } },
        {
          type: 'record.disclosed',
          caseId: caseFile.id,
          payload: { caseReference: reference, authorDiscipline: 'police', recordId: member.id },
        },
        {
          type: 'handover.accepted',
          caseId: caseFile.id,
          payload: { caseReference: reference, fromUserId: member.id, toUserId: outsider.id },
        },
      ]),
    );
    await waitFor(
      'three events processed',
      async () =>
        (await countRows(ctx, `SELECT count(*) AS n FROM outbox_events WHERE id = ANY($1::uuid[]) AND processed_at IS NOT NULL`, [
          [concluded, disclosed, accepted],
        ])) === 3,
    );
    const recipientsOf = async (eventId: string) =>
      (
        await ctx.db.query<{ recipient_id: string }>(`SELECT recipient_id FROM notifications WHERE event_id = $1 ORDER BY recipient_id`, [
          eventId,
        ])
      ).map((r) => r.recipient_id);
    // The team is the lead (social_work) and the member (police).
    expect(await recipientsOf(concluded)).toEqual([lead.id, member.id].sort());
    // A police record disclosed: the team's other disciplines, so the lead only.
    expect(await recipientsOf(disclosed)).toEqual([lead.id]);
    // Sender, receiver and case lead, each once.
    expect(await recipientsOf(accepted)).toEqual([lead.id, member.id, outsider.id].sort());
  });

  it('lists newest first with a cursor, filters ?unread=true, and marks read', async () => {
    const events = await ctx.db.transaction((tx) =>
      writeOutboxEvents(
        tx,
        [1, 2, 3].map((n) => ({
          type: 'follow_up.reminder',
          caseId: caseFile.id,
          payload: { caseReference: caseFile.reference, assigneeId: outsider.id, n },
        })),
      ),
    );
    await waitFor(
      'three reminders',
      async () => (await countRows(ctx, `SELECT count(*) AS n FROM notifications WHERE event_id = ANY($1::uuid[])`, [events])) === 3,
    );
    // outsider: 1 handover.accepted + 3 reminders.
    const first = await inbox(ctx, outsider, '?limit=3');
    expect(first.items.map((n) => n.kind)).toEqual(['follow_up.reminder', 'follow_up.reminder', 'follow_up.reminder']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await inbox(ctx, outsider, `?limit=3&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.items.map((n) => n.kind)).toEqual(['handover.accepted']);
    expect(second.nextCursor).toBeNull();

    const target = first.items[1];
    const read = await http().post(`/api/me/notifications/${target.id}/read`).set('Authorization', outsider.auth);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: target.id, recipientId: outsider.id, readAt: expect.any(String) });
    const again = await http().post(`/api/me/notifications/${target.id}/read`).set('Authorization', outsider.auth);
    expect(again.body.readAt).toBe(read.body.readAt);

    const unread = await inbox(ctx, outsider, '?unread=true');
    expect(unread.items).toHaveLength(3);
    expect(unread.items.map((n) => n.id)).not.toContain(target.id);
    expect((await inbox(ctx, outsider, '?unread=false')).items).toHaveLength(4);
    problemOf(await http().get('/api/me/notifications?unread=yes').set('Authorization', outsider.auth), 400);
    problemOf(await http().get('/api/me/notifications?cursor=bogus').set('Authorization', outsider.auth), 400);
    problemOf(await http().get('/api/me/notifications'), 401);
  });

  it('someone else’s notification or an unknown id: 404 problem+json, and nothing changes', async () => {
    const [theirs] = (await inbox(ctx, member)).items;
    const body = problemOf(await http().post(`/api/me/notifications/${theirs.id}/read`).set('Authorization', outsider.auth), 404);
    expect(body.code).toBe('NOT_FOUND');
    problemOf(
      await http().post(`/api/me/notifications/00000000-0000-4000-8000-000000000000/read`).set('Authorization', outsider.auth),
      404,
    );
    expect((await inbox(ctx, member)).items[0].readAt).toBeNull();
  });

  it('a job run twice by hand adds nothing the second time', async () => {
    const [eventId] = await ctx.db.transaction((tx) =>
      writeOutboxEvents(tx, [
        { type: 'handover.proposed', caseId: caseFile.id, payload: { caseReference: caseFile.reference, toUserId: member.id } },
      ]),
    );
    await waitFor(
      'processed',
      async () =>
        (await countRows(ctx, `SELECT count(*) AS n FROM outbox_events WHERE id = $1 AND processed_at IS NOT NULL`, [eventId])) === 1,
    );
    expect(await countRows(ctx, `SELECT count(*) AS n FROM notifications WHERE event_id = $1`, [eventId])).toBe(1);

    // The processor itself, twice more; and the job id added to BullMQ again (removeOnComplete made it reusable).
    const processor = worker.app.get(NotificationProcessor);
    expect(await processor.process(eventId)).toEqual({ outcome: 'already_processed' });
    await ctx.db.query(`UPDATE outbox_events SET processed_at = NULL WHERE id = $1`, [eventId]);
    expect(await processor.process(eventId)).toEqual({ outcome: 'processed', notified: 0 });
    const queue = worker.app.get(EventsQueue).queue;
    await ctx.db.query(`UPDATE outbox_events SET processed_at = NULL WHERE id = $1`, [eventId]);
    const job = await queue.add(EVENT_JOB_NAME, { eventId, type: 'handover.proposed' }, { ...EVENT_JOB_OPTIONS, jobId: eventId });
    await waitFor(
      'the second run',
      async () =>
        (await countRows(ctx, `SELECT count(*) AS n FROM outbox_events WHERE id = $1 AND processed_at IS NOT NULL`, [eventId])) === 1,
    );
    expect(job.id).toBe(eventId);
    expect(await countRows(ctx, `SELECT count(*) AS n FROM notifications WHERE event_id = $1`, [eventId])).toBe(1);
    expect((await inbox(ctx, member)).items.filter((n) => n.kind === 'handover.proposed')).toHaveLength(1);
  });

  it('a notification never carries a person’s name, whatever the payload holds', async () => {
    const name = `Xylophone-${Date.now()} Quackenbush`;
    // Names planted in fields not meant to be shown, and even in the reference field.
    const [eventId] = await ctx.db.transaction((tx) =>
      writeOutboxEvents(tx, [
        {
          type: 'team.member_added',
          caseId: caseFile.id,
          payload: { caseReference: name, userId: outsider.id, role: 'member', childName: name, note: name },
        },
      ]),
    );
    await waitFor(
      'processed',
      async () => (await countRows(ctx, `SELECT count(*) AS n FROM notifications WHERE event_id = $1`, [eventId])) === 1,
    );
    const response = await http().get('/api/me/notifications').set('Authorization', outsider.auth);
    expect(response.status).toBe(200);
    expect(response.text).not.toContain('Xylophone');
    expect(response.text).not.toContain('Quackenbush');
    const mine = response.body.items.find((n: { kind: string; caseReference: string | null }) => n.kind === 'team.member_added');
    expect(mine).toMatchObject({ caseReference: null, title: 'Added to the team of a case' });
    expect(Object.keys(mine).sort()).toEqual([
      'caseId',
      'caseReference',
      'createdAt',
      'id',
      'kind',
      'readAt',
      'recipientId',
      'subjectId',
      'subjectType',
      'title',
    ]);
  });

  it('an unknown event type is dead-lettered, visible to admins only, and can be sent round again', async () => {
    const [eventId] = await ctx.db.transaction((tx) =>
      writeOutboxEvents(tx, [{ type: 'no.such_event', caseId: caseFile.id, payload: {} }]),
    );
    const dead = await waitFor('dead-lettered', async () => {
      const list = await http().get('/api/admin/outbox/dead-letters').set('Authorization', admin.auth);
      return list.body.items?.find((d: { id: string }) => d.id === eventId);
    });
    expect(dead).toMatchObject({
      type: 'no.such_event',
      failures: 1,
      lastError: 'no route for event type "no.such_event"',
      deadAt: expect.any(String),
    });
    problemOf(await http().get('/api/admin/outbox/dead-letters').set('Authorization', coordinators[0].auth), 403);
    problemOf(await http().post(`/api/admin/outbox/dead-letters/${eventId}/retry`).set('Authorization', lead.auth), 403);
    problemOf(
      await http().post(`/api/admin/outbox/dead-letters/00000000-0000-4000-8000-000000000000/retry`).set('Authorization', admin.auth),
      404,
    );

    // The worker is still up and routing.
    const retried = await http().post(`/api/admin/outbox/dead-letters/${eventId}/retry`).set('Authorization', admin.auth);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: eventId, deadAt: null, failures: 0 });
    // Still no route: dead again, after one more pass through relay and worker.
    await waitFor(
      'dead again',
      async () =>
        (await countRows(ctx, `SELECT count(*) AS n FROM outbox_events WHERE id = $1 AND dead_at IS NOT NULL AND relay_count = 2`, [
          eventId,
        ])) === 1,
    );
  });

  it('/metrics carries the outbox gauges from Postgres and the queue depth', async () => {
    const response = await http().get('/metrics');
    expect(response.status).toBe(200);
    expect(response.text).toMatch(/^oneroof_outbox_unprocessed_events \d+$/m);
    expect(response.text).toMatch(/^oneroof_outbox_oldest_unprocessed_age_seconds [\d.e+-]+$/m);
    expect(response.text).toMatch(/^oneroof_outbox_dead_letters 1$/m);
    expect(response.text).toMatch(/^oneroof_queue_jobs\{queue="events",state="waiting"\} \d+$/m);
    expect(response.text).toMatch(/^oneroof_queue_reachable 1$/m);
  });

  it('the queue dashboard is for admins only', async () => {
    problemOf(await http().get('/api/admin/queues'), 401);
    problemOf(await http().get('/api/admin/queues').set('Authorization', 'Bearer not-a-token'), 401);
    problemOf(await http().get('/api/admin/queues').set('Authorization', coordinators[0].auth), 403);
    const page = await http().get('/api/admin/queues').set('Authorization', admin.auth);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html');
    const api = await http().get('/api/admin/queues/api/queues').set('Authorization', admin.auth);
    expect(api.status).toBe(200);
    expect(api.body.queues.map((q: { name: string }) => q.name)).toEqual(['events']);
    problemOf(await http().get('/api/admin/queues/api/queues').set('Authorization', member.auth), 403);
  });
});
