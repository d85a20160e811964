import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';

/**
 * Issue 15 finding 13, the handover decisions:
 * - a party to a handover who no longer has access to the case (the receiver after a withdrawal or
 *   a decline) reads who, when and how it ended, and none of its free text: not the withdraw reason;
 * - the handover meeting cannot be held before the proposal: 422 naming heldAt, nothing changed.
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
const WITHDRAW_REASON = 'Family moved to Utrecht, the local team there takes over';
const DECLINE_REASON = 'I know the father privately';

describe('handover decisions (issue 15 finding 13)', () => {
  let ctx: TestContext;
  const http = () => request(ctx.app.getHttpServer());
  const professional = () => ctx.factory.user({ discipline: 'social_work' });

  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(async () => {
    await ctx?.close();
  });

  const proposed = async (lead: TestUser, receiver: TestUser) => {
    const c = await http()
      .post('/api/cases')
      .set('Authorization', lead.auth)
      .send({ urgency: 'urgent', source: 'school', summary: 'Bruises' });
    expect(c.status).toBe(201);
    const h = await http()
      .post(`/api/cases/${c.body.id}/handovers`)
      .set('Authorization', lead.auth)
      .send({ toUserId: receiver.id, reason: 'Moving to the local team', checklist: CHECKLIST });
    expect(h.status).toBe(201);
    return h.body as { id: string; caseId: string; proposedAt: string };
  };
  const read = (who: TestUser, id: string) => http().get(`/api/handovers/${id}`).set('Authorization', who.auth);

  describe('a receiver without access to the case any more', () => {
    it('sees that and when the handover was withdrawn, and by whom, not why; the sender on the team sees the reason', async () => {
      const [lead, receiver] = await Promise.all([professional(), professional()]);
      const h = await proposed(lead, receiver);
      expect(
        (await http().post(`/api/handovers/${h.id}/withdraw`).set('Authorization', lead.auth).send({ reason: WITHDRAW_REASON })).status,
      ).toBe(200);
      const seen = await read(receiver, h.id);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({
        status: 'withdrawn',
        fromUserId: lead.id,
        withdrawnAt: expect.any(String),
        withdrawReason: null,
        reason: null,
      });
      expect(seen.text).not.toContain(WITHDRAW_REASON);
      expect((await read(lead, h.id)).body.withdrawReason).toBe(WITHDRAW_REASON);
    });

    it('after declining, reads the record without the decline reason either; the sender sees it', async () => {
      const [lead, receiver] = await Promise.all([professional(), professional()]);
      const h = await proposed(lead, receiver);
      expect(
        (await http().post(`/api/handovers/${h.id}/decline`).set('Authorization', receiver.auth).send({ reason: DECLINE_REASON })).status,
      ).toBe(200);
      const seen = await read(receiver, h.id);
      expect(seen.body).toMatchObject({ status: 'declined', declinedAt: expect.any(String), declineReason: null });
      expect(seen.text).not.toContain(DECLINE_REASON);
      expect((await read(lead, h.id)).body.declineReason).toBe(DECLINE_REASON);
    });
  });

  describe('the handover meeting', () => {
    const meeting = (h: { id: string }, by: TestUser, to: TestUser, heldAt: Date) =>
      http()
        .post(`/api/handovers/${h.id}/meeting`)
        .set('Authorization', by.auth)
        .send({ heldAt: heldAt.toISOString(), participantIds: [by.id, to.id], familyPresent: true, notes: 'Went through the plan' });

    it('refuses a heldAt before the proposal with 422 naming heldAt, and changes nothing', async () => {
      const [lead, receiver] = await Promise.all([professional(), professional()]);
      const h = await proposed(lead, receiver);
      // Before the minute of the proposal: a time written to the minute may not precede that minute.
      const before = new Date(Math.floor(new Date(h.proposedAt).getTime() / 60_000) * 60_000 - 1);
      const refused = problemOf(await meeting(h, lead, receiver, before), 422);
      expect([refused.code, refused.errors]).toEqual([
        'MEETING_BEFORE_PROPOSAL',
        [{ field: 'heldAt', message: 'heldAt must not lie before the proposal (proposedAt)' }],
      ]);
      const [row] = await ctx.db.query(`SELECT status, version, meeting, briefed_at FROM handovers WHERE id = $1`, [h.id]);
      expect(row).toEqual({ status: 'proposed', version: 1, meeting: null, briefed_at: null });
      const events = await ctx.db.query(`SELECT 1 FROM outbox_events WHERE type = 'handover.briefed' AND payload->>'handoverId' = $1`, [
        h.id,
      ]);
      expect(events).toEqual([]);
    });

    it('accepts a meeting held at the moment of the proposal or later', async () => {
      const [lead, receiver] = await Promise.all([professional(), professional()]);
      const h = await proposed(lead, receiver);
      const res = await meeting(h, lead, receiver, new Date(h.proposedAt));
      expect([res.status, res.body.status]).toEqual([200, 'briefed']);
    });

    it('accepts a meeting written to the minute of the proposal (as a form writes a time)', async () => {
      const [lead, receiver] = await Promise.all([professional(), professional()]);
      const h = await proposed(lead, receiver);
      const minute = new Date(Math.floor(new Date(h.proposedAt).getTime() / 60_000) * 60_000);
      const res = await meeting(h, lead, receiver, minute);
      expect([res.status, res.body.status]).toEqual([200, 'briefed']);
    });
  });
});
