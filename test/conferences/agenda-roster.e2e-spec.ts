import { randomUUID } from 'node:crypto';
import { amsterdamDate } from '@oneroof/conferences';
import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import { http, interviewBody, type TestCase } from '../intake-support';
import { auditDelta, call, DAY, isoAt, MINUTE, openFamilyCase } from './support';

const CHECKLIST = {
  safetySituation: 'Mother and children stay with the grandmother',
  risks: 'Father still has a key',
  safetyAgreements: 'No unsupervised contact',
  openActions: 'School mentor on Thursday',
  involvedProfessionals: 'GP, school mentor',
  expectations: 'Weekly visits',
  familyInformed: true,
};

/**
 * design.md §7 agenda of a conference and the review roster: each item and row names its sources,
 * restricted records appear as their existence only, outsiders see nothing, one audit event each.
 */
describe('conference agenda and review roster', () => {
  let ctx: TestContext;
  let lead: TestUser;
  let police: TestUser;
  let forensic: TestUser;
  let coordinator: TestUser;
  let outsider: TestUser;
  let receiver: TestUser;

  const now = () => ctx.clock.now().getTime();
  const as = (user: TestUser) => call(ctx, user);
  const schedule = async (c: TestCase, body: Record<string, unknown> = {}) => {
    const res = await as(lead).post(`/api/cases/${c.id}/conferences`, {
      kind: 'review',
      scheduledAt: isoAt(now() - 2 * MINUTE),
      chairId: lead.id,
      participantIds: [police.id],
      ...body,
    });
    if (res.status !== 201) throw new Error(`schedule: ${res.status} ${res.text}`);
    return res.body as { id: string };
  };
  const recordHeld = async (id: string, nextReviewAt: string) => {
    const res = await as(lead).post(`/api/conferences/${id}/record`, {
      heldAt: isoAt(now() - MINUTE),
      familyParticipation: { mode: 'present' },
      childView: { mode: 'heard', summary: 'x' },
      nextReviewAt,
    });
    if (res.status !== 200) throw new Error(`record: ${res.status} ${res.text}`);
  };
  const plan = async (c: TestCase) => {
    // openCase's person order is not guaranteed: find the alleged perpetrator by involvement.
    const [perpetrator] = await ctx.db.query<{ id: string }>(
      `SELECT id FROM case_persons WHERE case_id = $1 AND involvement = 'alleged_perpetrator'`,
      [c.id],
    );
    const res = await as(lead).post(`/api/cases/${c.id}/safety-plans`, {
      phase: 'immediate_safety',
      agreedAt: isoAt(now() - 10 * DAY),
      agreements: [
        { text: 'Father stays away', personIds: [c.parentId], responsibleUserId: lead.id, checkEveryDays: 7 },
        { text: 'Mother calls', personIds: [c.childId], responsibleUserId: lead.id, checkEveryDays: 30 },
      ],
      goals: [{ personId: perpetrator.id, track: 'perpetrator_programme', text: 'Programme' }],
      reviewAt: isoAt(now() + 30 * DAY),
    });
    if (res.status !== 201) throw new Error(`plan: ${res.status} ${res.text}`);
    return res.body as { id: string; agreements: { id: string }[] };
  };
  const roster = (user: TestUser, query = '') => as(user).get(`/api/review-roster${query}`);
  const rowOf = (body: { items: { caseId: string; reasons: { reason: string }[] }[] }, caseId: string) =>
    body.items.find((r) => r.caseId === caseId)?.reasons.map((r) => r.reason);

  beforeAll(async () => {
    ctx = await createTestApp();
    lead = await ctx.factory.user({ discipline: 'social_work' });
    police = await ctx.factory.user({ discipline: 'police' });
    forensic = await ctx.factory.user({ discipline: 'forensic_medicine' });
    coordinator = await ctx.factory.coordinator();
    outsider = await ctx.factory.user();
    receiver = await ctx.factory.user();
  });

  afterAll(async () => {
    await ctx?.close();
  });

  describe('the agenda', () => {
    it('names the source of each item, newest first: missing contributions, follow-ups, handovers, agreements, records', async () => {
      const c = await openFamilyCase(ctx, lead, [police, forensic]);
      await as(lead)
        .post(`/api/cases/${c.id}/intake`, { scheduledAt: isoAt(now() + DAY), participantIds: [police.id] })
        .expect(201);
      const interview = await as(police).post(
        `/api/cases/${c.id}/interviews`,
        interviewBody(c.childId, { summary: 'What the child told the police' }),
      );
      expect(interview.status).toBe(201);
      const overdue = await as(lead).post(`/api/cases/${c.id}/follow-ups`, {
        kind: 'home_visit',
        scheduledAt: isoAt(now() - DAY),
        assigneeId: lead.id,
        personIds: [c.childId],
      });
      expect(overdue.status).toBe(201);
      const later = await as(lead).post(`/api/cases/${c.id}/follow-ups`, {
        kind: 'phone_call',
        scheduledAt: isoAt(now() + 90 * DAY),
        assigneeId: lead.id,
      });
      const handover = await as(lead).post(`/api/cases/${c.id}/handovers`, { toUserId: receiver.id, checklist: CHECKLIST });
      expect(handover.status).toBe(201);
      const p = await plan(c);
      await as(lead)
        .post(`/api/cases/${c.id}/safety-plan/agreements/${p.agreements[1].id}/checks`, {
          checkedAt: isoAt(now() - MINUTE),
          result: 'broken',
          note: 'He came by',
        })
        .expect(201);
      const conf = await schedule(c);

      const { result: agenda, events } = await auditDelta(ctx, () => as(forensic).get(`/api/conferences/${conf.id}/agenda`));
      expect(agenda.status).toBe(200);
      const items = agenda.body.items as {
        source: string;
        reason: string;
        subjectId: string;
        restricted: boolean;
        detail: Record<string, unknown> | null;
        at: string;
      }[];
      const seen = items.map((i) => `${i.source}:${i.reason}:${i.subjectId}`);
      expect(seen).toEqual(
        expect.arrayContaining([
          `follow_up:overdue:${overdue.body.id}`,
          `handover:open:${handover.body.id}`,
          `safety_plan:agreement_broken:${p.agreements[1].id}`,
          `safety_plan:check_due:${p.agreements[0].id}`,
          `record:interview.recorded:${interview.body.id}`,
        ]),
      );
      expect(
        items
          .filter((i) => i.source === 'intake')
          .map((i) => i.detail?.discipline)
          .sort(),
      ).toEqual(['forensic_medicine', 'social_work']);
      expect(seen).not.toContain(`follow_up:due_before_review:${later.body.id}`);
      expect(seen.some((s) => s.includes(later.body.id))).toBe(false);
      // Newest facts first.
      const times = items.map((i) => new Date(i.at).getTime());
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      // The police interview is only its existence for the forensic doctor, in full for police.
      const record = items.find((i) => i.source === 'record')!;
      expect(record).toMatchObject({ restricted: true, restrictedTo: 'police', detail: { authorId: police.id } });
      expect(JSON.stringify(agenda.body)).not.toContain('What the child told the police');
      const forPolice = (await as(police).get(`/api/conferences/${conf.id}/agenda`)).body.items.find(
        (i: { source: string }) => i.source === 'record',
      );
      expect(forPolice).toMatchObject({ restricted: false, detail: { summary: 'What the child told the police' } });
      // Emergency access is team-level visibility: a police officer who broke the glass reads the
      // police interview as the rest of the team does, as its existence only (issue 15, finding 13).
      const glass = await ctx.factory.user({ discipline: 'police' });
      await as(glass)
        .post(`/api/cases/${c.id}/emergency-access`, { reason: 'Child brought to the emergency room tonight, need the history' })
        .expect(201);
      const forGlass = await as(glass).get(`/api/conferences/${conf.id}/agenda`);
      expect(forGlass.status).toBe(200);
      expect(forGlass.body.items.find((i: { source: string }) => i.source === 'record')).toMatchObject({ restricted: true });
      expect(JSON.stringify(forGlass.body)).not.toContain('What the child told the police');
      // One audit event, naming the persons of what the reader saw (not those of the masked interview).
      expect(events.map((e) => [e.action, e.resource_id, e.outcome])).toEqual([['conference.agenda', conf.id, 'success']]);
      expect([...events[0].person_ids].sort()).toEqual([c.childId, c.parentId].sort());

      expect(problemOf(await as(coordinator).get(`/api/conferences/${conf.id}/agenda`), 403).code).toBe('CASE_ACTION_FORBIDDEN');
      expect(problemOf(await as(outsider).get(`/api/conferences/${conf.id}/agenda`), 404).code).toBe('CONFERENCE_NOT_FOUND');
      expect(problemOf(await as(outsider).get(`/api/conferences/${randomUUID()}/agenda`), 404).code).toBe('CONFERENCE_NOT_FOUND');
    });

    it('counts follow-ups due before the next review set by the last held conference', async () => {
      const c = await openFamilyCase(ctx, lead, [police]);
      const first = await schedule(c, { kind: 'planning' });
      await recordHeld(first.id, isoAt(now() + 60 * DAY));
      const soon = await as(lead).post(`/api/cases/${c.id}/follow-ups`, {
        kind: 'phone_call',
        scheduledAt: isoAt(now() + 30 * DAY),
        assigneeId: lead.id,
      });
      const next = await schedule(c);
      const items = (await as(lead).get(`/api/conferences/${next.id}/agenda`)).body.items as {
        source: string;
        reason: string;
        subjectId: string;
      }[];
      expect(items.filter((i) => i.source === 'follow_up').map((i) => [i.reason, i.subjectId])).toEqual([
        ['due_before_review', soon.body.id],
      ]);
    });
  });

  describe('the review roster', () => {
    it('lists the cases due for review on a date, each with its reasons', async () => {
      const today = amsterdamDate(ctx.clock.now());
      // A new case with no planning conference yet.
      const fresh = await openFamilyCase(ctx, lead, [police]);
      // Reviewed, and due again in 10 days.
      const reviewed = await openFamilyCase(ctx, lead, [police]);
      const held = await schedule(reviewed, { kind: 'planning' });
      await recordHeld(held.id, isoAt(now() + 10 * DAY));
      // Planned: has a planning conference, nothing else due.
      const planned = await openFamilyCase(ctx, lead, [police]);
      await schedule(planned, { kind: 'planning', scheduledAt: isoAt(now() + DAY) });
      // A broken agreement.
      const broken = await openFamilyCase(ctx, lead, [police]);
      await schedule(broken, { kind: 'planning', scheduledAt: isoAt(now() + DAY) });
      const p = await plan(broken);
      await as(lead)
        .post(`/api/cases/${broken.id}/safety-plan/agreements/${p.agreements[0].id}/checks`, {
          checkedAt: isoAt(now()),
          result: 'broken',
          note: 'n',
        })
        .expect(201);
      // An open handover due within two working days (respondBy tomorrow).
      const handing = await openFamilyCase(ctx, lead, [police]);
      await schedule(handing, { kind: 'planning', scheduledAt: isoAt(now() + DAY) });
      const h = await as(lead).post(`/api/cases/${handing.id}/handovers`, {
        toUserId: receiver.id,
        checklist: CHECKLIST,
        respondBy: isoAt(now() + DAY),
      });
      expect(h.status).toBe(201);
      // A closed case is never on the roster.
      const closed = await openFamilyCase(ctx, lead, []);
      await as(lead).post(`/api/cases/${closed.id}/close`, { reason: 'Unfounded' }).expect(200);

      const { result: res, events } = await auditDelta(ctx, () => roster(lead, '?limit=200'));
      expect(res.status).toBe(200);
      expect(res.body.date).toBe(today);
      expect(rowOf(res.body, fresh.id)).toEqual(['no_planning_conference']);
      expect(rowOf(res.body, reviewed.id)).toBeUndefined();
      expect(rowOf(res.body, planned.id)).toBeUndefined();
      expect(rowOf(res.body, broken.id)).toEqual(['agreement_broken']);
      expect(rowOf(res.body, handing.id)).toEqual(['handover_response_due']);
      expect(rowOf(res.body, closed.id)).toBeUndefined();
      const row = res.body.items.find((r: { caseId: string }) => r.caseId === handing.id);
      expect(row).toMatchObject({ caseReference: handing.reference, leadUserId: lead.id, reasons: [{ subjectId: h.body.id }] });
      expect(events.map((e) => [e.action, e.outcome, e.person_ids])).toEqual([['review_roster.read', 'success', []]]);
      // A read across cases: the cases of the page it returned, each one's access log shows it.
      expect([...events[0].case_ids].sort()).toEqual(res.body.items.map((r: { caseId: string }) => r.caseId).sort());
      expect(events[0].case_ids).toContain(fresh.id);

      // Ten days on, the review is due; the handover's deadline has passed (still open, still listed).
      // By then the acute case's clocks have run out too (no intake was scheduled): see clock-reasons.e2e-spec.ts.
      const inTenDays = amsterdamDate(new Date(now() + 10 * DAY));
      const later = await roster(lead, `?date=${inTenDays}&limit=200`);
      expect([...new Set(rowOf(later.body, reviewed.id))]).toEqual(['clock_breached', 'review_due']);
      expect(
        later.body.items
          .find((r: { caseId: string }) => r.caseId === reviewed.id)
          .reasons.find((r: { reason: string }) => r.reason === 'review_due').subjectId,
      ).toBe(held.id);
      // A day before the handover was proposed, its deadline lay three days on: not yet.
      const earlier = await roster(lead, `?date=${amsterdamDate(new Date(now() - 3 * DAY))}&limit=200`);
      expect(rowOf(earlier.body, handing.id)).toBeUndefined();
    });

    it('shows each caller the cases they may see: outsiders none of these, coordinators every case', async () => {
      const c = await openFamilyCase(ctx, lead, []);
      expect(rowOf((await roster(outsider, '?limit=200')).body, c.id)).toBeUndefined();
      const { result, events } = await auditDelta(ctx, () => roster(coordinator, '?limit=200'));
      expect(rowOf(result.body, c.id)).toEqual(['no_planning_conference']);
      expect(events.map((e) => e.purpose)).toEqual(['coordinator_oversight']);
      expect(problemOf(await roster(lead, '?date=2026-13-01'), 400).errors?.[0].field).toBe('date');
      expect(problemOf(await roster(lead, '?date=tomorrow'), 400).errors?.[0].field).toBe('date');
      const first = await roster(coordinator, '?limit=1');
      expect(first.body.items).toHaveLength(1);
      const second = await roster(coordinator, `?limit=1&cursor=${first.body.nextCursor}`);
      expect(second.body.items[0].caseReference > first.body.items[0].caseReference).toBe(true);
      expect((await http(ctx).get('/api/review-roster')).status).toBe(401);
    });
  });
});
