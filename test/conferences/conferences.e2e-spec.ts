import { randomUUID } from 'node:crypto';
import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import type { Response } from 'supertest';
import { count, type TestCase } from '../intake-support';
import { auditDelta, call, DAY, deliverOutbox, expectFor, isoAt, MINUTE, notificationsOf, openFamilyCase } from './support';

/**
 * design.md §7 case conferences through HTTP against real Postgres: scheduling, rescheduling with
 * version, cancelling, the chair's record (family participation, the child's view, actions that
 * become follow-ups in the same transaction), immutability and addenda; oversight without the
 * minutes; outsiders' 404; one audit event per read and write; the events and their recipients.
 */
describe('case conferences', () => {
  let ctx: TestContext;
  let lead: TestUser;
  let police: TestUser;
  let forensic: TestUser;
  let social: TestUser;
  let coordinator: TestUser;
  let outsider: TestUser;
  let c: TestCase;

  const now = () => ctx.clock.now().getTime();
  const as = (user: TestUser) => call(ctx, user);
  const schedule = (user: TestUser, caseId: string, body: Record<string, unknown> = {}) =>
    as(user).post(`/api/cases/${caseId}/conferences`, {
      kind: 'review',
      scheduledAt: isoAt(now() + 60 * MINUTE),
      chairId: lead.id,
      participantIds: [police.id, forensic.id],
      ...body,
    });
  const scheduled = async (body: Record<string, unknown> = {}, caseId = c.id) => {
    const res = await schedule(lead, caseId, body);
    if (res.status !== 201) throw new Error(`schedule: ${res.status} ${res.text}`);
    return res.body as { id: string; version: number; scheduledAt: string; participantIds: string[] };
  };
  const RECORD = {
    familyParticipation: { mode: 'present' },
    childView: { mode: 'heard', summary: 'Wants to keep seeing her grandmother' },
    minutes: 'Police: interview done. Forensic: findings consistent. Social work: safety conditional.',
    decisions: [{ text: 'Start a safety plan', rationale: 'Conditional safety needs written agreements' }],
  };
  const record = (user: TestUser, id: string, body: Record<string, unknown> = {}) =>
    as(user).post(`/api/conferences/${id}/record`, { heldAt: isoAt(now() - MINUTE), ...RECORD, ...body });
  /** A conference due now: scheduled a minute ago. */
  const due = (body: Record<string, unknown> = {}) => scheduled({ scheduledAt: isoAt(now() - 2 * MINUTE), ...body });
  const stateOf = async (id: string) =>
    (await ctx.db.query<{ status: string; version: number }>(`SELECT status, version FROM case_conferences WHERE id = $1`, [id]))[0];
  const strip404 = (r: Response) => ({ ...problemOf(r, 404), requestId: undefined });

  beforeAll(async () => {
    ctx = await createTestApp();
    lead = await ctx.factory.user({ discipline: 'social_work' });
    police = await ctx.factory.user({ discipline: 'police' });
    forensic = await ctx.factory.user({ discipline: 'forensic_medicine' });
    social = await ctx.factory.user({ discipline: 'social_work' });
    coordinator = await ctx.factory.coordinator();
    outsider = await ctx.factory.user({ discipline: 'police' });
    c = await openFamilyCase(ctx, lead, [police, forensic, social]);
  });

  afterAll(async () => {
    await ctx?.close();
  });

  describe('scheduling', () => {
    it('lets a team member schedule one with chair and participants from the team, and tells the participants', async () => {
      const { result: res, events } = await auditDelta(ctx, () => schedule(police, c.id, { kind: 'planning' }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        caseId: c.id,
        caseReference: c.reference,
        kind: 'planning',
        chairId: lead.id,
        participantIds: [police.id, forensic.id],
        status: 'planned',
        heldAt: null,
        minutes: null,
        decisions: [],
        actions: [],
        addenda: [],
        version: 1,
        contentRestricted: false,
      });
      expect(events.map((e) => [e.action, e.resource_id, e.case_id, e.outcome, e.person_ids])).toEqual([
        ['conference.schedule', res.body.id, c.id, 'success', []],
      ]);
      await deliverOutbox(ctx);
      expect(await notificationsOf(ctx, 'conference.scheduled', c.id, { field: 'conferenceId', id: res.body.id })).toEqual(
        expectFor([police, forensic], `Case conference scheduled for ${c.reference}`),
      );
    });

    it('refuses a chair or participant who is not on the team with 422 naming the field, and creates nothing', async () => {
      const before = await count(ctx, `SELECT count(*) AS n FROM case_conferences`);
      expect(problemOf(await schedule(lead, c.id, { chairId: outsider.id }), 422).errors).toEqual([
        { field: 'chairId', message: 'chairId names someone who is not on the case team' },
      ]);
      expect(problemOf(await schedule(lead, c.id, { participantIds: [police.id, outsider.id] }), 422).errors?.[0].field).toBe(
        'participantIds',
      );
      expect(problemOf(await schedule(lead, c.id, { kind: 'weekly' }), 400).errors?.[0].field).toBe('kind');
      expect(problemOf(await schedule(lead, c.id, { scheduledAt: 'tomorrow' }), 400).errors?.[0].field).toBe('scheduledAt');
      expect(await count(ctx, `SELECT count(*) AS n FROM case_conferences`)).toBe(before);
    });

    it('is for the team: coordinators get 403, outsiders 404 as for a case never issued', async () => {
      expect(problemOf(await schedule(coordinator, c.id), 403).code).toBe('CASE_ACTION_FORBIDDEN');
      const outsiderAnswer = strip404(await schedule(outsider, c.id));
      expect(outsiderAnswer).toEqual(strip404(await schedule(outsider, randomUUID())));
      expect(outsiderAnswer.code).toBe('CASE_NOT_FOUND');
    });
  });

  describe('retries and closed cases', () => {
    it('takes an Idempotency-Key: a retry returns the first answer and schedules nothing twice', async () => {
      const key = randomUUID();
      const body = { kind: 'acute', scheduledAt: isoAt(now() + DAY), chairId: lead.id, participantIds: [police.id] };
      const first = await as(lead).post(`/api/cases/${c.id}/conferences`, body).set('Idempotency-Key', key);
      const again = await as(lead).post(`/api/cases/${c.id}/conferences`, body).set('Idempotency-Key', key);
      expect([first.status, again.status]).toEqual([201, 201]);
      expect(again.body.id).toBe(first.body.id);
      expect(await count(ctx, `SELECT count(*) AS n FROM case_conferences WHERE kind = 'acute' AND case_id = $1`, [c.id])).toBe(1);
    });

    it('refuses every write on a closed case with 409, and still shows its conferences', async () => {
      const closed = await openFamilyCase(ctx, lead, [police]);
      const conf = await scheduled({ scheduledAt: isoAt(now() - 2 * MINUTE), participantIds: [police.id] }, closed.id);
      await as(lead).post(`/api/cases/${closed.id}/close`, { reason: 'Unfounded after the intake' }).expect(200);
      expect(problemOf(await schedule(lead, closed.id), 409).code).toBe('CASE_CLOSED');
      expect(problemOf(await record(lead, conf.id), 409).code).toBe('CASE_CLOSED');
      expect(problemOf(await as(lead).post(`/api/conferences/${conf.id}/cancel`, { reason: 'x' }), 409).code).toBe('CASE_CLOSED');
      expect((await as(lead).get(`/api/conferences/${conf.id}`)).status).toBe(200);
    });
  });

  describe('reading', () => {
    it('lists and reads for the team and for coordinators; an outsider gets the 404 of an id never issued', async () => {
      const conf = await scheduled();
      const list = await as(coordinator).get(`/api/cases/${c.id}/conferences`);
      expect(list.status).toBe(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).toContain(conf.id);
      expect(list.body).toHaveProperty('nextCursor');
      expect((await as(social).get(`/api/conferences/${conf.id}`)).body).toMatchObject({ id: conf.id, contentRestricted: false });
      const hidden = strip404(await as(outsider).get(`/api/conferences/${conf.id}`));
      expect(hidden).toEqual(strip404(await as(outsider).get(`/api/conferences/${randomUUID()}`)));
      expect(hidden.code).toBe('CONFERENCE_NOT_FOUND');
      expect(problemOf(await as(outsider).get(`/api/cases/${c.id}/conferences`), 404).code).toBe('CASE_NOT_FOUND');
      // The outsider's attempt is on record as denied, once.
      const { events } = await auditDelta(ctx, () => as(outsider).get(`/api/conferences/${conf.id}`));
      expect(events.map((e) => [e.action, e.outcome])).toEqual([['conference.read', 'denied']]);
    });

    it('pages the list by ?limit and ?cursor', async () => {
      const other = await openFamilyCase(ctx, lead, [police, forensic]);
      for (let i = 0; i < 3; i++) await scheduled({ scheduledAt: isoAt(now() + (i + 1) * DAY) }, other.id);
      const first = await as(lead).get(`/api/cases/${other.id}/conferences?limit=2`);
      expect(first.body.items).toHaveLength(2);
      const second = await as(lead).get(`/api/cases/${other.id}/conferences?limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body.items).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
    });
  });

  describe('rescheduling', () => {
    it('is a PATCH with version: 200 with the next version, 409 when stale, and changes nothing then', async () => {
      const conf = await scheduled();
      const later = isoAt(now() + 3 * DAY);
      const { result: moved, events } = await auditDelta(ctx, () =>
        as(forensic).patch(`/api/conferences/${conf.id}`, { version: 1, scheduledAt: later, participantIds: [police.id] }),
      );
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ scheduledAt: later, participantIds: [police.id], version: 2 });
      expect(events.map((e) => [e.action, e.resource_id])).toEqual([['conference.reschedule', conf.id]]);
      expect(problemOf(await as(lead).patch(`/api/conferences/${conf.id}`, { version: 1, scheduledAt: isoAt(now()) }), 409).code).toBe(
        'STALE_VERSION',
      );
      expect(await stateOf(conf.id)).toEqual({ status: 'planned', version: 2 });
      expect(problemOf(await as(lead).patch(`/api/conferences/${conf.id}`, { scheduledAt: later }), 400).errors?.[0].field).toBe('version');
      expect(
        problemOf(await as(lead).patch(`/api/conferences/${conf.id}`, { version: 2, chairId: outsider.id }), 422).errors?.[0].field,
      ).toBe('chairId');
      expect(problemOf(await as(lead).patch(`/api/conferences/${conf.id}`, { version: 2 }), 400).errors?.[0].field).toBe('body');
      expect(await stateOf(conf.id)).toEqual({ status: 'planned', version: 2 });
      expect(problemOf(await as(coordinator).patch(`/api/conferences/${conf.id}`, { version: 2 }), 403).code).toBe('CASE_ACTION_FORBIDDEN');
      expect(problemOf(await as(outsider).patch(`/api/conferences/${conf.id}`, { version: 2 }), 404).code).toBe('CONFERENCE_NOT_FOUND');
    });
  });

  describe('cancelling', () => {
    it('takes a reason, tells the participants, and leaves the conference cancelled for good', async () => {
      const conf = await scheduled({ participantIds: [social.id] });
      expect(problemOf(await as(police).post(`/api/conferences/${conf.id}/cancel`, {}), 400).errors?.[0].field).toBe('reason');
      const { result: res, events } = await auditDelta(ctx, () =>
        as(police).post(`/api/conferences/${conf.id}/cancel`, { reason: 'The family asked to move it' }),
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: 'The family asked to move it' });
      expect(events.map((e) => e.action)).toEqual(['conference.cancel']);
      expect(problemOf(await as(police).post(`/api/conferences/${conf.id}/cancel`, { reason: 'again' }), 409).code).toBe(
        'CONFERENCE_CANCELLED',
      );
      expect(problemOf(await record(lead, conf.id), 409).code).toBe('CONFERENCE_CANCELLED');
      expect(problemOf(await as(lead).patch(`/api/conferences/${conf.id}`, { version: 2, scheduledAt: isoAt(now()) }), 409).code).toBe(
        'CONFERENCE_CANCELLED',
      );
      await deliverOutbox(ctx);
      expect(await notificationsOf(ctx, 'conference.cancelled', c.id, { field: 'conferenceId', id: conf.id })).toEqual(
        expectFor([social], `Case conference cancelled for ${c.reference}`),
      );
    });
  });

  describe("the chair's record", () => {
    it('is taken on or after scheduledAt only, by the chair only, with heldAt not in the future', async () => {
      const ahead = await scheduled({ scheduledAt: isoAt(now() + 30 * MINUTE) });
      expect(problemOf(await record(lead, ahead.id), 409).code).toBe('CONFERENCE_NOT_DUE');
      const conf = await due();
      expect(problemOf(await record(police, conf.id), 403).code).toBe('CONFERENCE_PARTY_FORBIDDEN');
      expect(problemOf(await record(social, conf.id), 403).code).toBe('CONFERENCE_PARTY_FORBIDDEN');
      expect(problemOf(await record(coordinator, conf.id), 403).code).toBe('CASE_ACTION_FORBIDDEN');
      expect(problemOf(await record(outsider, conf.id), 404).code).toBe('CONFERENCE_NOT_FOUND');
      expect(problemOf(await record(lead, conf.id, { heldAt: isoAt(now() + 10 * MINUTE) }), 422).errors).toEqual([
        { field: 'heldAt', message: 'heldAt must not lie in the future' },
      ]);
      expect(await stateOf(conf.id)).toEqual({ status: 'planned', version: 1 });
    });

    it("needs the child's view or why it is missing, and the family's participation with a reason when not informed (422 naming the field)", async () => {
      const conf = await due();
      const missing = problemOf(await record(lead, conf.id, { familyParticipation: undefined, childView: undefined }), 422);
      expect(missing.errors?.map((e) => e.field)).toEqual(['familyParticipation', 'childView']);
      expect(missing.missing).toEqual(['familyParticipation', 'childView']);
      expect(problemOf(await record(lead, conf.id, { childView: { mode: 'not_heard' } }), 422).errors?.map((e) => e.field)).toEqual([
        'childView.reason',
      ]);
      expect(problemOf(await record(lead, conf.id, { childView: { mode: 'in_writing' } }), 422).errors?.map((e) => e.field)).toEqual([
        'childView.summary',
      ]);
      expect(
        problemOf(await record(lead, conf.id, { familyParticipation: { mode: 'not_informed', reason: ' ' } }), 422).errors?.map(
          (e) => e.field,
        ),
      ).toEqual(['familyParticipation.reason']);
      expect(problemOf(await record(lead, conf.id, { childView: { mode: 'unknown' } }), 400).errors?.[0].field).toMatch(/^childView/);
      expect(await stateOf(conf.id)).toEqual({ status: 'planned', version: 1 });
      const ok = await record(lead, conf.id, {
        familyParticipation: { mode: 'not_informed', reason: 'Informing the father now would endanger the child' },
        childView: { mode: 'not_heard', reason: 'Two years old' },
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({
        status: 'held',
        familyParticipation: { mode: 'not_informed', reason: 'Informing the father now would endanger the child' },
        childView: { mode: 'not_heard', summary: null, reason: 'Two years old' },
      });
    });

    it('turns each action into a follow-up (kind other, origin conference) in the same transaction, once', async () => {
      const conf = await due();
      const dueAt = isoAt(now() + 7 * DAY);
      const nextReviewAt = isoAt(now() + 28 * DAY);
      const before = await count(ctx, `SELECT count(*) AS n FROM follow_ups WHERE case_id = $1`, [c.id]);
      // An assignee off the team refuses the whole record: no follow-up, no held conference.
      const refused = await record(lead, conf.id, {
        actions: [
          { title: 'Home visit with the mother', assigneeId: social.id, dueAt },
          { title: 'Ask the school', assigneeId: outsider.id, dueAt },
        ],
      });
      expect(problemOf(refused, 422).errors).toEqual([
        { field: 'actions[1].assigneeId', message: 'actions[1].assigneeId names someone who is not on the case team' },
      ]);
      expect(await count(ctx, `SELECT count(*) AS n FROM follow_ups WHERE case_id = $1`, [c.id])).toBe(before);
      expect(await stateOf(conf.id)).toEqual({ status: 'planned', version: 1 });

      const { result: held, events } = await auditDelta(ctx, () =>
        record(lead, conf.id, {
          participantIds: [police.id, social.id],
          actions: [
            { title: 'Home visit with the mother', assigneeId: social.id, dueAt },
            { title: 'Request the GP file', assigneeId: forensic.id, dueAt },
          ],
          nextReviewAt,
        }),
      );
      expect(held.status).toBe(200);
      expect(events.map((e) => [e.action, e.resource_id, e.outcome])).toEqual([['conference.record', conf.id, 'success']]);
      expect(held.body).toMatchObject({
        status: 'held',
        participantIds: [police.id, social.id],
        minutes: RECORD.minutes,
        nextReviewAt,
        recordedBy: lead.id,
        version: 2,
      });
      expect(held.body.decisions).toEqual([{ id: expect.any(String), ...RECORD.decisions[0] }]);
      const followUps = await ctx.db.query<Record<string, unknown>>(
        `SELECT id, kind, title, origin, assignee_id, scheduled_at, status FROM follow_ups WHERE id = ANY($1::uuid[]) ORDER BY title`,
        [held.body.actions.map((a: { followUpId: string }) => a.followUpId)],
      );
      expect(followUps).toEqual([
        expect.objectContaining({
          kind: 'other',
          title: 'Home visit with the mother',
          origin: 'conference',
          assignee_id: social.id,
          status: 'planned',
        }),
        expect.objectContaining({ kind: 'other', title: 'Request the GP file', origin: 'conference', assignee_id: forensic.id }),
      ]);
      expect(new Date(followUps[0].scheduled_at as Date).toISOString()).toBe(dueAt);
      // Through the follow-ups API too, with their origin.
      const listed = await as(social).get(`/api/cases/${c.id}/follow-ups?limit=200`);
      expect(listed.body.items.filter((f: { origin: string }) => f.origin === 'conference').map((f: { title: string }) => f.title)).toEqual(
        expect.arrayContaining(['Home visit with the mother', 'Request the GP file']),
      );
      await deliverOutbox(ctx);
      expect(await notificationsOf(ctx, 'conference.held', c.id, { field: 'conferenceId', id: conf.id })).toEqual(
        expectFor([lead, police, forensic, social], `Case conference held for ${c.reference}`),
      );

      // Held is immutable: record, reschedule and cancel get 409, and nothing changes.
      expect(problemOf(await record(lead, conf.id), 409).code).toBe('CONFERENCE_HELD');
      expect(problemOf(await as(lead).patch(`/api/conferences/${conf.id}`, { version: 2, scheduledAt: isoAt(now()) }), 409).code).toBe(
        'CONFERENCE_HELD',
      );
      expect(problemOf(await as(lead).post(`/api/conferences/${conf.id}/cancel`, { reason: 'x' }), 409).code).toBe('CONFERENCE_HELD');
      expect(await stateOf(conf.id)).toEqual({ status: 'held', version: 2 });
      expect(await count(ctx, `SELECT count(*) AS n FROM follow_ups WHERE case_id = $1`, [c.id])).toBe(before + 2);
    });

    it('is taken once when two records race: one 200, one 409, and the actions become follow-ups once', async () => {
      const conf = await due();
      const actions = [{ title: 'Race action', assigneeId: social.id, dueAt: isoAt(now() + DAY) }];
      const answers = await Promise.all([record(lead, conf.id, { actions }), record(lead, conf.id, { actions })]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(await count(ctx, `SELECT count(*) AS n FROM follow_ups WHERE case_id = $1 AND title = 'Race action'`, [c.id])).toBe(1);
      expect(
        await count(ctx, `SELECT count(*) AS n FROM outbox_events WHERE type = 'conference.held' AND payload ->> 'conferenceId' = $1`, [
          conf.id,
        ]),
      ).toBe(1);
    });

    it('refuses a nextReviewAt before the conference was held', async () => {
      const conf = await due();
      expect(problemOf(await record(lead, conf.id, { nextReviewAt: isoAt(now() - DAY) }), 422).errors?.map((e) => e.field)).toEqual([
        'nextReviewAt',
      ]);
    });
  });

  describe('addenda', () => {
    it('correct a held conference: any participant (the chair too), not other team members, not before it is held', async () => {
      const conf = await due({ participantIds: [police.id] });
      expect(problemOf(await as(police).post(`/api/conferences/${conf.id}/addenda`, { text: 'too early' }), 409).code).toBe(
        'CONFERENCE_NOT_HELD',
      );
      expect((await record(lead, conf.id)).status).toBe(200);
      const { result: added, events } = await auditDelta(ctx, () =>
        as(police).post(`/api/conferences/${conf.id}/addenda`, { text: 'The interview was on Tuesday, not Monday' }),
      );
      expect(added.status).toBe(201);
      expect(added.body.addenda).toEqual([
        { id: expect.any(String), authorId: police.id, text: 'The interview was on Tuesday, not Monday', createdAt: expect.any(String) },
      ]);
      expect(events.map((e) => e.action)).toEqual(['conference.addendum']);
      expect((await as(lead).post(`/api/conferences/${conf.id}/addenda`, { text: 'Chair: noted' })).status).toBe(201);
      expect(problemOf(await as(social).post(`/api/conferences/${conf.id}/addenda`, { text: 'not there' }), 403).code).toBe(
        'CONFERENCE_PARTY_FORBIDDEN',
      );
      expect(problemOf(await as(police).post(`/api/conferences/${conf.id}/addenda`, { text: '' }), 400).errors?.[0].field).toBe('text');
      expect(problemOf(await as(outsider).post(`/api/conferences/${conf.id}/addenda`, { text: 'x' }), 404).code).toBe(
        'CONFERENCE_NOT_FOUND',
      );
      // The minutes themselves never changed.
      expect((await as(lead).get(`/api/conferences/${conf.id}`)).body.minutes).toBe(RECORD.minutes);
    });
  });

  describe('coordinator oversight', () => {
    it('shows the conference without its minutes, decisions, reasons and addenda texts; as a team member, with them', async () => {
      const conf = await due({ participantIds: [police.id] });
      await record(lead, conf.id, {
        familyParticipation: { mode: 'not_informed', reason: 'a reason about the family' },
        childView: { mode: 'heard', summary: 'what the child said' },
      });
      await as(police).post(`/api/conferences/${conf.id}/addenda`, { text: 'an addendum text' });
      const { result: seen, events } = await auditDelta(ctx, () => as(coordinator).get(`/api/conferences/${conf.id}`));
      expect(events.map((e) => [e.action, e.purpose])).toEqual([['conference.read', 'coordinator_oversight']]);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({
        id: conf.id,
        status: 'held',
        contentRestricted: true,
        minutes: null,
        decisions: [],
        familyParticipation: { mode: 'not_informed', reason: null },
        childView: { mode: 'heard', summary: null, reason: null },
      });
      expect(seen.body.addenda).toEqual([expect.objectContaining({ authorId: police.id, text: null })]);
      expect(JSON.stringify(seen.body)).not.toMatch(/what the child said|a reason about the family|an addendum text|Police: interview/);
      const listed = await as(coordinator).get(`/api/cases/${c.id}/conferences?limit=200`);
      expect(JSON.stringify(listed.body)).not.toMatch(/what the child said|Police: interview/);
      expect(listed.body.items.every((i: { contentRestricted: boolean }) => i.contentRestricted)).toBe(true);

      const team = await openFamilyCase(ctx, coordinator, [lead]);
      const own = await scheduled({ scheduledAt: isoAt(now() - 2 * MINUTE), chairId: coordinator.id, participantIds: [] }, team.id);
      await record(coordinator, own.id);
      expect((await as(coordinator).get(`/api/conferences/${own.id}`)).body).toMatchObject({
        contentRestricted: false,
        minutes: RECORD.minutes,
      });
    });
  });

  describe('the timeline', () => {
    it('shows conferences scheduled, held, cancelled and their addenda', async () => {
      const timeline = await as(lead).get(`/api/cases/${c.id}/timeline?limit=200`);
      const kinds = new Set(timeline.body.items.map((i: { kind: string }) => i.kind));
      for (const kind of ['conference.scheduled', 'conference.held', 'conference.cancelled', 'conference.addendum'])
        expect(kinds).toContain(kind);
      const held = timeline.body.items.find((i: { kind: string }) => i.kind === 'conference.held');
      expect(held.detail).toMatchObject({ minutes: expect.any(String), childView: expect.any(Object) });
    });
  });
});
