import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import { http, interviewBody, isoIn, minutes, openCase, type TestCase } from './intake-support';

interface Item {
  at: string;
  kind: string;
  actorId: string | null;
  subjectId: string;
  restricted: boolean;
  detail: Record<string, unknown> | null;
  disclosure: Record<string, unknown> | null;
}

const ISO_MS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Anything that looks like a date-time: must then be in the one format. */
const LOOKS_LIKE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

function timesIn(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string' && LOOKS_LIKE_TIME.test(value)) found.push(value);
  else if (Array.isArray(value)) for (const v of value) timesIn(v, found);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) timesIn(v, found);
  return found;
}

/**
 * Issue 9, "what clients need": the timeline also tells urgency changes, person edits (which
 * person, which fields: never the values, never the confidential address) and follow-up
 * reschedules, each from a change record written with the change; and every time in it is written
 * the one way the API writes times.
 */
describe('timeline: urgency changes, person edits, reschedules, one time format', () => {
  let ctx: TestContext;
  let lead: TestUser;
  let police: TestUser;
  let outsider: TestUser;
  let c: TestCase;

  const timeline = async (as: TestUser = lead): Promise<{ items: Item[]; text: string }> => {
    const res = await http(ctx).get(`/api/cases/${c.id}/timeline?limit=200`).set('Authorization', as.auth);
    expect(res.status).toBe(200);
    return { items: res.body.items as Item[], text: res.text };
  };
  const ofKind = async (kind: string, as?: TestUser) => (await timeline(as)).items.filter((i) => i.kind === kind);
  const caseVersion = async () => (await http(ctx).get(`/api/cases/${c.id}`).set('Authorization', lead.auth)).body.version as number;
  const patchCase = (body: Record<string, unknown>) => http(ctx).patch(`/api/cases/${c.id}`).set('Authorization', lead.auth).send(body);
  const patchPerson = (personId: string, body: Record<string, unknown>, as: TestUser = lead) =>
    http(ctx).patch(`/api/cases/${c.id}/persons/${personId}`).set('Authorization', as.auth).send(body);

  beforeAll(async () => {
    ctx = await createTestApp();
    lead = await ctx.factory.user({ discipline: 'social_work' });
    police = await ctx.factory.user({ discipline: 'police' });
    outsider = await ctx.factory.user({ discipline: 'youth_care' });
    c = await openCase(ctx, lead, [police]);
  });
  afterAll(() => ctx.close());

  it('a case PATCH that changes the urgency shows as case.urgency_changed {from, to}; one that does not, shows nothing', async () => {
    expect((await patchCase({ version: await caseVersion(), summary: 'Updated summary' })).status).toBe(200);
    expect((await patchCase({ version: await caseVersion(), urgency: 'acute' })).status).toBe(200); // it was acute already
    expect(await ofKind('case.urgency_changed')).toEqual([]);

    const stale = await caseVersion();
    expect((await patchCase({ version: stale, urgency: 'regular' })).status).toBe(200);
    // A stale write changes nothing, so it records nothing either.
    expect(problemOf(await patchCase({ version: stale, urgency: 'urgent' }), 409).code).toBe('STALE_VERSION');
    const items = await ofKind('case.urgency_changed');
    expect(items).toEqual([
      {
        at: expect.stringMatching(ISO_MS_UTC),
        kind: 'case.urgency_changed',
        actorId: lead.id,
        subjectId: c.id,
        restricted: false,
        restrictedTo: null,
        detail: { from: 'acute', to: 'regular' },
        disclosure: null,
      },
    ]);
    expect(await ofKind('case.urgency_changed', police)).toEqual(items);
  });

  it('a person PATCH shows as person.updated with the person and the names of the fields changed, never the values', async () => {
    const res = await patchPerson(c.childId, {
      firstName: 'Saskia',
      involvement: 'witness',
      confidentialAddress: 'Geheimstraat 12, Haarlem',
    });
    expect(res.status).toBe(200);
    // Same values again, and an edit of the confidential address alone: no row for either.
    expect((await patchPerson(c.childId, { firstName: 'Saskia' })).status).toBe(200);
    expect((await patchPerson(c.childId, { confidentialAddress: 'Andere Geheimstraat 3, Haarlem' })).status).toBe(200);
    expect((await patchPerson(c.parentId, { dateOfBirth: '1985-02-03', familyRole: 'step_parent' }, police)).status).toBe(200);

    const { items, text } = await timeline();
    const updates = items.filter((i) => i.kind === 'person.updated');
    expect(updates.map((i) => [i.actorId, i.subjectId, i.detail])).toEqual([
      [police.id, c.parentId, { personId: c.parentId, fields: ['dateOfBirth', 'familyRole'] }],
      [lead.id, c.childId, { personId: c.childId, fields: ['firstName', 'involvement'] }],
    ]);
    const updateText = JSON.stringify(updates);
    for (const value of ['Saskia', 'witness', '1985-02-03', 'step_parent', 'Geheimstraat']) expect(updateText).not.toContain(value);
    expect(text).not.toContain('Geheimstraat');
    expect(text).not.toContain('confidentialAddress');
    // The change records hold what the timeline shows, and the address edit's names only.
    const records = await ctx.db.query<{ changed_fields: string[] }>(
      `SELECT changed_fields FROM case_change_records WHERE case_id = $1 AND kind = 'person.updated' ORDER BY seq`,
      [c.id],
    );
    expect(records.map((r) => r.changed_fields)).toEqual([
      ['firstName', 'involvement', 'confidentialAddress'],
      ['confidentialAddress'],
      ['dateOfBirth', 'familyRole'],
    ]);
  });

  it('a follow-up PATCH that moves its time shows as follow_up.rescheduled {followUpId, kind, from, to}', async () => {
    const created = await http(ctx)
      .post(`/api/cases/${c.id}/follow-ups`)
      .set('Authorization', lead.auth)
      .send({ kind: 'phone_call', scheduledAt: isoIn(ctx, minutes(60 * 24)), assigneeId: police.id, personIds: [c.childId] });
    expect(created.status).toBe(201);
    const to = new Date(Date.parse(created.body.scheduledAt) + minutes(90)).toISOString();
    const moved = await http(ctx)
      .patch(`/api/follow-ups/${created.body.id}`)
      .set('Authorization', police.auth)
      .send({ version: created.body.version, scheduledAt: to });
    expect(moved.status).toBe(200);
    // Reassigning alone is no reschedule.
    const reassigned = await http(ctx)
      .patch(`/api/follow-ups/${created.body.id}`)
      .set('Authorization', police.auth)
      .send({ version: moved.body.version, assigneeId: lead.id });
    expect(reassigned.status).toBe(200);

    const items = await ofKind('follow_up.rescheduled');
    expect(items.map((i) => [i.actorId, i.subjectId, i.detail])).toEqual([
      [police.id, created.body.id, { followUpId: created.body.id, kind: 'phone_call', from: created.body.scheduledAt, to }],
    ]);
  });

  it('writes every time of every branch the one way the API writes times: ISO 8601 UTC with milliseconds', async () => {
    expect(
      (
        await http(ctx)
          .post(`/api/cases/${c.id}/intake`)
          .set('Authorization', lead.auth)
          .send({ scheduledAt: isoIn(ctx, minutes(60)), participantIds: [police.id] })
      ).status,
    ).toBe(201);
    const interview = await http(ctx)
      .post(`/api/cases/${c.id}/interviews`)
      .set('Authorization', police.auth)
      .send(interviewBody(c.childId));
    expect(interview.status).toBe(201);
    expect(
      (
        await http(ctx)
          .post(`/api/cases/${c.id}/interviews/${interview.body.id}/disclosure`)
          .set('Authorization', police.auth)
          .send({ summary: 'Shared', legalBasis: 'statutory_duty' })
      ).status,
    ).toBe(201);
    expect(
      (
        await http(ctx)
          .post(`/api/cases/${c.id}/emergency-access`)
          .set('Authorization', outsider.auth)
          .send({ reason: 'Acute safety concern reported out of hours by the police' })
      ).status,
    ).toBe(201);
    const receiver = await ctx.factory.user({ discipline: 'social_work' });
    expect(
      (
        await http(ctx)
          .post(`/api/cases/${c.id}/handovers`)
          .set('Authorization', lead.auth)
          .send({
            toUserId: receiver.id,
            checklist: {
              safetySituation: 'Safe at the grandmother',
              risks: 'Father has a key',
              safetyAgreements: 'No unsupervised contact',
              openActions: 'School talk',
              involvedProfessionals: 'GP',
              expectations: 'Weekly visits',
              familyInformed: true,
            },
          })
      ).status,
    ).toBe(201);

    const { items } = await timeline(police);
    const kinds = new Set(items.map((i) => i.kind));
    for (const kind of [
      'case.opened',
      'case.urgency_changed',
      'person.updated',
      'intake.scheduled',
      'interview.recorded',
      'record.disclosed',
      'emergency_access.granted',
      'follow_up.scheduled',
      'follow_up.rescheduled',
      'handover.proposed',
    ]) {
      expect(kinds).toContain(kind);
    }
    const times = items.flatMap((i) => [i.at, ...timesIn(i.detail), ...timesIn(i.disclosure)]);
    // At least: each item's own time, the intake's, the interview's and its disclosure's, the grant's expiry, the follow-up's, the respondBy.
    expect(times.length).toBeGreaterThan(items.length + 6);
    expect(times.filter((t) => !ISO_MS_UTC.test(t))).toEqual([]);
  });
});
