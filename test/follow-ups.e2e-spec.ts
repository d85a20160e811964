import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import { count, fireTimers, http, isoIn, minutes, openCase, outboxEvents, type TestCase } from './intake-support';

const GRACE_MINUTES = 30;

/** design.md §2 Follow-up: reminders and overdue notices as durable timers, moved and removed with the follow-up. */
describe('follow-ups', () => {
  let ctx: TestContext;
  let lead: TestUser;
  let member: TestUser;
  let coordinator: TestUser;
  let outsider: TestUser;
  let c: TestCase;

  const post = (user: TestUser, path: string, body: unknown) =>
    http(ctx)
      .post(path)
      .set('Authorization', user.auth)
      .send(body as object);
  const patch = (user: TestUser, id: string, body: unknown) =>
    http(ctx)
      .patch(`/api/follow-ups/${id}`)
      .set('Authorization', user.auth)
      .send(body as object);
  const get = (user: TestUser, path: string) => http(ctx).get(path).set('Authorization', user.auth);

  async function schedule(overrides: Record<string, unknown> = {}): Promise<{ id: string; version: number; scheduledAt: string }> {
    const res = await post(lead, `/api/cases/${c.id}/follow-ups`, {
      kind: 'home_visit',
      scheduledAt: isoIn(ctx, minutes(120)),
      assigneeId: member.id,
      remindBeforeMinutes: [60],
      ...overrides,
    });
    if (res.status !== 201) throw new Error(`schedule: ${res.status} ${res.text}`);
    return res.body;
  }

  const eventsOf = async (type: string, followUpId: string) =>
    (await outboxEvents(ctx, type)).filter((e) => e.payload.followUpId === followUpId);
  const timerKeys = async (id: string) =>
    (await ctx.db.query<{ key: string }>(`SELECT key FROM timers WHERE key LIKE $1 ORDER BY key`, [`follow_up:${id}:%`])).map((t) => t.key);

  beforeAll(async () => {
    ctx = await createTestApp({ FOLLOW_UP_OVERDUE_GRACE_MINUTES: String(GRACE_MINUTES) });
    lead = await ctx.factory.user({ discipline: 'social_work' });
    member = await ctx.factory.user({ discipline: 'youth_care' });
    coordinator = await ctx.factory.coordinator();
    outsider = await ctx.factory.user({ discipline: 'social_work' });
    c = await openCase(ctx, lead, [member], { child: 'Fleur', parent: 'Hendrik' });
  });

  beforeEach(() => ctx.clock.reset());

  afterAll(async () => {
    await ctx?.close();
  });

  it('schedules a follow-up with version 1 and arms its reminders and overdue notice', async () => {
    const f = await schedule({ remindBeforeMinutes: [60, 15, 60], personIds: [c.childId], title: 'First visit' });
    expect(f).toMatchObject({
      caseId: c.id,
      caseReference: c.reference,
      status: 'planned',
      version: 1,
      remindBeforeMinutes: [15, 60],
      personIds: [c.childId],
    });
    expect(await timerKeys(f.id)).toEqual([`follow_up:${f.id}:overdue`, `follow_up:${f.id}:remind:15`, `follow_up:${f.id}:remind:60`]);
  });

  it('sends a reminder at remindBeforeMinutes, to the assignee, once', async () => {
    const f = await schedule({ remindBeforeMinutes: [60] });
    ctx.clock.advance(minutes(59));
    await fireTimers(ctx);
    expect(await eventsOf('follow_up.reminder', f.id)).toHaveLength(0);
    ctx.clock.advance(minutes(2));
    await fireTimers(ctx);
    await fireTimers(ctx);
    const events = await eventsOf('follow_up.reminder', f.id);
    expect(events.map((e) => e.payload)).toEqual([
      { caseReference: c.reference, followUpId: f.id, assigneeId: member.id, kind: 'home_visit', scheduledAt: f.scheduledAt },
    ]);
    const [row] = await ctx.db.query<{ case_id: string }>(`SELECT case_id FROM outbox_events WHERE id = $1`, [events[0].id]);
    expect(row.case_id).toBe(c.id);
  });

  it('moves the reminders when rescheduled: never one at the old time, one at the new', async () => {
    const f = await schedule({ remindBeforeMinutes: [60] });
    const moved = await patch(member, f.id, { version: 1, scheduledAt: isoIn(ctx, minutes(300)) });
    expect(moved.status).toBe(200);
    expect(moved.body.version).toBe(2);
    ctx.clock.advance(minutes(130 + GRACE_MINUTES));
    await fireTimers(ctx);
    expect(await eventsOf('follow_up.reminder', f.id)).toHaveLength(0);
    expect(await eventsOf('follow_up.overdue', f.id)).toHaveLength(0);
    ctx.clock.advance(minutes(300 - 60 - 130 - GRACE_MINUTES + 1));
    await fireTimers(ctx);
    expect((await eventsOf('follow_up.reminder', f.id)).map((e) => e.payload.scheduledAt)).toEqual([moved.body.scheduledAt]);
  });

  it.each(['cancelled', 'done', 'missed'])('removes reminders and the overdue notice when %s', async (status) => {
    const f = await schedule({ remindBeforeMinutes: [60, 30] });
    const res = await patch(member, f.id, {
      version: 1,
      status,
      outcome: status === 'done' ? 'Visited; the child was at home' : undefined,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status, version: 2, closedAt: expect.any(String) });
    expect(await timerKeys(f.id)).toEqual([]);
    ctx.clock.advance(minutes(120 + GRACE_MINUTES + 10));
    await fireTimers(ctx);
    expect(await eventsOf('follow_up.reminder', f.id)).toHaveLength(0);
    expect(await eventsOf('follow_up.overdue', f.id)).toHaveLength(0);
    // Closed for good: a later change is a 409.
    expect(problemOf(await patch(member, f.id, { version: 2, scheduledAt: isoIn(ctx, minutes(60)) }), 409).code).toBe('FOLLOW_UP_CLOSED');
  });

  it('raises follow_up.overdue once, the grace period after a follow-up still planned', async () => {
    const f = await schedule({ scheduledAt: isoIn(ctx, minutes(10)), remindBeforeMinutes: [] });
    ctx.clock.advance(minutes(10 + GRACE_MINUTES - 1));
    await fireTimers(ctx);
    expect(await eventsOf('follow_up.overdue', f.id)).toHaveLength(0);
    ctx.clock.advance(minutes(2));
    await fireTimers(ctx);
    ctx.clock.advance(minutes(60));
    await fireTimers(ctx);
    const events = await eventsOf('follow_up.overdue', f.id);
    expect(events.map((e) => e.payload)).toEqual([
      { caseReference: c.reference, followUpId: f.id, assigneeId: member.id, kind: 'home_visit', scheduledAt: f.scheduledAt },
    ]);
  });

  it('moves the overdue notice on reschedule and carries a new assignee in the timers', async () => {
    const f = await schedule({ scheduledAt: isoIn(ctx, minutes(10)), remindBeforeMinutes: [5] });
    const res = await patch(lead, f.id, {
      version: 1,
      scheduledAt: isoIn(ctx, minutes(100)),
      assigneeId: lead.id,
      remindBeforeMinutes: [20],
    });
    expect(res.status).toBe(200);
    expect(await timerKeys(f.id)).toEqual([`follow_up:${f.id}:overdue`, `follow_up:${f.id}:remind:20`]);
    ctx.clock.advance(minutes(10 + GRACE_MINUTES + 1));
    await fireTimers(ctx);
    expect(await eventsOf('follow_up.overdue', f.id)).toHaveLength(0);
    expect(await eventsOf('follow_up.reminder', f.id)).toHaveLength(0);
    ctx.clock.advance(minutes(100 + GRACE_MINUTES));
    await fireTimers(ctx);
    expect((await eventsOf('follow_up.reminder', f.id)).map((e) => e.payload.assigneeId)).toEqual([lead.id]);
    expect((await eventsOf('follow_up.overdue', f.id)).map((e) => e.payload.assigneeId)).toEqual([lead.id]);
  });

  it('refuses a stale version with 409 and changes nothing', async () => {
    const f = await schedule();
    await patch(member, f.id, { version: 1, remindBeforeMinutes: [30] }).expect(200);
    const res = await patch(lead, f.id, { version: 1, scheduledAt: isoIn(ctx, minutes(500)) });
    expect(problemOf(res, 409).code).toBe('STALE_VERSION');
    const [row] = await ctx.db.query<{ version: number; scheduled_at: Date }>(
      `SELECT version, scheduled_at FROM follow_ups WHERE id = $1`,
      [f.id],
    );
    expect({ version: row.version, scheduledAt: row.scheduled_at.toISOString() }).toEqual({ version: 2, scheduledAt: f.scheduledAt });
  });

  it('answers an outsider exactly as for an id never issued (404), the coordinator 403', async () => {
    const f = await schedule();
    const strip = (r: Response) => ({ ...problemOf(r, 404), requestId: undefined });
    const outsiders = await patch(outsider, f.id, { version: 1, status: 'done' });
    const never = await patch(outsider, randomUUID(), { version: 1, status: 'done' });
    expect(strip(outsiders)).toEqual(strip(never));
    problemOf(await patch(coordinator, f.id, { version: 1, status: 'done' }), 403);
    expect(
      await count(
        ctx,
        `SELECT count(*) AS n FROM audit_events WHERE resource_id = $1 AND action = 'follow_up.update' AND outcome = 'denied'`,
        [f.id],
      ),
    ).toBe(2);
  });

  it('lists a case follow-ups for the team and the coordinator, not for outsiders', async () => {
    const list = await get(coordinator, `/api/cases/${c.id}/follow-ups?limit=2`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.nextCursor).toEqual(expect.any(String));
    const next = await get(lead, `/api/cases/${c.id}/follow-ups?limit=200&cursor=${list.body.nextCursor}`);
    expect(next.body.items.map((f: { id: string }) => f.id)).not.toContain(list.body.items[0].id);
    problemOf(await get(outsider, `/api/cases/${c.id}/follow-ups`), 404);
    problemOf(await get(lead, `/api/cases/${c.id}/follow-ups?cursor=nonsense`), 400);
  });

  it('takes only team members as assignees and persons of the case (422 naming the field)', async () => {
    const bad = await post(lead, `/api/cases/${c.id}/follow-ups`, {
      kind: 'phone_call',
      scheduledAt: isoIn(ctx, minutes(60)),
      assigneeId: outsider.id,
    });
    expect(problemOf(bad, 422).errors?.map((e) => e.field)).toEqual(['assigneeId']);
    const f = await schedule();
    expect(problemOf(await patch(lead, f.id, { version: 1, assigneeId: outsider.id }), 422).errors?.map((e) => e.field)).toEqual([
      'assigneeId',
    ]);
    const person = await post(lead, `/api/cases/${c.id}/follow-ups`, {
      kind: 'phone_call',
      scheduledAt: isoIn(ctx, minutes(60)),
      assigneeId: member.id,
      personIds: [randomUUID()],
    });
    expect(problemOf(person, 422).errors?.map((e) => e.field)).toEqual(['personIds']);
  });

  const badCreate: [string, Record<string, unknown>, string][] = [
    ['kind unknown', { kind: 'party' }, 'kind'],
    ['scheduledAt not a date', { scheduledAt: '31-12-2030' }, 'scheduledAt'],
    ['scheduledAt without a zone', { scheduledAt: '2030-12-31T10:00:00' }, 'scheduledAt'],
    ['assigneeId missing', { assigneeId: undefined }, 'assigneeId'],
    ['negative reminder', { remindBeforeMinutes: [-5] }, 'remindBeforeMinutes'],
    ['fractional reminder', { remindBeforeMinutes: [1.5] }, 'remindBeforeMinutes'],
    ['unknown field', { notes: 'x' }, 'notes'],
  ];
  it.each(badCreate)('refuses a bad new follow-up (%s) with 400 naming the field, changing nothing', async (_name, overrides, field) => {
    const before = await count(ctx, `SELECT count(*) AS n FROM follow_ups`);
    const res = await post(lead, `/api/cases/${c.id}/follow-ups`, {
      kind: 'home_visit',
      scheduledAt: isoIn(ctx, minutes(60)),
      assigneeId: member.id,
      ...overrides,
    });
    expect(problemOf(res, 400).errors?.map((e) => e.field)).toContain(field);
    expect(await count(ctx, `SELECT count(*) AS n FROM follow_ups`)).toBe(before);
  });

  const badPatch: [string, Record<string, unknown>, string][] = [
    ['version missing', { status: 'done' }, 'version'],
    ['status planned', { version: 1, status: 'planned' }, 'status'],
    ['status unknown', { version: 1, status: 'finished' }, 'status'],
    ['scheduledAt null', { version: 1, scheduledAt: null }, 'scheduledAt'],
    ['nothing to change', { version: 1 }, 'body'],
    ['unknown field', { version: 1, kind: 'meeting' }, 'kind'],
  ];
  it.each(badPatch)('refuses a bad change (%s) with 400 naming the field, changing nothing', async (_name, body, field) => {
    const f = await schedule();
    const timers = await timerKeys(f.id);
    const res = await patch(lead, f.id, body);
    expect(problemOf(res, 400).errors?.map((e) => e.field)).toContain(field);
    const [row] = await ctx.db.query<{ version: number; status: string }>(`SELECT version, status FROM follow_ups WHERE id = $1`, [f.id]);
    expect(row).toEqual({ version: 1, status: 'planned' });
    expect(await timerKeys(f.id)).toEqual(timers);
  });

  describe('my agenda and its calendar feed', () => {
    let other: TestCase;
    const ids = {} as Record<'soon' | 'later' | 'lead' | 'otherCase' | 'cancelled', string>;

    beforeAll(async () => {
      ctx.clock.reset();
      other = await openCase(ctx, lead, [member], { child: 'Noor', parent: 'Bram' });
      const at = (h: number) => isoIn(ctx, minutes(60 * 24 * 30 + h * 60));
      ids.soon = (
        await schedule({ scheduledAt: at(1), title: 'Secret title Fleur', personIds: [c.childId], remindBeforeMinutes: [60] })
      ).id;
      ids.later = (await schedule({ scheduledAt: at(5), kind: 'phone_call' })).id;
      ids.lead = (await schedule({ scheduledAt: at(2), assigneeId: lead.id })).id;
      const o = await post(lead, `/api/cases/${other.id}/follow-ups`, {
        kind: 'case_conference',
        scheduledAt: at(3),
        assigneeId: member.id,
      });
      ids.otherCase = o.body.id;
      const x = await schedule({ scheduledAt: at(4) });
      await patch(member, x.id, { version: 1, status: 'cancelled', outcome: 'Family moved; Hendrik called' }).expect(200);
      ids.cancelled = x.id;
    });

    const window = () => {
      const from = isoIn(ctx, minutes(60 * 24 * 30));
      const to = isoIn(ctx, minutes(60 * 24 * 31));
      return { from, to };
    };

    it('lists my follow-ups across cases, soonest first, within from and to', async () => {
      const { from, to } = window();
      const res = await get(member, `/api/me/follow-ups?from=${from}&to=${to}`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((f: { id: string }) => f.id)).toEqual([ids.soon, ids.otherCase, ids.cancelled, ids.later]);
      expect(res.body.items[1]).toMatchObject({ caseId: other.id, caseReference: other.reference, kind: 'case_conference' });
      const planned = await get(member, `/api/me/follow-ups?from=${from}&to=${to}&status=planned&limit=1`);
      expect(planned.body.items.map((f: { id: string }) => f.id)).toEqual([ids.soon]);
      const rest = await get(member, `/api/me/follow-ups?from=${from}&to=${to}&status=planned&cursor=${planned.body.nextCursor}`);
      expect(rest.body.items.map((f: { id: string }) => f.id)).toEqual([ids.otherCase, ids.later]);
      const mine = await get(lead, `/api/me/follow-ups?from=${from}&to=${to}`);
      expect(mine.body.items.map((f: { id: string }) => f.id)).toEqual([ids.lead]);
      expect(
        await count(ctx, `SELECT count(*) AS n FROM audit_events WHERE actor_id = $1 AND action = 'follow_up.agenda'`, [member.id]),
      ).toBe(3);
    });

    it('records the agenda with the purpose of the list rule: team_member for a member, coordinator_oversight for a coordinator', async () => {
      const purposes = async (user: TestUser) =>
        (
          await ctx.db.query<{ purpose: string }>(
            `SELECT purpose FROM audit_events WHERE actor_id = $1 AND action = 'follow_up.agenda' ORDER BY seq DESC LIMIT 1`,
            [user.id],
          )
        ).map((r) => r.purpose);
      await get(member, `/api/me/follow-ups`).expect(200);
      await get(coordinator, `/api/me/follow-ups`).expect(200);
      expect({ member: await purposes(member), coordinator: await purposes(coordinator) }).toEqual({
        member: ['team_member'],
        coordinator: ['coordinator_oversight'],
      });
    });

    it.each([
      ['from not a date', '?from=yesterday', 'from'],
      ['to before from', '?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z', 'to'],
      ['status unknown', '?status=open', 'status'],
    ])('refuses a bad agenda query (%s) with 400 naming the field', async (_name, query, field) => {
      expect(problemOf(await get(member, `/api/me/follow-ups${query}`), 400).errors?.map((e) => e.field)).toEqual([field]);
    });

    function checkFeed(res: Response): string {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/calendar; charset=utf-8/);
      const text = res.text;
      expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
      expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
      expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      return text;
    }

    it('serves my agenda as iCalendar to the bearer: UIDs, UTC start times, case references and kinds only', async () => {
      const text = checkFeed(await get(member, `/api/me/follow-ups.ics`));
      const [soon] = await ctx.db.query<{ scheduled_at: Date }>(`SELECT scheduled_at FROM follow_ups WHERE id = $1`, [ids.soon]);
      const utc = soon.scheduled_at
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z')
        .replace(/[-:]/g, '');
      expect(text).toContain(`UID:${ids.soon}@oneroof\r\nDTSTAMP:`);
      expect(text).toContain(`DTSTART:${utc}\r\n`);
      expect(text).toContain(`SUMMARY:${c.reference} home visit\r\n`);
      expect(text).toContain(`SUMMARY:${other.reference} case conference\r\n`);
      expect(text).toContain(`UID:${ids.cancelled}@oneroof`);
      expect(text).toContain('STATUS:CANCELLED');
      expect(text).not.toContain(ids.lead);
      // No personal details: no names of persons, no titles, no outcomes, no ids of persons or users.
      for (const personal of [
        'Fleur',
        'Hendrik',
        'Noor',
        'Bram',
        'Jansen',
        'Secret title',
        'Family moved',
        c.childId,
        member.id,
        lead.id,
      ]) {
        expect({ personal, present: text.includes(personal) }).toEqual({ personal, present: false });
      }
    });

    it('is reachable with a feed token instead, which rotates: the old one is 401 at once', async () => {
      problemOf(await http(ctx).get('/api/me/follow-ups.ics'), 401);
      problemOf(await http(ctx).get('/api/me/follow-ups.ics?token=orf_nonsense'), 401);
      const created = await post(member, '/api/me/follow-ups.ics/token', {});
      expect(created.status).toBe(201);
      const first = created.body.token as string;
      expect(created.body.url).toBe(`/api/me/follow-ups.ics?token=${first}`);
      const viaToken = checkFeed(await http(ctx).get(`/api/me/follow-ups.ics?token=${encodeURIComponent(first)}`));
      expect(viaToken).toContain(`UID:${ids.soon}@oneroof`);
      expect(viaToken).not.toContain(ids.lead);

      // Only a hash is kept.
      const [stored] = await ctx.db.query<{ token_hash: string }>(`SELECT token_hash FROM follow_up_feed_tokens WHERE user_id = $1`, [
        member.id,
      ]);
      expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(
        await count(ctx, `SELECT count(*) AS n FROM follow_up_feed_tokens WHERE token_hash = $1 OR token_hash LIKE $2`, [
          first,
          `%${first.slice(4, 20)}%`,
        ]),
      ).toBe(0);

      const rotated = await post(member, '/api/me/follow-ups.ics/token', {});
      expect(rotated.status).toBe(201);
      expect(rotated.body.token).not.toBe(first);
      problemOf(await http(ctx).get(`/api/me/follow-ups.ics?token=${encodeURIComponent(first)}`), 401);
      checkFeed(await http(ctx).get(`/api/me/follow-ups.ics?token=${encodeURIComponent(rotated.body.token)}`));

      // A deactivated user's token opens nothing.
      await ctx.db.query(`UPDATE users SET active = false WHERE id = $1`, [member.id]);
      try {
        problemOf(await http(ctx).get(`/api/me/follow-ups.ics?token=${encodeURIComponent(rotated.body.token)}`), 401);
      } finally {
        await ctx.db.query(`UPDATE users SET active = true WHERE id = $1`, [member.id]);
      }
    });

    it('never replays a feed token from the idempotency store', async () => {
      const res = await post(lead, '/api/me/follow-ups.ics/token', {}).set('Idempotency-Key', 'rotate-1');
      expect(problemOf(res, 400).errors?.map((e) => e.field)).toEqual(['Idempotency-Key']);
      expect(await count(ctx, `SELECT count(*) AS n FROM idempotency_keys WHERE actor_id = $1`, [lead.id])).toBe(0);
    });
  });
});
