import { createTestApp, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';

/**
 * Issue 15, team membership rules through HTTP against the real Postgres:
 * - finding 8: two handovers to the same receiver (the lead's and a member's), accepted in either
 *   order: each ends its sender's membership, the receiver keeps one current membership with the
 *   stronger role, and the case keeps exactly one lead.
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

describe('team membership rules (issue 15)', () => {
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
  const briefedHandover = async (from: TestUser, caseId: string, to: TestUser): Promise<string> => {
    const h = await ok(
      http()
        .post(`/api/cases/${caseId}/handovers`)
        .set('Authorization', from.auth)
        .send({ toUserId: to.id, reason: 'Moving', checklist: CHECKLIST }),
      201,
    );
    await ok(
      http()
        .post(`/api/handovers/${h.id}/meeting`)
        .set('Authorization', from.auth)
        .send({ heldAt: ctx.clock.now().toISOString(), participantIds: [from.id, to.id], familyPresent: true, notes: 'Met' }),
      200,
    );
    return h.id;
  };
  const memberships = (caseId: string) =>
    ctx.db.query<{ user_id: string; role: string; current: boolean }>(
      `SELECT user_id, role, until IS NULL AS current FROM case_memberships WHERE case_id = $1 ORDER BY since, role`,
      [caseId],
    );

  describe('two handovers to the same receiver (finding 8)', () => {
    it.each(['lead’s first', 'member’s first'] as const)('accepting the %s: both succeed, one lead, one membership each', async (order) => {
      const [lead, member, receiver, other] = await Promise.all([professional(), professional(), professional(), professional()]);
      const c = await openCase(lead, [member, other]);
      const fromLead = await briefedHandover(lead, c.id, receiver);
      const fromMember = await briefedHandover(member, c.id, receiver);
      const accept = (handoverId: string) =>
        http().post(`/api/handovers/${handoverId}/accept`).set('Authorization', receiver.auth).send({ confirmInformed: true });
      const sequence = order === 'lead’s first' ? [fromLead, fromMember] : [fromMember, fromLead];
      for (const handoverId of sequence) {
        const res = await accept(handoverId);
        expect([handoverId, res.status, res.body.status]).toEqual([handoverId, 200, 'accepted']);
      }
      const all = await memberships(c.id);
      const current = all.filter((m) => m.current);
      expect(current.filter((m) => m.role === 'lead')).toEqual([{ user_id: receiver.id, role: 'lead', current: true }]);
      expect(current.filter((m) => m.user_id === receiver.id)).toHaveLength(1);
      expect(current.map((m) => m.user_id).sort()).toEqual([receiver.id, other.id].sort());
      // Both senders' memberships ended by their handovers.
      const ended = await ctx.db.query<{ user_id: string; ended_reason: string }>(
        `SELECT user_id, ended_reason FROM case_memberships WHERE case_id = $1 AND user_id = ANY($2::uuid[])`,
        [c.id, [lead.id, member.id]],
      );
      expect(ended.map((m) => m.ended_reason)).toEqual(['handed_over', 'handed_over']);
      const file = await ok(http().get(`/api/cases/${c.id}`).set('Authorization', receiver.auth), 200);
      expect(file.leadUserId).toBe(receiver.id);
      for (const sender of [lead, member])
        expect((await http().get(`/api/cases/${c.id}`).set('Authorization', sender.auth)).status).toBe(404);
    });
  });
});
