import { createTestApp, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';

/**
 * Issue 15, team membership rules through HTTP against the real Postgres:
 * - finding 8: two handovers to the same receiver (the lead's and a member's), accepted in either
 *   order: each ends its sender's membership, the receiver keeps one current membership with the
 *   stronger role, and the case keeps exactly one lead.
 * - finding 9: only active professionals join a team, whether the lead adds them or they receive a
 *   handover: one rule (requireActiveProfessional in libs/cases) for both.
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

  describe('only active professionals join a team (finding 9)', () => {
    const accounts = async () => ({
      'admin only': await ctx.factory.user({ roles: ['admin'] }),
      'coordinator only': await ctx.factory.user({ roles: ['coordinator'] }),
      'inactive professional': await ctx.factory.user({ active: false }),
    });

    it('refuses to add an account without the professional role, or an inactive one: 422 naming userId, nothing changed', async () => {
      const lead = await professional();
      const c = await openCase(lead, []);
      for (const [kind, user] of Object.entries(await accounts())) {
        const res = await http().post(`/api/cases/${c.id}/team`).set('Authorization', lead.auth).send({ userId: user.id });
        expect([kind, res.status, res.headers['content-type']]).toEqual([kind, 422, expect.stringContaining('application/problem+json')]);
        expect([kind, res.body.errors]).toEqual([kind, [{ field: 'userId', message: 'userId names no active professional' }]]);
        // Not on the team, so none of the case's content: an admin sees no case, a coordinator only oversight, an inactive account nothing.
        const content = await http().get(`/api/cases/${c.id}/entries`).set('Authorization', user.auth);
        expect([kind, content.status]).toEqual([kind, { 'admin only': 404, 'coordinator only': 403, 'inactive professional': 401 }[kind]]);
      }
      expect((await memberships(c.id)).map((m) => m.user_id)).toEqual([lead.id]);
      const events = await ctx.db.query(`SELECT 1 FROM outbox_events WHERE case_id = $1 AND type = 'team.member_added'`, [c.id]);
      expect(events).toEqual([]);
    });

    it('adds a professional who also holds other roles', async () => {
      const lead = await professional();
      const c = await openCase(lead, []);
      const both = await ctx.factory.user({ roles: ['professional', 'admin'] });
      expect((await http().post(`/api/cases/${c.id}/team`).set('Authorization', lead.auth).send({ userId: both.id })).status).toBe(201);
    });

    it('refuses the same accounts as receivers of a handover, by the same rule, naming toUserId', async () => {
      const lead = await professional();
      const c = await openCase(lead, []);
      for (const [kind, user] of Object.entries(await accounts())) {
        const res = await http()
          .post(`/api/cases/${c.id}/handovers`)
          .set('Authorization', lead.auth)
          .send({ toUserId: user.id, reason: 'Moving', checklist: CHECKLIST });
        expect([kind, res.status, res.body.code, res.body.errors]).toEqual([
          kind,
          422,
          'UNKNOWN_RECEIVER',
          [{ field: 'toUserId', message: 'toUserId names no active professional' }],
        ]);
      }
    });

    it('refuses the acceptance of a receiver who is no longer a professional, and changes nothing', async () => {
      const [lead, receiver] = await Promise.all([professional(), professional()]);
      const c = await openCase(lead, []);
      const h = await briefedHandover(lead, c.id, receiver);
      await ctx.db.query(`UPDATE users SET roles = '{admin}' WHERE id = $1`, [receiver.id]);
      const res = await http().post(`/api/handovers/${h}/accept`).set('Authorization', receiver.auth).send({ confirmInformed: true });
      expect([res.status, res.body.code, res.body.errors]).toEqual([
        422,
        'UNKNOWN_RECEIVER',
        [{ field: 'toUserId', message: 'toUserId names no active professional' }],
      ]);
      expect((await memberships(c.id)).map((m) => [m.user_id, m.role, m.current])).toEqual([[lead.id, 'lead', true]]);
      const [row] = await ctx.db.query(`SELECT status FROM handovers WHERE id = $1`, [h]);
      expect(row).toEqual({ status: 'briefed' });
    });
  });
});
