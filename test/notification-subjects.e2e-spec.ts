import { randomUUID } from 'node:crypto';
import { fireDueTimers, writeOutboxEvents } from '@oneroof/platform';
import { createTestApp, waitFor, type TestContext, type TestUser } from '@oneroof/testing';
import type { WorkerApp } from '../apps/worker/src/bootstrap';
import { assessmentBody, examinationBody, http, interviewBody, isoIn, minutes, openCase, type TestCase } from './intake-support';
import { inbox, startWorker } from './notifications/support';

const CHECKLIST = {
  safetySituation: 'Mother and children stay with the grandmother',
  risks: 'Father still has a key to the house',
  safetyAgreements: 'No unsupervised contact with the father',
  openActions: 'Talk with the school mentor on Thursday',
  involvedProfessionals: 'GP, school mentor, Veilig Thuis',
  expectations: 'Weekly home visits for the first month',
  familyInformed: true,
};
const DAY = minutes(60 * 24);

interface Item {
  kind: string;
  caseId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  title: string;
}

/**
 * Issue 9, "what clients need": every notification names what it is about (subjectType and
 * subjectId), so that a click opens it. One flow through HTTP and the real worker raises every
 * event kind of design.md §5; each recipient's notification must point at exactly its subject.
 */
describe('notifications carry the id of their subject', () => {
  let ctx: TestContext;
  let worker: WorkerApp;
  let lead: TestUser;
  let police: TestUser;
  let doctor: TestUser;
  let receiver: TestUser;
  let otherReceiver: TestUser;
  let coordinator: TestUser;
  let outsider: TestUser;
  let c: TestCase;

  const post = (by: TestUser, path: string, body: Record<string, unknown>) => http(ctx).post(path).set('Authorization', by.auth).send(body);
  const created = async (by: TestUser, path: string, body: Record<string, unknown>, status = 201) => {
    const res = await post(by, path, body);
    if (res.status !== status) throw new Error(`${path}: ${res.status} ${res.text}`);
    return res.body as { id: string; version?: number };
  };
  /** Waits until `user` has a notification of `kind` (about the test's case) and returns all of that kind. */
  const notificationsOf = async (user: TestUser, kind: string, atLeast = 1): Promise<Item[]> =>
    waitFor(`${kind} for ${user.name}`, async () => {
      const items = ((await inbox(ctx, user, '?limit=200')).items as unknown as Item[]).filter((n) => n.kind === kind);
      return items.length >= atLeast ? items : undefined;
    });
  const expectAbout = async (user: TestUser, kind: string, subjectType: string, subjectId: string) => {
    const items = await notificationsOf(user, kind);
    expect(items.map((n) => [n.subjectType, n.subjectId, n.caseId])).toContainEqual([subjectType, subjectId, c.id]);
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    worker = await startWorker(ctx);
    [lead, police, doctor, receiver, otherReceiver, coordinator, outsider] = await Promise.all([
      ctx.factory.user({ discipline: 'social_work', name: 'Lead' }),
      ctx.factory.user({ discipline: 'police', name: 'Police' }),
      ctx.factory.user({ discipline: 'forensic_medicine', name: 'Doctor' }),
      ctx.factory.user({ discipline: 'social_work', name: 'Receiver' }),
      ctx.factory.user({ discipline: 'youth_care', name: 'Other receiver' }),
      ctx.factory.coordinator(),
      ctx.factory.user({ discipline: 'social_work', name: 'Outsider' }),
    ]);
    c = await openCase(ctx, lead, [police, doctor]);
  });

  afterAll(async () => {
    await worker?.close();
    await ctx?.close();
  });

  it('team.member_added, intake.scheduled and intake.concluded are about the case', async () => {
    await expectAbout(police, 'team.member_added', 'case', c.id);
    await expectAbout(doctor, 'team.member_added', 'case', c.id);

    await created(lead, `/api/cases/${c.id}/intake`, { scheduledAt: isoIn(ctx, minutes(60)), participantIds: [police.id, doctor.id] });
    await expectAbout(police, 'intake.scheduled', 'case', c.id);

    await created(police, `/api/cases/${c.id}/interviews`, interviewBody(c.childId));
    await created(doctor, `/api/cases/${c.id}/examinations`, examinationBody(c.childId));
    await created(lead, `/api/cases/${c.id}/assessments`, assessmentBody());
    await created(
      lead,
      `/api/cases/${c.id}/intake/conclude`,
      { decision: 'Voluntary help', safety: 'conditionally_safe', leadUserId: lead.id, actions: [] },
      200,
    );
    for (const member of [lead, police, doctor]) await expectAbout(member, 'intake.concluded', 'case', c.id);
  });

  it('record.disclosed is about the interview or examination shared, whichever it was', async () => {
    // The child told their story in a studio interview already: this one is supplementary (design.md §8).
    const interview = await created(
      police,
      `/api/cases/${c.id}/interviews`,
      interviewBody(c.childId, { kind: 'witness', supplementary: { reason: 'A new fact came up', approvedBy: 'Officier van justitie' } }),
    );
    const examination = await created(doctor, `/api/cases/${c.id}/examinations`, examinationBody(c.parentId));
    const share = { summary: 'Shared with the team', legalBasis: 'statutory_duty' };
    await created(police, `/api/cases/${c.id}/interviews/${interview.id}/disclosure`, share);
    await created(doctor, `/api/cases/${c.id}/examinations/${examination.id}/disclosure`, share);

    const ofLead = await notificationsOf(lead, 'record.disclosed', 2);
    expect(ofLead.map((n) => [n.subjectType, n.subjectId]).sort()).toEqual(
      [
        ['examination', examination.id],
        ['interview', interview.id],
      ].sort(),
    );
    expect((await notificationsOf(doctor, 'record.disclosed')).map((n) => [n.subjectType, n.subjectId])).toEqual([
      ['interview', interview.id],
    ]);
    expect((await notificationsOf(police, 'record.disclosed')).map((n) => [n.subjectType, n.subjectId])).toEqual([
      ['examination', examination.id],
    ]);
  });

  it('every handover event is about its handover: proposed, briefed, accepted, declined, withdrawn', async () => {
    const accepted = await created(lead, `/api/cases/${c.id}/handovers`, {
      toUserId: receiver.id,
      reason: 'Moving to the local team',
      checklist: CHECKLIST,
    });
    await expectAbout(receiver, 'handover.proposed', 'handover', accepted.id);
    await created(
      lead,
      `/api/handovers/${accepted.id}/meeting`,
      {
        // Now: a meeting can neither precede its proposal nor lie in the future (issue 15, finding 13).
        heldAt: ctx.clock.now().toISOString(),
        participantIds: [lead.id, receiver.id],
        familyPresent: true,
        notes: 'Went through the safety plan together',
      },
      200,
    );
    await expectAbout(lead, 'handover.briefed', 'handover', accepted.id);
    await expectAbout(receiver, 'handover.briefed', 'handover', accepted.id);
    await created(receiver, `/api/handovers/${accepted.id}/accept`, { confirmInformed: true }, 200);
    await expectAbout(lead, 'handover.accepted', 'handover', accepted.id);
    await expectAbout(receiver, 'handover.accepted', 'handover', accepted.id);

    const declined = await created(police, `/api/cases/${c.id}/handovers`, { toUserId: otherReceiver.id, checklist: CHECKLIST });
    await created(otherReceiver, `/api/handovers/${declined.id}/decline`, { reason: 'No capacity this month' }, 200);
    await expectAbout(police, 'handover.declined', 'handover', declined.id);
    await expectAbout(otherReceiver, 'handover.declined', 'handover', declined.id);

    const withdrawn = await created(doctor, `/api/cases/${c.id}/handovers`, { toUserId: otherReceiver.id, checklist: CHECKLIST });
    await created(doctor, `/api/handovers/${withdrawn.id}/withdraw`, { reason: 'Proposed by mistake' }, 200);
    await expectAbout(doctor, 'handover.withdrawn', 'handover', withdrawn.id);
    await expectAbout(otherReceiver, 'handover.withdrawn', 'handover', withdrawn.id);
    // The case lead (the receiver since the acceptance) hears of it too, about the same handover.
    await expectAbout(receiver, 'handover.withdrawn', 'handover', withdrawn.id);
  });

  it('timer-born events: follow_up.reminder and .overdue about the follow-up, handover.response_due and .overdue about the handover', async () => {
    // The receiver leads now; police is on the team.
    const followUp = await created(receiver, `/api/cases/${c.id}/follow-ups`, {
      kind: 'home_visit',
      scheduledAt: isoIn(ctx, minutes(120)),
      assigneeId: police.id,
      remindBeforeMinutes: [60],
    });
    const open = await created(police, `/api/cases/${c.id}/handovers`, { toUserId: otherReceiver.id, checklist: CHECKLIST });
    // Fire every timer due within the next ten days (the worker relays and processes them).
    await ctx.db.transaction((tx) => fireDueTimers(tx, new Date(ctx.clock.now().getTime() + 10 * DAY), 1000));

    await expectAbout(police, 'follow_up.reminder', 'follow_up', followUp.id);
    await expectAbout(police, 'follow_up.overdue', 'follow_up', followUp.id);
    await expectAbout(receiver, 'follow_up.overdue', 'follow_up', followUp.id);
    await expectAbout(otherReceiver, 'handover.response_due', 'handover', open.id);
    await expectAbout(police, 'handover.overdue', 'handover', open.id);
    await expectAbout(coordinator, 'handover.overdue', 'handover', open.id);
  });

  it('emergency_access.granted is about the grant', async () => {
    const grant = await created(outsider, `/api/cases/${c.id}/emergency-access`, {
      reason: 'Acute safety concern reported out of hours by the police',
    });
    await expectAbout(coordinator, 'emergency_access.granted', 'emergency_access', grant.id);
  });

  it('a payload whose subject id is malformed, or whose record type is unknown, gives a notification without a subject', async () => {
    const [bad, unknownType] = await ctx.db.transaction((tx) =>
      writeOutboxEvents(tx, [
        { type: 'emergency_access.granted', caseId: c.id, payload: { caseReference: c.reference, grantId: 'not-a-uuid' } },
        {
          type: 'record.disclosed',
          caseId: c.id,
          payload: { caseReference: c.reference, authorDiscipline: 'police', recordType: 'diary', recordId: randomUUID() },
        },
      ]),
    );
    const rows = await waitFor('both events processed', async () => {
      const r = await ctx.db.query<{ event_id: string; subject_type: string | null; subject_id: string | null }>(
        `SELECT event_id, subject_type, subject_id FROM notifications WHERE event_id = ANY($1::uuid[])`,
        [[bad, unknownType]],
      );
      return new Set(r.map((x) => x.event_id)).size === 2 ? r : undefined;
    });
    for (const row of rows) expect([row.subject_type, row.subject_id]).toEqual([null, null]);
  });

  it('a notification from before subjects were kept reads with subjectType and subjectId null', async () => {
    const [old] = await ctx.db.query<{ id: string }>(
      `INSERT INTO notifications (event_id, recipient_id, kind, case_id, case_reference, title)
       VALUES ($1, $2, 'team.member_added', $3, $4, 'Added to the team of ' || $4) RETURNING id`,
      [randomUUID(), outsider.id, c.id, c.reference],
    );
    const item = ((await inbox(ctx, outsider)).items as unknown as (Item & { id: string })[]).find((n) => n.id === old.id);
    expect(item).toMatchObject({ kind: 'team.member_added', caseId: c.id, subjectType: null, subjectId: null });
    // Kind and id come in pairs.
    await expect(ctx.db.query(`UPDATE notifications SET subject_type = 'case' WHERE id = $1`, [old.id])).rejects.toThrow(
      /notifications_subject_pair/,
    );
  });
});
