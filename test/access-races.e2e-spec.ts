import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';
import { inOrderOnCaseRow } from './race-support';

/**
 * Issue 15, findings 1 and 2: access is decided on what holds once the case row is locked, not on
 * what held when the request began to wait for it. Each race runs 20 times, in both orders (10
 * each), through HTTP against the real Postgres: the receiver accepting a handover against the
 * sender closing the case, concluding the intake or adding a team member (finding 1), and a member
 * leaving the team against the same member proposing a handover (finding 2).
 */
const ROUNDS = 20;
/** Twenty rounds of setup and two requests each: far more than one test's default 30 s on a busy machine. */
const RACE_TIMEOUT = 180_000;
const CHECKLIST = {
  safetySituation: 'Mother and children stay with the grandmother',
  risks: 'Father still has a key to the house',
  safetyAgreements: 'No unsupervised contact with the father',
  openActions: 'Talk with the school mentor on Thursday',
  involvedProfessionals: 'GP, school mentor, Veilig Thuis',
  expectations: 'Weekly home visits for the first month',
  familyInformed: true,
};
const WAIVERS = [
  { discipline: 'police', reason: 'No offence reported' },
  { discipline: 'forensic_medicine', reason: 'No physical harm' },
  { discipline: 'social_work', reason: 'Assessed by Veilig Thuis before' },
];

describe('access decided after the lock (issue 15 findings 1 and 2)', () => {
  let ctx: TestContext;
  const http = () => request(ctx.app.getHttpServer());
  const professional = () => ctx.factory.user({ discipline: 'social_work' });

  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(async () => {
    await ctx?.close();
  });

  const ok = async (res: PromiseLike<request.Response>, status: number) => {
    const r = await res;
    if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${r.text}`);
    return r.body;
  };
  const openCase = async (lead: TestUser, members: TestUser[]) => {
    const c = await ok(
      http().post('/api/cases').set('Authorization', lead.auth).send({ urgency: 'urgent', source: 'school', summary: 'Bruises seen' }),
      201,
    );
    for (const m of members) await ok(http().post(`/api/cases/${c.id}/team`).set('Authorization', lead.auth).send({ userId: m.id }), 201);
    return c as { id: string };
  };
  const propose = (by: TestUser, caseId: string, to: TestUser) =>
    http()
      .post(`/api/cases/${caseId}/handovers`)
      .set('Authorization', by.auth)
      .send({ toUserId: to.id, reason: 'Moving', checklist: CHECKLIST });
  /** A case led by `lead`, with `member` on the team and the lead's handover to `receiver` briefed. */
  const briefedLeadHandover = async () => {
    const [lead, member, receiver] = await Promise.all([professional(), professional(), professional()]);
    const c = await openCase(lead, [member]);
    const h = await ok(propose(lead, c.id, receiver), 201);
    await ok(
      http()
        .post(`/api/handovers/${h.id}/meeting`)
        .set('Authorization', lead.auth)
        .send({ heldAt: ctx.clock.now().toISOString(), participantIds: [lead.id, receiver.id], familyPresent: false, notes: 'Met' }),
      200,
    );
    return { lead, member, receiver, caseId: c.id, handoverId: h.id as string };
  };
  const accept = (receiver: TestUser, handoverId: string) => () =>
    http().post(`/api/handovers/${handoverId}/accept`).set('Authorization', receiver.auth).send({ confirmInformed: true });
  const team = (caseId: string) =>
    ctx.db.query<{ user_id: string; role: string }>(
      `SELECT user_id, role FROM case_memberships WHERE case_id = $1 AND until IS NULL ORDER BY role, user_id`,
      [caseId],
    );
  const handoverStatus = async (id: string) =>
    (await ctx.db.query<{ status: string }>(`SELECT status FROM handovers WHERE id = $1`, [id]))[0].status;
  /** Round i lets the acceptance in first when i is even, the sender's request first when odd. */
  const acceptFirst = (round: number) => round % 2 === 0;

  it(
    `accept against the sender closing the case: only the acceptance ever succeeds (${ROUNDS} rounds)`,
    async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const s = await briefedLeadHandover();
        const close = () => http().post(`/api/cases/${s.caseId}/close`).set('Authorization', s.lead.auth).send({ reason: 'Unfounded' });
        const [accepted, closed] = acceptFirst(round)
          ? await inOrderOnCaseRow(ctx, s.caseId, accept(s.receiver, s.handoverId), close)
          : (await inOrderOnCaseRow(ctx, s.caseId, close, accept(s.receiver, s.handoverId))).reverse();
        expect([round, accepted.status]).toEqual([round, 200]);
        // Accepted first: the former lead is off the team and sees no case (404). Closing first: a handover is open (409).
        if (acceptFirst(round)) expect([round, problemOf(closed, 404).code]).toEqual([round, 'CASE_NOT_FOUND']);
        else expect([round, problemOf(closed, 409).code]).toEqual([round, 'HANDOVER_OPEN']);
        const [row] = await ctx.db.query<{ status: string }>(`SELECT status FROM cases WHERE id = $1`, [s.caseId]);
        expect([round, row.status, await team(s.caseId)]).toEqual([
          round,
          'intake',
          [
            { user_id: s.receiver.id, role: 'lead' },
            { user_id: s.member.id, role: 'member' },
          ],
        ]);
      }
    },
    RACE_TIMEOUT,
  );

  it(
    `accept against the sender concluding the intake: only the acceptance ever succeeds (${ROUNDS} rounds)`,
    async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const s = await briefedLeadHandover();
        await ok(
          http()
            .post(`/api/cases/${s.caseId}/intake`)
            .set('Authorization', s.lead.auth)
            .send({ scheduledAt: ctx.clock.now().toISOString(), participantIds: [s.member.id] }),
          201,
        );
        // The conclusion would make the member lead: refused while the lead's handover is open, and
        // refused to anyone who is no longer the lead once it is accepted.
        const conclude = () =>
          http().post(`/api/cases/${s.caseId}/intake/conclude`).set('Authorization', s.lead.auth).send({
            decision: 'Voluntary help',
            safety: 'conditionally_safe',
            leadUserId: s.member.id,
            actions: [],
            waivedDisciplines: WAIVERS,
          });
        const [accepted, concluded] = acceptFirst(round)
          ? await inOrderOnCaseRow(ctx, s.caseId, accept(s.receiver, s.handoverId), conclude)
          : (await inOrderOnCaseRow(ctx, s.caseId, conclude, accept(s.receiver, s.handoverId))).reverse();
        expect([round, accepted.status]).toEqual([round, 200]);
        if (acceptFirst(round)) expect([round, problemOf(concluded, 404).code]).toEqual([round, 'CASE_NOT_FOUND']);
        else expect([round, problemOf(concluded, 409).code]).toEqual([round, 'HANDOVER_OPEN']);
        const [intake] = await ctx.db.query<{ status: string; concluded_by: string | null }>(
          `SELECT k.status, k.concluded_by FROM intakes k WHERE k.case_id = $1`,
          [s.caseId],
        );
        expect([round, intake]).toEqual([round, { status: 'planned', concluded_by: null }]);
        expect([round, await team(s.caseId)]).toEqual([
          round,
          [
            { user_id: s.receiver.id, role: 'lead' },
            { user_id: s.member.id, role: 'member' },
          ],
        ]);
      }
    },
    RACE_TIMEOUT,
  );

  it(
    `accept against the sender adding a team member: the add succeeds only while the sender still leads (${ROUNDS} rounds)`,
    async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const s = await briefedLeadHandover();
        const newcomer = await professional();
        const add = () => http().post(`/api/cases/${s.caseId}/team`).set('Authorization', s.lead.auth).send({ userId: newcomer.id });
        const [accepted, added] = acceptFirst(round)
          ? await inOrderOnCaseRow(ctx, s.caseId, accept(s.receiver, s.handoverId), add)
          : (await inOrderOnCaseRow(ctx, s.caseId, add, accept(s.receiver, s.handoverId))).reverse();
        expect([round, accepted.status]).toEqual([round, 200]);
        const expected = [
          { user_id: s.receiver.id, role: 'lead' },
          ...[s.member.id, ...(acceptFirst(round) ? [] : [newcomer.id])].sort().map((id) => ({ user_id: id, role: 'member' })),
        ];
        // Added first, by the lead while still lead: both stand. Accepted first: the add comes from someone off the team.
        if (acceptFirst(round)) expect([round, problemOf(added, 404).code]).toEqual([round, 'CASE_NOT_FOUND']);
        else expect([round, added.status]).toEqual([round, 201]);
        expect([round, await team(s.caseId)]).toEqual([round, expected]);
      }
    },
    RACE_TIMEOUT,
  );

  it(
    `a member leaving the team against proposing a handover: never both (${ROUNDS} rounds)`,
    async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const [lead, member, receiver] = await Promise.all([professional(), professional(), professional()]);
        const c = await openCase(lead, [member]);
        const leave = () => http().delete(`/api/cases/${c.id}/team/${member.id}`).set('Authorization', member.auth);
        const hand = () => propose(member, c.id, receiver);
        const leaveFirst = round % 2 === 0;
        const [left, proposed] = leaveFirst
          ? await inOrderOnCaseRow(ctx, c.id, leave, hand)
          : (await inOrderOnCaseRow(ctx, c.id, hand, leave)).reverse();
        const open = await ctx.db.query<{ id: string }>(
          `SELECT id FROM handovers WHERE case_id = $1 AND status IN ('proposed','briefed')`,
          [c.id],
        );
        const onTeam = (await team(c.id)).some((m) => m.user_id === member.id);
        if (leaveFirst) {
          // Left first: the proposer is no longer on the team, so the case is not theirs to see.
          expect([round, left.status, problemOf(proposed, 404).code]).toEqual([round, 200, 'CASE_NOT_FOUND']);
          expect([round, onTeam, open]).toEqual([round, false, []]);
        } else {
          expect([round, proposed.status, problemOf(left, 409).code]).toEqual([round, 201, 'HANDOVER_OPEN']);
          expect([round, onTeam, open.map((h) => h.id)]).toEqual([round, true, [proposed.body.id]]);
          expect([round, await handoverStatus(proposed.body.id)]).toEqual([round, 'proposed']);
        }
      }
    },
    RACE_TIMEOUT,
  );
});
