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
const CHECKLIST = {
  safetySituation: 'Mother and children stay with the grandmother',
  risks: 'Father still has a key to the house',
  safetyAgreements: 'No unsupervised contact with the father',
  openActions: 'Talk with the school mentor on Thursday',
  involvedProfessionals: 'GP, school mentor, Veilig Thuis',
  expectations: 'Weekly home visits for the first month',
  familyInformed: true,
};
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
  const handoverStatus = async (id: string) =>
    (await ctx.db.query<{ status: string }>(`SELECT status FROM handovers WHERE id = $1`, [id]))[0].status;
  const team = (caseId: string) =>
    ctx.db.query<{ user_id: string; role: string }>(
      `SELECT user_id, role FROM case_memberships WHERE case_id = $1 AND until IS NULL ORDER BY role, user_id`,
      [caseId],
    );
  it(`a member leaving the team against proposing a handover: never both (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [lead, member, receiver] = await Promise.all([professional(), professional(), professional()]);
      const c = await openCase(lead, [member]);
      const leave = () => http().delete(`/api/cases/${c.id}/team/${member.id}`).set('Authorization', member.auth);
      const hand = () => propose(member, c.id, receiver);
      const leaveFirst = round % 2 === 0;
      const [left, proposed] = leaveFirst
        ? await inOrderOnCaseRow(ctx, c.id, leave, hand)
        : (await inOrderOnCaseRow(ctx, c.id, hand, leave)).reverse();
      const open = await ctx.db.query<{ id: string }>(`SELECT id FROM handovers WHERE case_id = $1 AND status IN ('proposed','briefed')`, [
        c.id,
      ]);
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
  });
});
