import { amsterdamDate } from '@oneroof/conferences';
import { createTestApp, type TestContext, type TestUser } from '@oneroof/testing';
import { auditDelta, call, DAY, isoAt, MINUTE } from './support';

const HOUR = 60 * MINUTE;

const CHECKLIST = {
  safetySituation: 'Mother and children stay with the grandmother',
  risks: 'Father still has a key',
  safetyAgreements: 'No unsupervised contact',
  openActions: 'School mentor on Thursday',
  involvedProfessionals: 'GP, school mentor',
  expectations: 'Weekly visits',
  familyInformed: true,
};

interface Reason {
  reason: string;
  at: string | null;
  subjectId: string | null;
  clock: string | null;
}

interface Clock {
  clock: string;
  personId?: string;
  handoverId?: string;
  dueAt: string;
  stoppedAt?: string;
  state: string;
}

interface AgendaItem {
  source: string;
  reason: string;
  at: string;
  subjectId: string;
  restricted: boolean;
  detail: Record<string, unknown> | null;
}

/**
 * design.md §7 with the clocks of §8: "clocks breached" on a conference's agenda and on the review
 * roster. A clock that still runs past its dueAt is listed, naming the clock (and its child or
 * handover where it has one); a clock that stopped, late or in time, is not. The cases here are
 * acute (targets of one and five working days) and reported in the past, so that nothing waits.
 */
describe('breached clocks on the agenda and the review roster', () => {
  let ctx: TestContext;
  let lead: TestUser;
  let police: TestUser;
  let coordinator: TestUser;
  let outsider: TestUser;
  let receiver: TestUser;

  const now = () => ctx.clock.now().getTime();
  const as = (user: TestUser) => call(ctx, user);

  /** An acute case reported `ago` ms before now, with a child victim and a parent; police on the team. */
  const openReported = async (ago: number) => {
    const res = await as(lead).post('/api/cases', {
      urgency: 'acute',
      source: 'police',
      summary: 'Disclosure at school',
      reportedAt: isoAt(now() - ago),
      persons: [
        { firstName: 'Sanne', lastName: 'Jansen', familyRole: 'child', involvement: 'victim', dateOfBirth: '2016-04-02' },
        { firstName: 'Pieter', lastName: 'Jansen', familyRole: 'parent', involvement: 'alleged_perpetrator' },
      ],
    });
    if (res.status !== 201) throw new Error(`open case: ${res.status} ${res.text}`);
    await as(lead).post(`/api/cases/${res.body.id}/team`, { userId: police.id }).expect(201);
    const child = (res.body.persons as { id: string; familyRole: string }[]).find((p) => p.familyRole === 'child')!;
    return { id: res.body.id as string, reference: res.body.reference as string, childId: child.id };
  };
  const clocksOf = async (caseId: string): Promise<Clock[]> => {
    const res = await as(lead).get(`/api/cases/${caseId}/clocks`);
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const scheduleIntake = (caseId: string) =>
    as(lead)
      .post(`/api/cases/${caseId}/intake`, { scheduledAt: isoAt(now() + DAY), participantIds: [] })
      .expect(201);
  const roster = async (user: TestUser, date?: string) => {
    const res = await as(user).get(`/api/review-roster?limit=200${date ? `&date=${date}` : ''}`);
    expect(res.status).toBe(200);
    return res.body as { items: { caseId: string; reasons: Reason[] }[] };
  };
  const reasonsOf = (body: { items: { caseId: string; reasons: Reason[] }[] }, caseId: string) =>
    body.items.find((r) => r.caseId === caseId)?.reasons;
  const breachedClocksOf = (body: { items: { caseId: string; reasons: Reason[] }[] }, caseId: string) =>
    (reasonsOf(body, caseId) ?? [])
      .filter((r) => r.reason === 'clock_breached')
      .map((r) => r.clock)
      .sort();

  beforeAll(async () => {
    ctx = await createTestApp();
    lead = await ctx.factory.user({ discipline: 'social_work' });
    police = await ctx.factory.user({ discipline: 'police' });
    coordinator = await ctx.factory.coordinator();
    outsider = await ctx.factory.user();
    receiver = await ctx.factory.user();
  });

  afterAll(async () => {
    await ctx?.close();
  });

  describe('the review roster', () => {
    it('lists a clock that runs past its dueAt as clock_breached with the clock; a clock stopped late or in time is not listed', async () => {
      const late = await openReported(20 * DAY);
      const fresh = await openReported(HOUR);

      const { result: today, events } = await auditDelta(ctx, () => roster(lead));
      // Twenty calendar days hold at least fourteen working days: every clock of an acute case ran out.
      expect(breachedClocksOf(today, late.id)).toEqual(['child_examined', 'child_interviewed', 'intake_concluded', 'intake_scheduled']);
      const clocks = await clocksOf(late.id);
      for (const reason of reasonsOf(today, late.id)!.filter((r) => r.reason === 'clock_breached')) {
        // Its moment is the clock's dueAt; the roster names no person (the child's clocks have no subject).
        expect(reason).toEqual({
          reason: 'clock_breached',
          clock: reason.clock,
          at: clocks.find((c) => c.clock === reason.clock)!.dueAt,
          subjectId: null,
        });
      }
      expect(reasonsOf(today, late.id)!.map((r) => r.reason)).toContain('no_planning_conference');
      // Running, but not yet due.
      expect(breachedClocksOf(today, fresh.id)).toEqual([]);
      expect(events.map((e) => [e.action, e.outcome, e.person_ids])).toEqual([['review_roster.read', 'success', []]]);

      // Scheduling the intake stops intake_scheduled after its target: breached, but settled.
      await scheduleIntake(late.id);
      expect((await clocksOf(late.id)).find((c) => c.clock === 'intake_scheduled')).toMatchObject({
        state: 'breached',
        stoppedAt: expect.any(String),
      });
      expect(breachedClocksOf(await roster(lead), late.id)).toEqual(['child_examined', 'child_interviewed', 'intake_concluded']);

      // In time: fresh's intake_scheduled is met. Ten days on, its other clocks will have run out; that one not.
      await scheduleIntake(fresh.id);
      expect((await clocksOf(fresh.id)).find((c) => c.clock === 'intake_scheduled')).toMatchObject({ state: 'met' });
      const inTenDays = amsterdamDate(new Date(now() + 10 * DAY));
      expect(breachedClocksOf(await roster(lead, inTenDays), fresh.id)).toEqual([
        'child_examined',
        'child_interviewed',
        'intake_concluded',
      ]);
      expect(breachedClocksOf(await roster(lead), fresh.id)).toEqual([]);

      // Coordinators see every case's reasons; an outsider sees neither case.
      expect(breachedClocksOf(await roster(coordinator), late.id)).toEqual(['child_examined', 'child_interviewed', 'intake_concluded']);
      const forOutsider = await roster(outsider);
      expect(reasonsOf(forOutsider, late.id)).toBeUndefined();
      expect(reasonsOf(forOutsider, fresh.id)).toBeUndefined();
    });

    it('names the handover behind a handover_accepted clock, until the handover is answered', async () => {
      const c = await openReported(HOUR);
      await scheduleIntake(c.id);
      const respondBy = isoAt(now() + DAY);
      const h = await as(lead).post(`/api/cases/${c.id}/handovers`, { toUserId: receiver.id, checklist: CHECKLIST, respondBy });
      expect(h.status).toBe(201);
      const inFiveDays = amsterdamDate(new Date(now() + 5 * DAY));
      const later = reasonsOf(await roster(lead, inFiveDays), c.id)!;
      expect(later.filter((r) => r.clock === 'handover_accepted')).toEqual([
        { reason: 'clock_breached', clock: 'handover_accepted', at: respondBy, subjectId: h.body.id },
      ]);
      expect(later.find((r) => r.reason === 'handover_response_due')).toMatchObject({ subjectId: h.body.id, clock: null });

      await as(lead)
        .post(`/api/handovers/${h.body.id}/withdraw`, { reason: 'Team stays on the case', version: h.body.version })
        .expect(200);
      expect((await clocksOf(c.id)).find((k) => k.clock === 'handover_accepted')).toMatchObject({ stoppedAt: expect.any(String) });
      const after = reasonsOf(await roster(lead, inFiveDays), c.id) ?? [];
      expect(after.filter((r) => r.clock === 'handover_accepted' || r.subjectId === h.body.id)).toEqual([]);
    });
  });

  describe('the agenda', () => {
    const agendaOf = async (user: TestUser, conferenceId: string) => {
      const res = await as(user).get(`/api/conferences/${conferenceId}/agenda`);
      expect(res.status).toBe(200);
      return (res.body.items as AgendaItem[]).filter((i) => i.source === 'clock');
    };
    const schedule = async (caseId: string) => {
      const res = await as(lead).post(`/api/cases/${caseId}/conferences`, {
        kind: 'planning',
        scheduledAt: isoAt(now() + DAY),
        chairId: lead.id,
        participantIds: [police.id],
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };

    it('lists each clock running past its dueAt as a clock item naming the clock and its child; a stopped one is not listed', async () => {
      const late = await openReported(20 * DAY);
      const conference = await schedule(late.id);

      const { result: items, events } = await auditDelta(ctx, () => agendaOf(lead, conference));
      const clocks = await clocksOf(late.id);
      expect(items.map((i) => i.detail?.clock).sort()).toEqual([
        'child_examined',
        'child_interviewed',
        'intake_concluded',
        'intake_scheduled',
      ]);
      for (const item of items) {
        const clock = clocks.find((c) => c.clock === item.detail?.clock)!;
        expect(item).toMatchObject({ reason: 'breached', at: clock.dueAt, restricted: false });
        expect(new Date(item.detail?.dueAt as string).toISOString()).toBe(clock.dueAt);
        // The subject is the child the clock runs for, else the case.
        expect(item.subjectId).toBe(clock.personId ?? late.id);
        expect(item.detail?.personId ?? null).toBe(clock.personId ?? null);
      }
      expect(items.find((i) => i.detail?.clock === 'child_interviewed')!.subjectId).toBe(late.childId);
      // One audit event, naming the child the clocks run for.
      expect(events.map((e) => [e.action, e.resource_id, e.outcome])).toEqual([['conference.agenda', conference, 'success']]);
      expect(events[0].person_ids).toContain(late.childId);
      // The agenda is one case's: its event names that case, so the case's access log shows the read.
      expect(events[0].case_id).toBe(late.id);
      // Clocks hold no discipline's content: the police officer on the team reads the same items.
      expect((await agendaOf(police, conference)).map((i) => [i.detail?.clock, i.restricted])).toEqual(
        items.map((i) => [i.detail?.clock, false]),
      );

      // Stopped late (breached, settled): off the agenda.
      await scheduleIntake(late.id);
      expect((await agendaOf(lead, conference)).map((i) => i.detail?.clock).sort()).toEqual([
        'child_examined',
        'child_interviewed',
        'intake_concluded',
      ]);

      // A case whose clocks all run within their targets has no clock item.
      const fresh = await openReported(HOUR);
      expect(await agendaOf(lead, await schedule(fresh.id))).toEqual([]);
    });
  });
});
