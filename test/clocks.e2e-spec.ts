import { NotificationProcessor } from '@oneroof/notifications';
import { addWorkingDays, workingDaysBetween } from '@oneroof/platform';
import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import { examinationBody, fireTimers, http, interviewBody, isoIn, minutes, outboxEvents } from './intake-support';

/**
 * Issue 13, design.md §8: the clocks, derived from the case (case_clocks in SQL), their timers kept
 * in step by trigger, clock.breached told once to the lead and the coordinators, the lead's explanation.
 */
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const CHECKLIST = {
  safetySituation: 'Mother and children stay with the grandmother',
  risks: 'Father still has a key to the house',
  safetyAgreements: 'No unsupervised contact with the father',
  openActions: 'Talk with the school mentor on Thursday',
  involvedProfessionals: 'GP, school mentor, Veilig Thuis',
  expectations: 'Weekly home visits for the first month',
  familyInformed: true,
};
const ALL_WAIVED = ['police', 'forensic_medicine', 'social_work'].map((discipline) => ({ discipline, reason: 'Not needed here' }));

interface Clock {
  clock: string;
  personId?: string;
  handoverId?: string;
  startedAt: string;
  dueAt: string;
  stoppedAt?: string;
  state: string;
  explanation?: { reason: string };
}

describe('clocks', () => {
  let ctx: TestContext;
  let lead: TestUser;
  let police: TestUser;
  let forensic: TestUser;
  let coordinator: TestUser;
  let outsider: TestUser;
  let receiver: TestUser;

  const post = (user: TestUser, path: string, body: object) => http(ctx).post(path).set('Authorization', user.auth).send(body);
  const clocksOf = async (caseId: string, user = lead): Promise<Clock[]> => {
    const res = await http(ctx).get(`/api/cases/${caseId}/clocks`).set('Authorization', user.auth);
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const find = (clocks: Clock[], clock: string, id?: string) =>
    clocks.find((c) => c.clock === clock && (id === undefined || c.personId === id || c.handoverId === id))!;
  const timers = async (caseId: string) =>
    ctx.db.query<{ key: string; fire_at: Date; fired_at: Date | null }>(
      `SELECT key, fire_at, fired_at FROM timers WHERE key LIKE $1 ORDER BY key`,
      [`clock:${caseId}:%`],
    );

  /** A case reported three hours ago: a child victim, a child witness, a parent; police and forensic on the team. */
  async function openCase(urgency: 'acute' | 'urgent' | 'regular' = 'acute') {
    const reportedAt = new Date(ctx.clock.now().getTime() - 3 * HOUR).toISOString();
    const res = await post(lead, '/api/cases', {
      urgency,
      source: 'police',
      summary: 'Disclosure at school',
      reportedAt,
      persons: [
        { firstName: 'Sanne', lastName: 'Jansen', familyRole: 'child', involvement: 'victim', dateOfBirth: '2016-04-02' },
        { firstName: 'Daan', lastName: 'Jansen', familyRole: 'child', involvement: 'witness', dateOfBirth: '2014-01-09' },
        { firstName: 'Pieter', lastName: 'Jansen', familyRole: 'parent', involvement: 'alleged_perpetrator' },
      ],
    });
    expect(res.status).toBe(201);
    for (const member of [police, forensic]) {
      expect((await post(lead, `/api/cases/${res.body.id}/team`, { userId: member.id })).status).toBe(201);
    }
    const idOf = (name: string) => res.body.persons.find((p: { firstName: string }) => p.firstName === name).id as string;
    const [victim, witness, parent] = [idOf('Sanne'), idOf('Daan'), idOf('Pieter')];
    return { id: res.body.id as string, version: res.body.version as number, reportedAt, victim, witness, parent };
  }

  beforeAll(async () => {
    ctx = await createTestApp();
    lead = await ctx.factory.user({ discipline: 'social_work' });
    police = await ctx.factory.user({ discipline: 'police' });
    forensic = await ctx.factory.user({ discipline: 'forensic_medicine' });
    coordinator = await ctx.factory.coordinator();
    outsider = await ctx.factory.user({ discipline: 'social_work' });
    receiver = await ctx.factory.user({ discipline: 'youth_care' });
  });
  afterEach(() => ctx.clock.reset());
  afterAll(() => ctx.close());

  describe('working days: the SQL twins agree with addWorkingDays', () => {
    const starts = [
      '2026-11-23T10:00:00.000Z', // Monday
      '2026-11-26T09:30:00.000Z', // Thursday
      '2026-11-27T10:00:00.000Z', // Friday
      '2026-11-27T23:30:00.000Z', // Friday in UTC, Saturday in Amsterdam
      '2026-11-28T10:00:00.000Z', // Saturday
      '2026-11-29T10:00:00.000Z', // Sunday
      '2026-03-27T12:00:00.000Z', // the Friday before summer time begins
      '2026-03-28T23:30:00.000Z', // the night summer time begins (Sunday 00:30 in Amsterdam)
      '2026-10-23T22:30:00.000Z', // the Friday before winter time, at 00:30 on the Saturday in Amsterdam
      '2026-10-10T22:53:00.000Z', // Sunday 00:53 in Amsterdam, two weeks before winter time
      '2026-10-25T01:30:00.000Z', // the hour that winter time repeats (02:30 in Amsterdam, the second time)
      '2026-10-26T06:59:59.999Z', // Monday morning after winter time began
    ];
    it.each(starts)('from %s, for 0 to 15 days', async (start) => {
      for (let n = 0; n <= 15; n++) {
        const ts = addWorkingDays(new Date(start), n);
        const [row] = await ctx.db.query<{ due: Date; exact: number; before: number; after: number }>(
          `SELECT add_working_days($1, $2) AS due, working_days_between($1, $3) AS exact,
                  working_days_between($1, $3::timestamptz - interval '1 millisecond') AS before,
                  working_days_between($1, $3::timestamptz + interval '1 millisecond') AS after`,
          [start, n, ts.toISOString()],
        );
        expect([n, row.due.toISOString()]).toEqual([n, ts.toISOString()]);
        expect([n, row.exact]).toEqual([n, n]);
        if (n > 0) expect([n, row.before]).toEqual([n, n]);
        expect([n, row.after]).toEqual([n, n + 1]);
      }
    });
  });

  it('working days: SQL and TypeScript agree over a year of starts every 7 h 13 min (both summer-time changes)', async () => {
    const starts: string[] = [];
    for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 7 * HOUR + 13 * 60_000) {
      starts.push(new Date(t).toISOString());
    }
    const ns = starts.map((_, i) => i % 17);
    const ends = starts.map((start, i) => new Date(Date.parse(start) + ((i * 37) % 400) * HOUR - HOUR).toISOString());
    const rows = await ctx.db.query<{ due: Date; between: number }>(
      `SELECT add_working_days(s, n) AS due, working_days_between(s, e) AS between
         FROM unnest($1::timestamptz[], $2::int[], $3::timestamptz[]) WITH ORDINALITY AS x(s, n, e, i) ORDER BY i`,
      [starts, ns, ends],
    );
    const mismatches = starts.flatMap((start, i) => {
      const due = addWorkingDays(new Date(start), ns[i]).toISOString();
      const between = workingDaysBetween(new Date(start), new Date(ends[i]));
      return due === rows[i].due.toISOString() && between === rows[i].between
        ? []
        : [{ start, n: ns[i], ts: [due, between], sql: [rows[i].due.toISOString(), rows[i].between] }];
    });
    expect(starts.length).toBeGreaterThan(1000);
    expect(mismatches).toEqual([]);
  });

  describe('derivation', () => {
    it.each([
      ['acute', { intake_scheduled: 1, child_interviewed: 5, child_examined: 1, intake_concluded: 5 }],
      ['urgent', { intake_scheduled: 3, child_interviewed: 10, child_examined: 5, intake_concluded: 10 }],
      ['regular', { intake_scheduled: 5, child_interviewed: 10, child_examined: 10, intake_concluded: 15 }],
    ] as const)('a new %s case runs these clocks from reportedAt, with their targets', async (urgency, targets) => {
      const c = await openCase(urgency);
      const clocks = await clocksOf(c.id);
      const due = (days: number) => addWorkingDays(new Date(c.reportedAt), days).toISOString();
      expect(clocks).toEqual(
        expect.arrayContaining([
          { clock: 'intake_scheduled', startedAt: c.reportedAt, dueAt: due(targets.intake_scheduled), state: 'running' },
          {
            clock: 'child_interviewed',
            personId: c.victim,
            startedAt: c.reportedAt,
            dueAt: due(targets.child_interviewed),
            state: 'running',
          },
          {
            clock: 'child_interviewed',
            personId: c.witness,
            startedAt: c.reportedAt,
            dueAt: due(targets.child_interviewed),
            state: 'running',
          },
          { clock: 'child_examined', personId: c.victim, startedAt: c.reportedAt, dueAt: due(targets.child_examined), state: 'running' },
          { clock: 'intake_concluded', startedAt: c.reportedAt, dueAt: due(targets.intake_concluded), state: 'running' },
        ]),
      );
      // No clock for the parent, none for examining a witness.
      expect(clocks).toHaveLength(5);
      expect((await timers(c.id)).map((t) => [t.key.split(':').slice(2).join(':'), t.fire_at.toISOString()]).sort()).toEqual(
        clocks.map((k) => [`${k.clock}:${k.personId ?? 'case'}`, k.dueAt]).sort(),
      );
    });

    it('stops each clock by what happens, met before its target, and drops its timer', async () => {
      const c = await openCase('regular');
      expect((await post(lead, `/api/cases/${c.id}/intake`, { scheduledAt: isoIn(ctx, DAY), participantIds: [] })).status).toBe(201);
      expect((await post(police, `/api/cases/${c.id}/interviews`, interviewBody(c.victim))).status).toBe(201);
      expect((await post(forensic, `/api/cases/${c.id}/examinations`, examinationBody(c.victim))).status).toBe(201);
      let clocks = await clocksOf(c.id);
      expect(find(clocks, 'intake_scheduled')).toMatchObject({ state: 'met', stoppedAt: expect.any(String) });
      expect(find(clocks, 'child_interviewed', c.victim)).toMatchObject({ state: 'met' });
      expect(find(clocks, 'child_interviewed', c.witness)).toMatchObject({ state: 'running' });
      expect(find(clocks, 'child_examined', c.victim)).toMatchObject({ state: 'met' });
      expect((await timers(c.id)).map((t) => t.key.split(':').slice(2).join(':')).sort()).toEqual(
        [`child_interviewed:${c.witness}`, 'intake_concluded:case'].sort(),
      );
      const concluded = await post(lead, `/api/cases/${c.id}/intake/conclude`, {
        decision: 'Voluntary help',
        safety: 'conditionally_safe',
        leadUserId: lead.id,
        actions: [],
        waivedDisciplines: ALL_WAIVED,
      });
      expect(concluded.status).toBe(200);
      clocks = await clocksOf(c.id);
      expect(find(clocks, 'intake_concluded')).toMatchObject({ state: 'met' });
      expect(find(clocks, 'child_interviewed', c.witness)).toMatchObject({ state: 'running' });
    });

    it('a waiver of forensic medicine at the conclusion stops the examination clock', async () => {
      const c = await openCase('regular');
      await post(lead, `/api/cases/${c.id}/intake`, { scheduledAt: isoIn(ctx, DAY), participantIds: [] }).expect(201);
      await post(lead, `/api/cases/${c.id}/intake/conclude`, {
        decision: 'Voluntary help',
        safety: 'safe',
        leadUserId: lead.id,
        actions: [],
        waivedDisciplines: ALL_WAIVED,
      }).expect(200);
      const examined = find(await clocksOf(c.id), 'child_examined', c.victim);
      expect(examined).toMatchObject({ state: 'met', stoppedAt: expect.any(String) });
    });

    it('first_conference runs from the conclusion to the first held conference, with its timer', async () => {
      const c = await openCase('urgent');
      await post(lead, `/api/cases/${c.id}/intake`, { scheduledAt: isoIn(ctx, DAY), participantIds: [] }).expect(201);
      expect((await clocksOf(c.id)).some((k) => k.clock === 'first_conference')).toBe(false);
      const concluded = await post(lead, `/api/cases/${c.id}/intake/conclude`, {
        decision: 'Voluntary help',
        safety: 'conditionally_safe',
        leadUserId: lead.id,
        actions: [],
        waivedDisciplines: ALL_WAIVED,
      });
      expect(concluded.status).toBe(200);
      const [{ concluded_at }] = await ctx.db.query<{ concluded_at: Date }>(`SELECT concluded_at FROM intakes WHERE case_id = $1`, [c.id]);
      const first = find(await clocksOf(c.id), 'first_conference');
      expect(first).toEqual({
        clock: 'first_conference',
        startedAt: concluded_at.toISOString(),
        dueAt: addWorkingDays(concluded_at, 10).toISOString(),
        state: 'running',
      });
      const key = `clock:${c.id}:first_conference:case`;
      expect((await timers(c.id)).find((t) => t.key === key)?.fire_at.toISOString()).toBe(first.dueAt);

      // A cancelled conference stops nothing; the first held one does.
      const conference = (heldIn: number) =>
        post(lead, `/api/cases/${c.id}/conferences`, {
          kind: 'planning',
          scheduledAt: new Date(ctx.clock.now().getTime() - heldIn).toISOString(),
          chairId: lead.id,
          participantIds: [police.id],
        });
      const planned = await conference(2 * minutes(1));
      expect(planned.status).toBe(201);
      const held = await post(lead, `/api/conferences/${planned.body.id}/record`, {
        heldAt: new Date(ctx.clock.now().getTime() - minutes(1)).toISOString(),
        familyParticipation: { mode: 'present' },
        childView: { mode: 'heard', summary: 'Wants to stay at school' },
        minutes: 'Plan agreed',
        decisions: [{ text: 'Start a safety plan', rationale: 'Conditional safety' }],
      });
      expect(held.status).toBe(200);
      expect(find(await clocksOf(c.id), 'first_conference')).toMatchObject({ state: 'met', stoppedAt: held.body.heldAt });
      expect((await timers(c.id)).some((t) => t.key === key)).toBe(false);
    });

    it('first_conference breaches past its target and is told once', async () => {
      const c = await openCase('acute');
      await post(lead, `/api/cases/${c.id}/intake`, { scheduledAt: isoIn(ctx, DAY), participantIds: [] }).expect(201);
      await post(lead, `/api/cases/${c.id}/intake/conclude`, {
        decision: 'Voluntary help',
        safety: 'safe',
        leadUserId: lead.id,
        actions: [],
        waivedDisciplines: ALL_WAIVED,
      }).expect(200);
      const due = find(await clocksOf(c.id), 'first_conference').dueAt;
      ctx.clock.advance(new Date(due).getTime() - ctx.clock.now().getTime() + minutes(1));
      expect(find(await clocksOf(c.id), 'first_conference')).toMatchObject({ state: 'breached' });
      await fireTimers(ctx);
      await fireTimers(ctx);
      const told = (await outboxEvents(ctx, 'clock.breached', c.id)).filter((e) => e.payload.clock === 'first_conference');
      expect(told).toHaveLength(1);
      expect(told[0].payload).toMatchObject({ clock: 'first_conference', dueAt: due });
    });

    it('a stop after the target is breached; a running clock past its target is breached', async () => {
      const c = await openCase('acute');
      ctx.clock.advance(2 * DAY + HOUR); // acute: 1 working day; two calendar days later is always past it
      expect(find(await clocksOf(c.id), 'intake_scheduled')).toMatchObject({ state: 'breached' });
      expect(find(await clocksOf(c.id), 'intake_scheduled').stoppedAt).toBeUndefined();
      await post(lead, `/api/cases/${c.id}/intake`, { scheduledAt: isoIn(ctx, DAY), participantIds: [] }).expect(201);
      expect(find(await clocksOf(c.id), 'intake_scheduled')).toMatchObject({ state: 'breached', stoppedAt: expect.any(String) });
    });

    it('a handover runs a clock to its respondBy, stopped by the answer', async () => {
      const c = await openCase('regular');
      const respondBy = isoIn(ctx, 3 * DAY);
      const h = await post(lead, `/api/cases/${c.id}/handovers`, {
        toUserId: receiver.id,
        reason: 'Moving',
        checklist: CHECKLIST,
        respondBy,
      });
      expect(h.status).toBe(201);
      expect(find(await clocksOf(c.id), 'handover_accepted', h.body.id)).toMatchObject({
        startedAt: h.body.proposedAt,
        dueAt: respondBy,
        state: 'running',
      });
      expect((await post(lead, `/api/handovers/${h.body.id}/withdraw`, { reason: 'Not needed' })).status).toBe(200);
      expect(find(await clocksOf(c.id), 'handover_accepted', h.body.id)).toMatchObject({ state: 'met', stoppedAt: expect.any(String) });
      expect((await timers(c.id)).some((t) => t.key.includes(h.body.id))).toBe(false);
    });

    it('reads under the case rule (coordinator yes, outsider 404) and audits the read', async () => {
      const c = await openCase();
      await clocksOf(c.id, coordinator);
      problemOf(await http(ctx).get(`/api/cases/${c.id}/clocks`).set('Authorization', outsider.auth), 404);
      const audit = await ctx.db.query<{ outcome: string }>(
        `SELECT outcome FROM audit_events WHERE case_id = $1 AND action = 'case.clocks.read' ORDER BY seq`,
        [c.id],
      );
      expect(audit.map((a) => a.outcome)).toEqual(['success', 'denied']);
    });
  });

  describe('the breach timer', () => {
    const processor = () => new NotificationProcessor(ctx.db);
    const breachesOf = async (caseId: string) => outboxEvents(ctx, 'clock.breached', caseId);

    it('fires once at dueAt, telling the lead and the coordinators, and the lead explains it', async () => {
      const c = await openCase('acute');
      const due = find(await clocksOf(c.id), 'intake_scheduled').dueAt;
      ctx.clock.advance(new Date(due).getTime() - ctx.clock.now().getTime() - minutes(1));
      await fireTimers(ctx);
      expect(await breachesOf(c.id)).toHaveLength(0);
      ctx.clock.advance(minutes(2));
      await fireTimers(ctx);
      await fireTimers(ctx);
      const events = (await breachesOf(c.id)).filter((e) => e.payload.clock === 'intake_scheduled');
      expect(events).toHaveLength(1);
      expect(events[0].payload).toMatchObject({ caseId: c.id, clock: 'intake_scheduled', dueAt: due });
      expect(await processor().process(events[0].id, 'clock.breached')).toEqual({ outcome: 'processed', notified: 2 });
      const recipients = await ctx.db.query<{ recipient_id: string }>(`SELECT recipient_id FROM notifications WHERE event_id = $1`, [
        events[0].id,
      ]);
      expect(recipients.map((r) => r.recipient_id).sort()).toEqual([lead.id, coordinator.id].sort());
      // Rescheduling anything else in the case does not arm it again.
      await http(ctx)
        .patch(`/api/cases/${c.id}`)
        .set('Authorization', lead.auth)
        .send({ version: c.version, summary: 'More known' })
        .expect(200);
      await fireTimers(ctx);
      expect((await breachesOf(c.id)).filter((e) => e.payload.clock === 'intake_scheduled')).toHaveLength(1);

      // Explanations: the lead only.
      const body = { clock: 'intake_scheduled', reason: 'The family could not be reached over the weekend' };
      problemOf(await post(police, `/api/cases/${c.id}/clocks/explanations`, body), 403);
      problemOf(await post(outsider, `/api/cases/${c.id}/clocks/explanations`, body), 404);
      const notBreached = problemOf(
        await post(lead, `/api/cases/${c.id}/clocks/explanations`, { ...body, clock: 'child_interviewed', personId: c.victim }),
        422,
      );
      expect(notBreached.errors?.map((e) => e.field)).toEqual(['clock']);
      problemOf(await post(lead, `/api/cases/${c.id}/clocks/explanations`, { ...body, clock: 'first_conference' }), 422);
      problemOf(await post(lead, `/api/cases/${c.id}/clocks/explanations`, { ...body, clock: 'no_such_clock' }), 400);
      const explained = await post(lead, `/api/cases/${c.id}/clocks/explanations`, body);
      expect(explained.status).toBe(201);
      expect(explained.body).toMatchObject({
        clock: 'intake_scheduled',
        state: 'breached',
        explanation: { reason: body.reason, explainedBy: lead.id },
      });
      expect(find(await clocksOf(c.id), 'intake_scheduled').explanation).toMatchObject({ reason: body.reason });
    });

    it('moves with the target when the urgency changes, and is dropped when the clock stops', async () => {
      const c = await openCase('regular');
      const key = `clock:${c.id}:intake_scheduled:case`;
      const fireAt = async () => (await timers(c.id)).find((t) => t.key === key)?.fire_at.toISOString();
      expect(await fireAt()).toBe(addWorkingDays(new Date(c.reportedAt), 5).toISOString());
      await http(ctx)
        .patch(`/api/cases/${c.id}`)
        .set('Authorization', lead.auth)
        .send({ version: c.version, urgency: 'acute' })
        .expect(200);
      expect(await fireAt()).toBe(addWorkingDays(new Date(c.reportedAt), 1).toISOString());
      await post(lead, `/api/cases/${c.id}/intake`, { scheduledAt: isoIn(ctx, DAY), participantIds: [] }).expect(201);
      expect(await fireAt()).toBeUndefined();
      ctx.clock.advance(30 * DAY);
      await fireTimers(ctx);
      expect((await breachesOf(c.id)).filter((e) => e.payload.clock === 'intake_scheduled')).toHaveLength(0);
    });

    it('tells no one when the clock stopped after the timer fired but before the event was processed', async () => {
      const c = await openCase('acute');
      ctx.clock.advance(2 * DAY + HOUR);
      await fireTimers(ctx);
      const [event] = (await breachesOf(c.id)).filter((e) => e.payload.clock === 'intake_scheduled');
      await post(lead, `/api/cases/${c.id}/intake`, { scheduledAt: isoIn(ctx, DAY), participantIds: [] }).expect(201);
      expect(await processor().process(event.id, 'clock.breached')).toEqual({ outcome: 'processed', notified: 0 });
    });
  });

  // The figures read case_clock_summary, which the triggers keep in the write transaction (migration
  // 1766000200000): after every case this file made, it holds exactly the rows the view derives.
  it('keeps the clock summary equal to case_clock_rows after every write above', async () => {
    const [{ rows }] = await ctx.db.query<{ rows: number }>(`SELECT count(*)::int AS rows FROM case_clock_summary`);
    expect(rows).toBeGreaterThan(0);
    expect(await ctx.db.query(`SELECT case_clock_summary_drift()::int AS drift`)).toEqual([{ drift: 0 }]);
  });
});
