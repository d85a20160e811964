import { randomUUID } from 'node:crypto';
import { defaultRespondBy } from '@oneroof/handovers';
import { fireDueTimers } from '@oneroof/platform';
import { createTestApp, problemOf, waitFor, type TestContext, type TestUser } from '@oneroof/testing';
import { Client } from 'pg';
import request, { type Response } from 'supertest';

/**
 * Issue 6, warm transfer through HTTP against real Postgres: the proposal and its checklist, the
 * state machine's consequences for access and the team, concurrent transitions, deadlines through
 * the timers, and bad bodies that change nothing. The figures of the coordinators' audit:
 * handovers-audit.e2e-spec.ts.
 */
const CHECKLIST = {
  safetySituation: 'Mother and children stay with the grandmother',
  risks: 'Father still has a key to the house',
  safetyAgreements: 'No unsupervised contact with the father',
  openActions: 'Talk with the school mentor on Thursday',
  involvedProfessionals: 'GP, school mentor, Veilig Thuis',
  expectations: 'Weekly home visits for the first month',
  familyInformed: true,
};
const CHECKLIST_ITEMS = [
  'safetySituation',
  'risks',
  'safetyAgreements',
  'openActions',
  'involvedProfessionals',
  'expectations',
  'familyInformed',
];
const MINUTE = 60_000;

interface HandoverBody {
  id: string;
  caseId: string;
  caseReference: string;
  fromUserId: string;
  toUserId: string;
  status: string;
  respondBy: string;
  proposedAt: string;
  briefedAt: string | null;
  acceptedAt: string | null;
  version: number;
  checklist: Record<string, unknown> | null;
  meeting: Record<string, unknown> | null;
}

describe('handovers (warm transfer)', () => {
  let ctx: TestContext;
  const http = () => request(ctx.app.getHttpServer());
  let lead: TestUser;
  let member: TestUser;
  let coordinator: TestUser;
  let outsider: TestUser;

  const openCase = async (by: TestUser, members: TestUser[] = []) => {
    const res = await http()
      .post('/api/cases')
      .set('Authorization', by.auth)
      .send({ urgency: 'urgent', source: 'school', summary: 'Bruises seen at school' });
    expect(res.status).toBe(201);
    for (const m of members) {
      expect((await http().post(`/api/cases/${res.body.id}/team`).set('Authorization', by.auth).send({ userId: m.id })).status).toBe(201);
    }
    return res.body as { id: string; reference: string };
  };
  const propose = (by: TestUser, caseId: string, body: Record<string, unknown>) =>
    http().post(`/api/cases/${caseId}/handovers`).set('Authorization', by.auth).send(body);
  const proposed = async (by: TestUser, caseId: string, to: TestUser, extra: Record<string, unknown> = {}) => {
    const res = await propose(by, caseId, { toUserId: to.id, reason: 'Moving to the local team', checklist: CHECKLIST, ...extra });
    expect(res.status).toBe(201);
    return res.body as HandoverBody;
  };
  const act = (by: TestUser, handoverId: string, action: 'meeting' | 'accept' | 'decline' | 'withdraw', body: Record<string, unknown>) =>
    http().post(`/api/handovers/${handoverId}/${action}`).set('Authorization', by.auth).send(body);
  const meetingOf = (h: HandoverBody, extra: Record<string, unknown> = {}) => ({
    heldAt: ctx.clock.now().toISOString(),
    participantIds: [h.fromUserId, h.toUserId],
    familyPresent: true,
    notes: 'Went through the safety plan together with the mother',
    ...extra,
  });
  const brief = async (by: TestUser, h: HandoverBody) => {
    const res = await act(by, h.id, 'meeting', meetingOf(h));
    expect(res.status).toBe(200);
    return res.body as HandoverBody;
  };
  const getCase = (by: TestUser, caseId: string) => http().get(`/api/cases/${caseId}`).set('Authorization', by.auth);
  const events = (handoverId: string, type?: string) =>
    ctx.db.query<{ type: string; case_id: string; payload: Record<string, unknown> }>(
      `SELECT type, case_id, payload FROM outbox_events WHERE payload->>'handoverId' = $1 AND ($2::text IS NULL OR type = $2) ORDER BY seq`,
      [handoverId, type ?? null],
    );
  const professional = (discipline: 'social_work' | 'youth_care' | 'police' = 'social_work') => ctx.factory.user({ discipline });

  beforeAll(async () => {
    ctx = await createTestApp();
    [lead, member, coordinator, outsider] = await Promise.all([
      professional(),
      professional('police'),
      ctx.factory.coordinator(),
      professional('youth_care'),
    ]);
  });

  afterAll(async () => {
    await ctx?.close();
  });

  describe('proposal', () => {
    it('answers an incomplete checklist with 422 naming every missing item, and creates nothing', async () => {
      const c = await openCase(lead);
      const receiver = await professional();
      const empty = problemOf(await propose(lead, c.id, { toUserId: receiver.id, checklist: {} }), 422);
      expect(empty.code).toBe('CHECKLIST_INCOMPLETE');
      expect(empty.missing).toEqual(CHECKLIST_ITEMS);
      expect(problemOf(await propose(lead, c.id, { toUserId: receiver.id }), 422).missing).toEqual(CHECKLIST_ITEMS);
      const some = problemOf(
        await propose(lead, c.id, {
          toUserId: receiver.id,
          checklist: { ...CHECKLIST, risks: '   ', expectations: '', familyInformed: false },
        }),
        422,
      );
      expect(some.missing).toEqual(['risks', 'expectations', 'familyInformed']);
      expect(some.errors!.map((e) => e.field)).toEqual(['checklist.risks', 'checklist.expectations', 'checklist.familyInformed']);
      expect((await ctx.db.query(`SELECT 1 FROM handovers WHERE case_id = $1`, [c.id])).length).toBe(0);
      // A reason instead of familyInformed: true completes it.
      const h = await proposed(lead, c.id, receiver, {
        checklist: { ...CHECKLIST, familyInformed: false, familyNotInformedReason: 'Telling them now endangers the child' },
      });
      expect(h.checklist).toMatchObject({ familyInformed: false, familyNotInformedReason: 'Telling them now endangers the child' });
    });

    it('defaults respondBy to 5 working days, arms both deadlines and raises handover.proposed', async () => {
      const c = await openCase(lead);
      const receiver = await professional();
      const h = await proposed(lead, c.id, receiver);
      expect(h).toMatchObject({ status: 'proposed', fromUserId: lead.id, toUserId: receiver.id, caseReference: c.reference, version: 1 });
      expect(h.respondBy).toBe(defaultRespondBy(new Date(h.proposedAt)).toISOString());
      const timers = await ctx.db.query<{ key: string; fire_at: Date; event_type: string }>(
        `SELECT key, fire_at, event_type FROM timers WHERE key LIKE $1 ORDER BY fire_at`,
        [`handover:${h.id}:%`],
      );
      const half = (new Date(h.proposedAt).getTime() + new Date(h.respondBy).getTime()) / 2;
      expect(timers.map((t) => [t.key, t.event_type])).toEqual([
        [`handover:${h.id}:response_due`, 'handover.response_due'],
        [`handover:${h.id}:overdue`, 'handover.overdue'],
      ]);
      expect(Math.abs(new Date(timers[0].fire_at).getTime() - half)).toBeLessThanOrEqual(1);
      expect(new Date(timers[1].fire_at).toISOString()).toBe(h.respondBy);
      expect(await events(h.id)).toEqual([
        {
          type: 'handover.proposed',
          case_id: c.id,
          payload: { caseReference: c.reference, handoverId: h.id, fromUserId: lead.id, toUserId: receiver.id },
        },
      ]);
    });

    it('takes a respondBy of the sender, never one in the past', async () => {
      const c = await openCase(lead);
      const receiver = await professional();
      const past = problemOf(
        await propose(lead, c.id, { toUserId: receiver.id, checklist: CHECKLIST, respondBy: new Date(Date.now() - MINUTE).toISOString() }),
        422,
      );
      expect([past.code, past.errors![0].field]).toEqual(['RESPOND_BY_IN_PAST', 'respondBy']);
      const soon = new Date(ctx.clock.now().getTime() + 2 * 24 * 60 * MINUTE).toISOString();
      expect((await proposed(lead, c.id, receiver, { respondBy: soon })).respondBy).toBe(soon);
    });

    it('goes to one active professional who is not the sender and not on the team', async () => {
      const c = await openCase(lead, [member]);
      const inactive = await ctx.factory.user({ active: false });
      const admin = await ctx.factory.admin();
      const cases: [string, string][] = [
        [lead.id, 'RECEIVER_IS_SENDER'],
        [member.id, 'RECEIVER_ON_TEAM'],
        [inactive.id, 'UNKNOWN_RECEIVER'],
        [admin.id, 'UNKNOWN_RECEIVER'],
        [randomUUID(), 'UNKNOWN_RECEIVER'],
      ];
      for (const [toUserId, code] of cases) {
        const body = problemOf(await propose(lead, c.id, { toUserId, checklist: CHECKLIST }), 422);
        expect([toUserId, body.code, body.errors![0].field]).toEqual([toUserId, code, 'toUserId']);
      }
      expect((await ctx.db.query(`SELECT 1 FROM handovers WHERE case_id = $1`, [c.id])).length).toBe(0);
    });

    it('is for team members: outsiders get 404, coordinators and receivers 403; one open handover per sender (409)', async () => {
      const c = await openCase(lead, [member]);
      const [r1, r2] = await Promise.all([professional(), professional()]);
      expect(problemOf(await propose(outsider, c.id, { toUserId: r1.id, checklist: CHECKLIST }), 404).code).toBe('CASE_NOT_FOUND');
      expect(problemOf(await propose(coordinator, c.id, { toUserId: r1.id, checklist: CHECKLIST }), 403).code).toBe(
        'CASE_ACTION_FORBIDDEN',
      );
      await proposed(lead, c.id, r1);
      expect(problemOf(await propose(r1, c.id, { toUserId: r2.id, checklist: CHECKLIST }), 403).code).toBe('CASE_ACTION_FORBIDDEN');
      expect(problemOf(await propose(lead, c.id, { toUserId: r2.id, checklist: CHECKLIST }), 409).code).toBe('HANDOVER_ALREADY_OPEN');
      // Another sender on the same case may hand over at the same time.
      await proposed(member, c.id, r2);
    });
  });

  describe('access while open and after', () => {
    it('lets the receiver read the case as a team member would, on record as prospective_receiver', async () => {
      const c = await openCase(lead);
      const receiver = await professional();
      expect((await getCase(receiver, c.id)).status).toBe(404);
      const h = await proposed(lead, c.id, receiver);
      const read = await getCase(receiver, c.id);
      expect(read.status).toBe(200);
      expect((await http().get(`/api/cases/${c.id}/timeline`).set('Authorization', receiver.auth)).status).toBe(200);
      const [audit] = await ctx.db.query<{ purpose: string; outcome: string }>(
        `SELECT purpose, outcome FROM audit_events WHERE actor_id = $1 AND action = 'case.read' AND case_id = $2 ORDER BY seq DESC LIMIT 1`,
        [receiver.id, c.id],
      );
      expect(audit).toEqual({ purpose: 'prospective_receiver', outcome: 'success' });
      // ... but writes nothing to it.
      expect(
        (
          await http()
            .post(`/api/cases/${c.id}/entries`)
            .set('Authorization', receiver.auth)
            .send({ visibility: 'team', kind: 'note', body: 'x' })
        ).status,
      ).toBe(403);
      expect(h.status).toBe('proposed');
    });

    it('shows one handover to sender, receiver, team and coordinators; to others it does not exist', async () => {
      const c = await openCase(lead, [member]);
      const receiver = await professional();
      const h = await proposed(lead, c.id, receiver);
      for (const who of [lead, receiver, member, coordinator]) {
        const res = await http().get(`/api/handovers/${h.id}`).set('Authorization', who.auth);
        expect([who.id, res.status]).toEqual([who.id, 200]);
        expect(res.body.checklist).toEqual({ ...CHECKLIST, familyNotInformedReason: null });
      }
      const strip = (r: Response) => ({ ...problemOf(r, 404), requestId: undefined });
      const hidden = await http().get(`/api/handovers/${h.id}`).set('Authorization', outsider.auth);
      const never = await http().get(`/api/handovers/${randomUUID()}`).set('Authorization', outsider.auth);
      expect(strip(hidden)).toEqual(strip(never));
      expect(hidden.text).not.toContain(c.reference);
      const [coordinatorRead] = await ctx.db.query<{ purpose: string; resource_id: string }>(
        `SELECT purpose, resource_id FROM audit_events WHERE actor_id = $1 AND action = 'handover.read' ORDER BY seq DESC LIMIT 1`,
        [coordinator.id],
      );
      expect(coordinatorRead).toEqual({ purpose: 'coordinator_oversight', resource_id: h.id });
      const [denied] = await ctx.db.query<{ outcome: string }>(
        `SELECT outcome FROM audit_events WHERE actor_id = $1 AND action = 'handover.read'`,
        [outsider.id],
      );
      expect(denied).toEqual({ outcome: 'denied' });
    });

    it('ends the receiver’s access with a decline, and with a withdrawal', async () => {
      for (const ending of ['decline', 'withdraw'] as const) {
        const c = await openCase(lead);
        const receiver = await professional();
        const h = await proposed(lead, c.id, receiver);
        expect((await getCase(receiver, c.id)).status).toBe(200);
        const by = ending === 'decline' ? receiver : lead;
        const res = await act(by, h.id, ending, { reason: ending === 'decline' ? 'No capacity this month' : 'Family moved away' });
        expect([ending, res.status, res.body.status]).toEqual([ending, 200, ending === 'decline' ? 'declined' : 'withdrawn']);
        expect([ending, (await getCase(receiver, c.id)).status]).toEqual([ending, 404]);
        // The receiver still reads the record of this transfer (design.md §4), but none of the case in it.
        const record = await http().get(`/api/handovers/${h.id}`).set('Authorization', receiver.auth);
        expect([ending, record.status, record.body.checklist, record.body.status]).toEqual([
          ending,
          200,
          null,
          ending === 'decline' ? 'declined' : 'withdrawn',
        ]);
        expect(record.text).not.toContain(CHECKLIST.risks);
        const [readEvent] = await ctx.db.query<{ purpose: string; outcome: string }>(
          `SELECT purpose, outcome FROM audit_events WHERE action = 'handover.read' AND actor_id = $1 ORDER BY seq DESC LIMIT 1`,
          [receiver.id],
        );
        expect(readEvent).toEqual({ purpose: 'prospective_receiver', outcome: 'success' });
        expect(
          (
            await http()
              .get(`/api/handovers/${h.id}`)
              .set('Authorization', (await professional()).auth)
          ).status,
        ).toBe(404);
        // The sender keeps the case and its lead.
        expect((await getCase(lead, c.id)).body.leadUserId).toBe(lead.id);
        expect(await events(h.id)).toEqual([
          expect.objectContaining({ type: 'handover.proposed' }),
          {
            type: `handover.${ending === 'decline' ? 'declined' : 'withdrawn'}`,
            case_id: c.id,
            payload: { caseReference: c.reference, handoverId: h.id, fromUserId: lead.id, toUserId: receiver.id },
          },
        ]);
      }
    });

    it('hands the lead over on acceptance: the receiver leads, the sender is off the team and out of the case', async () => {
      const c = await openCase(lead, [member]);
      const receiver = await professional();
      const h = await proposed(lead, c.id, receiver);
      const briefed = await brief(receiver, h);
      expect(briefed).toMatchObject({ status: 'briefed', version: 2 });
      expect(briefed.meeting).toMatchObject({ participantIds: [lead.id, receiver.id], familyPresent: true, recordedBy: receiver.id });
      const accepted = await act(receiver, h.id, 'accept', { confirmInformed: true, note: 'Fully informed, thank you' });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ status: 'accepted', acceptNote: 'Fully informed, thank you', version: 3 });

      const seen = await getCase(receiver, c.id);
      expect(seen.status).toBe(200);
      expect(seen.body.leadUserId).toBe(receiver.id);
      expect(seen.body.team.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
        [receiver.id, 'lead'],
        [member.id, 'member'],
      ]);
      expect(problemOf(await getCase(lead, c.id), 404).code).toBe('CASE_NOT_FOUND');
      // The former sender reads the record of the transfer, without the case's content.
      const record = await http().get(`/api/handovers/${h.id}`).set('Authorization', lead.auth);
      expect([record.status, record.body.status, record.body.checklist, record.body.acceptNote, record.body.meeting.notes]).toEqual([
        200,
        'accepted',
        null,
        null,
        null,
      ]);
      const [ended] = await ctx.db.query<{ ended_reason: string }>(
        `SELECT ended_reason FROM case_memberships WHERE case_id = $1 AND user_id = $2`,
        [c.id, lead.id],
      );
      expect(ended.ended_reason).toBe('handed_over');
      expect((await events(h.id)).map((e) => e.type)).toEqual(['handover.proposed', 'handover.briefed', 'handover.accepted']);
      expect((await events(h.id, 'handover.accepted'))[0].payload).toEqual({
        caseReference: c.reference,
        handoverId: h.id,
        fromUserId: lead.id,
        toUserId: receiver.id,
      });
      // The receiver, now lead, may close the case; the timeline tells the story.
      const timeline = await http().get(`/api/cases/${c.id}/timeline`).set('Authorization', receiver.auth);
      const kinds = timeline.body.items.map((i: { kind: string }) => i.kind);
      expect(kinds).toEqual(expect.arrayContaining(['handover.proposed', 'handover.briefed', 'handover.accepted']));
      const proposal = timeline.body.items.find((i: { kind: string }) => i.kind === 'handover.proposed');
      expect(proposal).toMatchObject({
        restricted: false,
        actorId: lead.id,
        subjectId: h.id,
        detail: { checklist: { risks: CHECKLIST.risks } },
      });
      expect((await http().post(`/api/cases/${c.id}/close`).set('Authorization', receiver.auth).send({ reason: 'Safe now' })).status).toBe(
        200,
      );
    });

    it('hands a member’s role over as a member', async () => {
      const c = await openCase(lead, [member]);
      const receiver = await professional('police');
      const h = await proposed(member, c.id, receiver);
      await brief(member, h);
      expect((await act(receiver, h.id, 'accept', { confirmInformed: true })).status).toBe(200);
      const team = (await getCase(lead, c.id)).body.team.map((m: { userId: string; role: string }) => [m.userId, m.role]);
      expect(team).toEqual([
        [lead.id, 'lead'],
        [receiver.id, 'member'],
      ]);
    });

    it('makes a receiver who joined the team meanwhile the lead, with one current membership', async () => {
      const c = await openCase(lead);
      const receiver = await professional();
      const h = await proposed(lead, c.id, receiver);
      expect((await http().post(`/api/cases/${c.id}/team`).set('Authorization', lead.auth).send({ userId: receiver.id })).status).toBe(201);
      await brief(lead, h);
      expect((await act(receiver, h.id, 'accept', { confirmInformed: true })).status).toBe(200);
      const current = await ctx.db.query<{ user_id: string; role: string }>(
        `SELECT user_id, role FROM case_memberships WHERE case_id = $1 AND until IS NULL ORDER BY since`,
        [c.id],
      );
      expect(current).toEqual([{ user_id: receiver.id, role: 'lead' }]);
    });

    it('keeps the sender on the team and the case open while the handover is open', async () => {
      const c = await openCase(lead, [member]);
      const [r1, r2] = await Promise.all([professional(), professional()]);
      const fromMember = await proposed(member, c.id, r1);
      const fromLead = await proposed(lead, c.id, r2);
      expect(problemOf(await http().delete(`/api/cases/${c.id}/team/${member.id}`).set('Authorization', member.auth), 409).code).toBe(
        'HANDOVER_OPEN',
      );
      expect(problemOf(await http().delete(`/api/cases/${c.id}/team/${member.id}`).set('Authorization', lead.auth), 409).code).toBe(
        'HANDOVER_OPEN',
      );
      expect(
        problemOf(await http().post(`/api/cases/${c.id}/close`).set('Authorization', lead.auth).send({ reason: 'Unfounded' }), 409).code,
      ).toBe('HANDOVER_OPEN');
      expect((await act(member, fromMember.id, 'withdraw', { reason: 'Staying on after all' })).status).toBe(200);
      expect((await act(r2, fromLead.id, 'decline', { reason: 'No capacity' })).status).toBe(200);
      expect((await http().delete(`/api/cases/${c.id}/team/${member.id}`).set('Authorization', member.auth)).status).toBe(200);
      expect((await http().post(`/api/cases/${c.id}/close`).set('Authorization', lead.auth).send({ reason: 'Unfounded' })).status).toBe(
        200,
      );
    });
  });

  describe('transitions', () => {
    it('refuses what the state machine refuses, with the caller’s part deciding 403 and the state 409', async () => {
      const c = await openCase(lead, [member]);
      const receiver = await professional();
      const h = await proposed(lead, c.id, receiver);
      expect(problemOf(await act(receiver, h.id, 'accept', { confirmInformed: true }), 409).code).toBe('HANDOVER_NOT_BRIEFED');
      expect(problemOf(await act(lead, h.id, 'accept', { confirmInformed: true }), 403).code).toBe('HANDOVER_PARTY_FORBIDDEN');
      expect(problemOf(await act(lead, h.id, 'decline', { reason: 'x' }), 403).code).toBe('HANDOVER_PARTY_FORBIDDEN');
      expect(problemOf(await act(receiver, h.id, 'withdraw', { reason: 'x' }), 403).code).toBe('HANDOVER_PARTY_FORBIDDEN');
      expect(problemOf(await act(member, h.id, 'meeting', meetingOf(h)), 403).code).toBe('HANDOVER_PARTY_FORBIDDEN');
      expect(problemOf(await act(coordinator, h.id, 'meeting', meetingOf(h)), 403).code).toBe('HANDOVER_PARTY_FORBIDDEN');
      expect(problemOf(await act(outsider, h.id, 'withdraw', { reason: 'x' }), 404).code).toBe('HANDOVER_NOT_FOUND');

      const future = problemOf(
        await act(lead, h.id, 'meeting', meetingOf(h, { heldAt: new Date(Date.now() + 10 * MINUTE).toISOString() })),
        422,
      );
      expect([future.code, future.errors![0].field]).toEqual(['MEETING_IN_FUTURE', 'heldAt']);
      const alone = problemOf(await act(lead, h.id, 'meeting', meetingOf(h, { participantIds: [lead.id, member.id] })), 422);
      expect([alone.code, alone.missing]).toEqual(['MEETING_PARTIES_ABSENT', ['receiver']]);
      expect(problemOf(await act(lead, h.id, 'meeting', meetingOf(h, { participantIds: [] })), 422).missing).toEqual([
        'sender',
        'receiver',
      ]);
      expect(
        problemOf(await act(lead, h.id, 'meeting', meetingOf(h, { participantIds: [lead.id, receiver.id, randomUUID()] })), 422).code,
      ).toBe('UNKNOWN_PARTICIPANT');
      expect(
        (await ctx.db.query<{ status: string; version: number }>(`SELECT status, version FROM handovers WHERE id = $1`, [h.id]))[0],
      ).toEqual({
        status: 'proposed',
        version: 1,
      });

      await brief(lead, h);
      expect(problemOf(await act(receiver, h.id, 'meeting', meetingOf(h)), 409).code).toBe('HANDOVER_ALREADY_BRIEFED');
      const unconfirmed = problemOf(await act(receiver, h.id, 'accept', { confirmInformed: false }), 422);
      expect([unconfirmed.code, unconfirmed.errors![0].field]).toEqual(['NOT_CONFIRMED_INFORMED', 'confirmInformed']);
      expect((await act(receiver, h.id, 'decline', { reason: 'Not our region' })).status).toBe(200);
      // Ended: the sender, still on the team, hears why.
      expect(problemOf(await act(lead, h.id, 'withdraw', { reason: 'late' }), 409).code).toBe('HANDOVER_ENDED');
      expect((await events(h.id, 'handover.briefed'))[0].payload).toEqual({
        caseReference: c.reference,
        handoverId: h.id,
        fromUserId: lead.id,
        toUserId: receiver.id,
      });
    });

    it('lets exactly one of a concurrent accept and withdraw win; the other gets 409', async () => {
      for (let round = 0; round < 2; round++) {
        const c = await openCase(lead, [member]);
        const receiver = await professional();
        const h = await proposed(lead, c.id, receiver);
        await brief(lead, h);
        // Hold the handover row so that both requests are inside their transactions, waiting on it,
        // before either goes on. A client of its own: a Db transaction's context would leak into
        // the in-process app's requests started inside it.
        const holder = new Client({ connectionString: ctx.config.databaseUrl });
        await holder.connect();
        let pending: Promise<Response>[];
        let waiting = 0;
        try {
          await holder.query('BEGIN');
          await holder.query(`SELECT 1 FROM handovers WHERE id = $1 FOR UPDATE`, [h.id]);
          pending = [
            act(receiver, h.id, 'accept', { confirmInformed: true }).then((r) => r),
            act(lead, h.id, 'withdraw', { reason: 'Changed my mind' }).then((r) => r),
          ];
          // Within a transaction the activity view is a snapshot: clear it to see the requests arrive.
          waiting = await waitFor(
            'both requests waiting on the lock',
            async () => {
              await holder.query('SELECT pg_stat_clear_snapshot()');
              const { rows } = await holder.query<{ n: number }>(
                `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
                [ctx.databaseName],
              );
              return rows[0].n >= 2 && rows[0].n;
            },
            5000,
            10,
          );
          await holder.query('COMMIT');
        } finally {
          await holder.end();
        }
        const [accepted, withdrawn] = await Promise.all(pending);
        expect(waiting).toBe(2);
        const statuses = [accepted.status, withdrawn.status].sort();
        expect(statuses).toEqual([200, 409]);
        const loser = accepted.status === 409 ? accepted : withdrawn;
        expect(problemOf(loser, 409).code).toBe('HANDOVER_ENDED');
        const [row] = await ctx.db.query<{ status: string; version: number }>(`SELECT status, version FROM handovers WHERE id = $1`, [
          h.id,
        ]);
        expect(row).toEqual({ status: accepted.status === 200 ? 'accepted' : 'withdrawn', version: 3 });
        const lead_ = (
          await ctx.db.query<{ user_id: string }>(
            `SELECT user_id FROM case_memberships WHERE case_id = $1 AND role = 'lead' AND until IS NULL`,
            [c.id],
          )
        )[0];
        expect(lead_.user_id).toBe(accepted.status === 200 ? receiver.id : lead.id);
        expect((await events(h.id)).filter((e) => ['handover.accepted', 'handover.withdrawn'].includes(e.type))).toHaveLength(1);
      }
    });

    it('refuses a transition that names a stale version with 409 STALE_VERSION and changes nothing; the current one passes', async () => {
      const c = await openCase(lead, [member]);
      const receiver = await professional();
      const h = await proposed(lead, c.id, receiver);
      expect(h.version).toBe(1);
      const briefed = (await act(lead, h.id, 'meeting', { ...meetingOf(h), version: 1 }).expect(200)).body as HandoverBody;
      expect(briefed.version).toBe(2);
      const stale = await act(receiver, h.id, 'accept', { confirmInformed: true, version: 1 });
      expect(problemOf(stale, 409).code).toBe('STALE_VERSION');
      const [row] = await ctx.db.query<{ status: string; version: number }>(`SELECT status, version FROM handovers WHERE id = $1`, [h.id]);
      expect(row).toEqual({ status: 'briefed', version: 2 });
      expect(await ctx.db.query(`SELECT user_id FROM case_memberships WHERE case_id = $1 AND user_id = $2`, [c.id, receiver.id])).toEqual(
        [],
      );
      expect((await events(h.id, 'handover.accepted')).length).toBe(0);
      const accepted = await act(receiver, h.id, 'accept', { confirmInformed: true, version: 2 });
      expect(accepted.status).toBe(200);
      expect((accepted.body as HandoverBody).version).toBe(3);
    });
  });

  describe('deadlines', () => {
    const fire = (at: Date) => ctx.db.transaction((tx) => fireDueTimers(tx, at));

    it('reminds the receiver halfway and raises overdue once at respondBy', async () => {
      const c = await openCase(lead);
      const receiver = await professional();
      const start = ctx.clock.now().getTime();
      const respondBy = new Date(start + 60 * MINUTE);
      const h = await proposed(lead, c.id, receiver, { respondBy: respondBy.toISOString() });
      const proposedAt = new Date(h.proposedAt).getTime();
      const half = proposedAt + Math.floor((respondBy.getTime() - proposedAt) / 2);

      await fire(new Date(half - 1000));
      expect((await events(h.id)).map((e) => e.type)).toEqual(['handover.proposed']);
      await fire(new Date(half));
      expect(await events(h.id, 'handover.response_due')).toEqual([
        {
          type: 'handover.response_due',
          case_id: c.id,
          payload: { caseReference: c.reference, handoverId: h.id, toUserId: receiver.id, respondBy: respondBy.toISOString() },
        },
      ]);
      await fire(new Date(respondBy.getTime() - 1000));
      expect(await events(h.id, 'handover.overdue')).toEqual([]);
      await fire(respondBy);
      await fire(new Date(respondBy.getTime() + 60 * MINUTE));
      expect(await events(h.id, 'handover.overdue')).toEqual([
        {
          type: 'handover.overdue',
          case_id: c.id,
          payload: {
            caseReference: c.reference,
            handoverId: h.id,
            fromUserId: lead.id,
            toUserId: receiver.id,
            respondBy: respondBy.toISOString(),
          },
        },
      ]);
      expect(await events(h.id, 'handover.response_due')).toHaveLength(1);
    });

    it('cancels both deadlines when the handover ends', async () => {
      for (const ending of ['accept', 'decline', 'withdraw'] as const) {
        const c = await openCase(lead);
        const receiver = await professional();
        const h = await proposed(lead, c.id, receiver, { respondBy: new Date(ctx.clock.now().getTime() + 10 * MINUTE).toISOString() });
        if (ending === 'accept') {
          await brief(lead, h);
          expect((await act(receiver, h.id, 'accept', { confirmInformed: true })).status).toBe(200);
        } else {
          expect((await act(ending === 'decline' ? receiver : lead, h.id, ending, { reason: 'Ends here' })).status).toBe(200);
        }
        expect(await ctx.db.query(`SELECT key FROM timers WHERE key LIKE $1`, [`handover:${h.id}:%`])).toEqual([]);
        await fire(new Date(ctx.clock.now().getTime() + 24 * 60 * MINUTE));
        const raised = (await events(h.id)).map((e) => e.type);
        expect([ending, raised.filter((t) => t === 'handover.overdue' || t === 'handover.response_due')]).toEqual([ending, []]);
      }
    });
  });

  describe('my handovers', () => {
    it('lists incoming and outgoing, by status, newest first, page by page', async () => {
      const sender = await professional();
      const receiver = await professional();
      const c1 = await openCase(sender);
      const c2 = await openCase(sender);
      const first = await proposed(sender, c1.id, receiver);
      const second = await proposed(sender, c2.id, receiver);
      expect((await act(receiver, first.id, 'decline', { reason: 'No capacity' })).status).toBe(200);
      const list = (who: TestUser, query: string) => http().get(`/api/handovers${query}`).set('Authorization', who.auth);

      const outgoing = await list(sender, '?direction=outgoing');
      expect(outgoing.status).toBe(200);
      expect(outgoing.body.items.map((i: { id: string }) => i.id)).toEqual([second.id, first.id]);
      expect(outgoing.body.items[0]).not.toHaveProperty('checklist');
      expect((await list(sender, '?direction=incoming')).body.items).toEqual([]);
      expect((await list(receiver, '?direction=incoming&status=declined')).body.items.map((i: { id: string }) => i.id)).toEqual([first.id]);
      expect((await list(receiver, '')).body.items).toHaveLength(2);

      const page1 = await list(receiver, '?limit=1');
      expect(page1.body.items.map((i: { id: string }) => i.id)).toEqual([second.id]);
      const page2 = await list(receiver, `?limit=1&cursor=${page1.body.nextCursor}`);
      expect([page2.body.items.map((i: { id: string }) => i.id), page2.body.nextCursor]).toEqual([[first.id], null]);
      expect(problemOf(await list(receiver, '?cursor=bm9wZQ'), 400).errors![0].field).toBe('cursor');
    });
  });

  describe('bad bodies', () => {
    it('get 400 naming the field, and change nothing', async () => {
      const c = await openCase(lead, [member]);
      const receiver = await professional();
      const h = await proposed(lead, c.id, receiver);
      const snapshot = async () => ({
        handovers: await ctx.db.query(`SELECT id, status, version, meeting FROM handovers WHERE case_id = $1 ORDER BY id`, [c.id]),
        events: (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_events WHERE case_id = $1`, [c.id]))[0].n,
        team: await ctx.db.query(`SELECT user_id, role, until FROM case_memberships WHERE case_id = $1 ORDER BY id`, [c.id]),
      });
      const before = await snapshot();
      const cases: [string, () => request.Test, string][] = [
        ['propose: toUserId not a uuid', () => propose(member, c.id, { toUserId: 'nobody', checklist: CHECKLIST }), 'toUserId'],
        ['propose: toUserId missing', () => propose(member, c.id, { checklist: CHECKLIST }), 'toUserId'],
        [
          'propose: a checklist item of the wrong type',
          () => propose(member, c.id, { toUserId: receiver.id, checklist: { ...CHECKLIST, risks: 5 } }),
          'checklist.risks',
        ],
        [
          'propose: familyInformed not a boolean',
          () => propose(member, c.id, { toUserId: receiver.id, checklist: { ...CHECKLIST, familyInformed: 'yes' } }),
          'checklist.familyInformed',
        ],
        ['propose: checklist not an object', () => propose(member, c.id, { toUserId: receiver.id, checklist: 'all fine' }), 'checklist'],
        [
          'propose: respondBy not a time',
          () => propose(member, c.id, { toUserId: receiver.id, checklist: CHECKLIST, respondBy: 'next week' }),
          'respondBy',
        ],
        [
          'propose: unknown field',
          () => propose(member, c.id, { toUserId: receiver.id, checklist: CHECKLIST, priority: 'high' }),
          'priority',
        ],
        ['meeting: heldAt not a time', () => act(lead, h.id, 'meeting', meetingOf(h, { heldAt: 'yesterday' })), 'heldAt'],
        ['meeting: participantIds not uuids', () => act(lead, h.id, 'meeting', meetingOf(h, { participantIds: ['me'] })), 'participantIds'],
        ['meeting: familyPresent missing', () => act(lead, h.id, 'meeting', meetingOf(h, { familyPresent: undefined })), 'familyPresent'],
        ['meeting: notes empty', () => act(lead, h.id, 'meeting', meetingOf(h, { notes: '  ' })), 'notes'],
        ['accept: confirmInformed missing', () => act(receiver, h.id, 'accept', {}), 'confirmInformed'],
        ['accept: confirmInformed a string', () => act(receiver, h.id, 'accept', { confirmInformed: 'true' }), 'confirmInformed'],
        ['decline: reason missing', () => act(receiver, h.id, 'decline', {}), 'reason'],
        ['decline: reason blank', () => act(receiver, h.id, 'decline', { reason: '   ' }), 'reason'],
        ['withdraw: reason not text', () => act(lead, h.id, 'withdraw', { reason: 42 }), 'reason'],
        [
          'withdraw: body an array',
          () =>
            http()
              .post(`/api/handovers/${h.id}/withdraw`)
              .set('Authorization', lead.auth)
              .send([{ reason: 'x' }]),
          'body',
        ],
        ['get: id not a uuid', () => http().get('/api/handovers/not-an-id').set('Authorization', lead.auth), 'id'],
        ['list: direction unknown', () => http().get('/api/handovers?direction=sideways').set('Authorization', lead.auth), 'direction'],
        ['list: status unknown', () => http().get('/api/handovers?status=open').set('Authorization', lead.auth), 'status'],
      ];
      for (const [name, send, field] of cases) {
        const res = await send();
        const body = problemOf(res, 400);
        expect([name, body.errors!.map((e) => e.field)]).toEqual([name, expect.arrayContaining([field])]);
      }
      expect(await snapshot()).toEqual(before);
    });
  });
});
