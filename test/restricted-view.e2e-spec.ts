import { createTestApp, type TestContext, type TestUser } from '@oneroof/testing';
import { assessmentBody, examinationBody, http, interviewBody, openCase, type TestCase } from './intake-support';

/**
 * Issue 15 finding 5: a person's `interviewCount` says that a child had a studio interview, which
 * the interview listing shows only to those who read interviews in full; every other reader gets
 * null, in every answer that carries persons.
 *
 * Issue 15 finding 13 (case side): emergency access is team-level visibility (design.md §2). A holder
 * of the discipline that wrote a restricted record sees it as the rest of the team does: that it
 * exists, who made it, when, and its disclosure; never its content, although a team member of that
 * discipline would.
 */
const SECRET = {
  interview: 'The child described the attic room in detail',
  examination: 'Patterned bruise, belt buckle shape',
  entry: 'Police intelligence: the father has a record',
};

describe('what each reader sees of restricted records', () => {
  let ctx: TestContext;
  let lead: TestUser;
  let police: TestUser;
  let forensic: TestUser;
  let policeGlass: TestUser;
  let forensicGlass: TestUser;
  let policeReceiver: TestUser;
  let coordinator: TestUser;
  let c: TestCase;

  const get = (who: TestUser, path: string) =>
    http(ctx)
      .get(`/api/cases/${c.id}${path}`)
      .set('Authorization', who.auth)
      .then((res) => {
        if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.text}`);
        return res;
      });

  beforeAll(async () => {
    ctx = await createTestApp();
    [lead, police, forensic, policeGlass, forensicGlass, policeReceiver] = await Promise.all([
      ctx.factory.user({ discipline: 'social_work' }),
      ctx.factory.user({ discipline: 'police' }),
      ctx.factory.user({ discipline: 'forensic_medicine' }),
      ctx.factory.user({ discipline: 'police' }),
      ctx.factory.user({ discipline: 'forensic_medicine' }),
      ctx.factory.user({ discipline: 'police' }),
    ]);
    coordinator = await ctx.factory.coordinator({ discipline: 'police' });
    c = await openCase(ctx, lead, [police, forensic]);
    const post = (who: TestUser, path: string, body: object) =>
      http(ctx).post(`/api/cases/${c.id}${path}`).set('Authorization', who.auth).send(body).expect(201);
    await post(police, '/interviews', interviewBody(c.childId, { summary: SECRET.interview }));
    await post(forensic, '/examinations', examinationBody(c.childId, { conclusion: 'inconclusive', findings: [] }));
    await post(
      forensic,
      '/examinations',
      examinationBody(c.childId, { findings: [{ bodyRegion: 'back', kind: 'bruise', sizeMm: 30, description: SECRET.examination }] }),
    );
    await post(lead, '/assessments', assessmentBody());
    await post(police, '/entries', { visibility: 'discipline', kind: 'note', body: SECRET.entry });
    for (const glass of [policeGlass, forensicGlass]) {
      await post(glass, '/emergency-access', { reason: 'Child brought to the emergency room tonight, need the history' });
    }
    // A police officer who is the receiver of an open handover reads the case as a team member would.
    await post(police, '/handovers', {
      toUserId: policeReceiver.id,
      reason: 'Moving to another unit',
      checklist: {
        safetySituation: 'Safe at the grandmother',
        risks: 'Father has a key',
        safetyAgreements: 'No contact',
        openActions: 'School visit',
        involvedProfessionals: 'GP',
        expectations: 'Weekly visits',
        familyInformed: true,
      },
    });
  });

  afterAll(async () => {
    await ctx?.close();
  });

  describe('emergency access holders see their own discipline’s records as the rest of the team does', () => {
    it('interviews: a police holder gets the head only, a police team member and receiver the whole record', async () => {
      const head = (await get(policeGlass, '/interviews')).body.items;
      expect(head).toEqual([
        expect.objectContaining({
          authorId: police.id,
          authorDiscipline: 'police',
          restricted: true,
          personId: null,
          kind: null,
          summary: null,
        }),
      ]);
      for (const full of [police, policeReceiver]) {
        expect((await get(full, '/interviews')).body.items).toEqual([
          expect.objectContaining({ restricted: false, personId: c.childId, kind: 'studio', summary: SECRET.interview }),
        ]);
      }
    });

    it('examinations: a forensic holder gets the head only, the forensic team member the whole record', async () => {
      const seen = await get(forensicGlass, '/examinations');
      expect(seen.body.items.map((x: { restricted: boolean; personId: string | null }) => [x.restricted, x.personId])).toEqual([
        [true, null],
        [true, null],
      ]);
      expect(seen.text).not.toContain(SECRET.examination);
      expect((await get(forensic, '/examinations')).text).toContain(SECRET.examination);
    });

    it('discipline entries and the timeline: masked for the holder, in full for the team member', async () => {
      const entries = await get(policeGlass, '/entries');
      expect(entries.body.items).toEqual([
        expect.objectContaining({ authorId: police.id, visibility: 'discipline', restricted: true, body: null }),
      ]);
      expect((await get(police, '/entries')).text).toContain(SECRET.entry);
      const timeline = await get(policeGlass, '/timeline');
      expect(timeline.status).toBe(200);
      for (const text of Object.values(SECRET)) expect(timeline.text).not.toContain(text);
      const own = timeline.body.items.filter((i: { restrictedTo: string | null }) => i.restrictedTo === 'police');
      expect(own.length).toBeGreaterThan(0);
      expect(own.every((i: { restricted: boolean; detail: unknown }) => i.restricted && i.detail === null)).toBe(true);
      expect((await get(police, '/timeline')).text).toContain(SECRET.interview);
    });

    it('records only the persons it showed: none of the masked records’ subjects', async () => {
      await get(policeGlass, '/interviews');
      const [event] = await ctx.db.query<{ person_ids: string[]; purpose: string }>(
        `SELECT person_ids, purpose FROM audit_events WHERE actor_id = $1 AND action = 'interview.list' ORDER BY seq DESC LIMIT 1`,
        [policeGlass.id],
      );
      expect(event).toEqual({ person_ids: [], purpose: 'emergency_access' });
    });
  });

  describe('interviewCount (finding 5)', () => {
    const counts = async (who: TestUser) =>
      // By person id: persons made in one request share their created_at, so their order is the ids'.
      Object.fromEntries(
        (await get(who, '')).body.persons.map((p: { id: string; interviewCount: number | null }) => [p.id, p.interviewCount]),
      );

    it('is shown to police who read interviews in full (team member, receiver of an open handover), null to every other reader', async () => {
      const readers: [string, TestUser, (number | null)[]][] = [
        ['police team member', police, [1, 0]],
        ['police receiver of an open handover', policeReceiver, [1, 0]],
        ['social-work lead', lead, [null, null]],
        ['forensic team member', forensic, [null, null]],
        ['police holder of emergency access', policeGlass, [null, null]],
        ['forensic holder of emergency access', forensicGlass, [null, null]],
        ['police coordinator, oversight only', coordinator, [null, null]],
      ];
      for (const [reader, who, expected] of readers) {
        expect([reader, await counts(who)]).toEqual([reader, { [c.childId]: expected[0], [c.parentId]: expected[1] }]);
      }
    });

    it('is null in the answers of writes by other disciplines, and a count in police writes', async () => {
      const patch = (who: TestUser) =>
        http(ctx).patch(`/api/cases/${c.id}/persons/${c.childId}`).set('Authorization', who.auth).send({ lastName: 'Jansen' });
      expect([(await patch(lead)).status, (await patch(lead)).body.interviewCount]).toEqual([200, null]);
      expect((await patch(police)).body.interviewCount).toBe(1);
      const add = (who: TestUser) =>
        http(ctx)
          .post(`/api/cases/${c.id}/persons`)
          .set('Authorization', who.auth)
          .send({ firstName: 'Bram', lastName: 'Jansen', familyRole: 'sibling', involvement: 'witness' });
      expect((await add(lead)).body.interviewCount).toBeNull();
      expect((await add(police)).body.interviewCount).toBe(0);
      const updated = await http(ctx).get(`/api/cases/${c.id}`).set('Authorization', lead.auth);
      const file = await http(ctx)
        .patch(`/api/cases/${c.id}`)
        .set('Authorization', lead.auth)
        .send({ version: updated.body.version, summary: 'Updated summary' });
      expect(file.status).toBe(200);
      expect(file.body.persons.every((p: { interviewCount: number | null }) => p.interviewCount === null)).toBe(true);
      const opened = await http(ctx)
        .post('/api/cases')
        .set('Authorization', lead.auth)
        .send({
          urgency: 'regular',
          source: 'school',
          summary: 'x',
          persons: [{ firstName: 'A', lastName: 'B', familyRole: 'child', involvement: 'victim' }],
        });
      expect([opened.status, opened.body.persons[0].interviewCount]).toEqual([201, null]);
    });
  });
});
