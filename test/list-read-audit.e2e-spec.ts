import { createTestApp, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';

/**
 * Issue 14: a read across cases records, in its one audit event, the case ids it returned
 * (audit_events.case_ids), so that each case's access log and the audit search by case show who saw
 * the case in a list: the case list, one's handovers, the emergency-access list and the handover
 * audit. What a page does not return (the row read to know there is a next page, the cases the
 * caller may not see) is not recorded.
 */
describe('cross-case lists on each case access log', () => {
  let ctx: TestContext;
  const http = () => request(ctx.app.getHttpServer());
  let lead: TestUser;
  let receiver: TestUser;
  let coordinator: TestUser;
  let outsider: TestUser;
  let doctor: TestUser;
  const cases: string[] = [];

  const CHECKLIST = {
    safetySituation: 'Mother and children stay with the grandmother',
    risks: 'Father still has a key to the house',
    safetyAgreements: 'No unsupervised contact with the father',
    openActions: 'Talk with the school mentor on Thursday',
    involvedProfessionals: 'GP, school mentor, Veilig Thuis',
    expectations: 'Weekly home visits for the first month',
    familyInformed: true,
  };
  const lastEvent = async (actorId: string, action: string) => {
    const rows = await ctx.db.query<{ case_id: string | null; case_ids: string[]; purpose: string }>(
      `SELECT case_id, case_ids, purpose FROM audit_events WHERE actor_id = $1 AND action = $2 ORDER BY seq DESC LIMIT 1`,
      [actorId, action],
    );
    expect(rows).toHaveLength(1);
    return rows[0];
  };
  const sorted = (ids: string[]) => [...ids].sort();

  beforeAll(async () => {
    ctx = await createTestApp();
    lead = await ctx.factory.user({ discipline: 'social_work' });
    receiver = await ctx.factory.user({ discipline: 'social_work' });
    coordinator = await ctx.factory.coordinator();
    outsider = await ctx.factory.user({ discipline: 'police' });
    doctor = await ctx.factory.user({ discipline: 'forensic_medicine' });
    for (let i = 0; i < 3; i++) {
      const res = await http()
        .post('/api/cases')
        .set('Authorization', lead.auth)
        .send({ urgency: 'urgent', source: 'school', summary: `Case ${i}` })
        .expect(201);
      cases.push(res.body.id);
    }
  });
  afterAll(() => ctx.close());

  it('GET /api/cases records the cases of the page it returned, and only those', async () => {
    const all = await http().get('/api/cases').set('Authorization', lead.auth).expect(200);
    expect(sorted(all.body.items.map((c: { id: string }) => c.id))).toEqual(sorted(cases));
    expect(await lastEvent(lead.id, 'case.list')).toEqual({
      case_id: null,
      case_ids: all.body.items.map((c: { id: string }) => c.id),
      purpose: 'team_member',
    });

    const page = await http().get('/api/cases?limit=2').set('Authorization', lead.auth).expect(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    expect((await lastEvent(lead.id, 'case.list')).case_ids).toEqual(page.body.items.map((c: { id: string }) => c.id));

    await http().get('/api/cases').set('Authorization', outsider.auth).expect(200);
    expect((await lastEvent(outsider.id, 'case.list')).case_ids).toEqual([]);

    await http().get('/api/cases').set('Authorization', coordinator.auth).expect(200);
    const oversight = await lastEvent(coordinator.id, 'case.list');
    expect(oversight.purpose).toBe('coordinator_oversight');
    expect(oversight.case_ids).toEqual(expect.arrayContaining(cases));
  });

  it('GET /api/handovers records the cases of the handovers listed, incoming and outgoing', async () => {
    await http()
      .post(`/api/cases/${cases[0]}/handovers`)
      .set('Authorization', lead.auth)
      .send({ toUserId: receiver.id, reason: 'Moving to the local team', checklist: CHECKLIST })
      .expect(201);
    const incoming = await http().get('/api/handovers?direction=incoming').set('Authorization', receiver.auth).expect(200);
    expect(incoming.body.items).toHaveLength(1);
    expect((await lastEvent(receiver.id, 'handover.list')).case_ids).toEqual([cases[0]]);
    await http().get('/api/handovers?direction=outgoing').set('Authorization', lead.auth).expect(200);
    expect((await lastEvent(lead.id, 'handover.list')).case_ids).toEqual([cases[0]]);
    await http().get('/api/handovers?direction=outgoing').set('Authorization', receiver.auth).expect(200);
    expect((await lastEvent(receiver.id, 'handover.list')).case_ids).toEqual([]);
  });

  it('the emergency-access list and the handover audit record the cases they name', async () => {
    await http()
      .post(`/api/cases/${cases[1]}/emergency-access`)
      .set('Authorization', doctor.auth)
      .send({ reason: 'The child is in hospital now and the team cannot be reached' })
      .expect(201);
    await http().get('/api/emergency-access').set('Authorization', coordinator.auth).expect(200);
    expect((await lastEvent(coordinator.id, 'emergency_access.list')).case_ids).toEqual([cases[1]]);
    await http().get('/api/audit/handovers').set('Authorization', coordinator.auth).expect(200);
    expect((await lastEvent(coordinator.id, 'audit.handover_report')).case_ids).toEqual([cases[0]]);
  });

  it("each case's access log and the audit search by case show the list reads that returned it, and only those", async () => {
    const log = await http().get(`/api/cases/${cases[0]}/access-log?limit=100`).set('Authorization', coordinator.auth).expect(200);
    const reads = (log.body.items as { action: string; actorId: string; caseId: string | null; caseIds: string[] }[]).map(
      (e) => `${e.action}:${e.actorId}`,
    );
    expect(reads).toEqual(
      expect.arrayContaining([
        `case.create:${lead.id}`,
        `case.list:${lead.id}`,
        `case.list:${coordinator.id}`,
        `handover.list:${receiver.id}`,
        `handover.list:${lead.id}`,
        `audit.handover_report:${coordinator.id}`,
      ]),
    );
    expect(reads).not.toContain(`case.list:${outsider.id}`);
    expect(reads).not.toContain(`emergency_access.list:${coordinator.id}`);
    const listed = log.body.items.find((e: { action: string }) => e.action === 'handover.list');
    expect(listed).toMatchObject({ caseId: null, caseIds: [cases[0]] });

    const search = await http().get(`/api/audit/events?caseId=${cases[1]}&limit=100`).set('Authorization', coordinator.auth).expect(200);
    const actions = (search.body.items as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['case.create', 'case.list', 'emergency_access.grant', 'emergency_access.list']));
    expect(actions).not.toContain('handover.list');
    // Newest first across both kinds of event, as before.
    const times = (search.body.items as { at: string }[]).map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);

    // Page by page, two at a time, the search walks the same events in the same order: each page is
    // the newest of the case's own events and of the lists that returned it, after the cursor.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await http()
        .get(`/api/audit/events?caseId=${cases[1]}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        .set('Authorization', coordinator.auth)
        .expect(200);
      // Less the searches' own events: the first page finds the search above, which is audited too.
      paged.push(...(page.body.items as { id: string; action: string }[]).filter((e) => e.action !== 'audit.search').map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor !== null && paged.length < 200);
    expect(paged).toEqual(
      (search.body.items as { id: string; action: string }[]).filter((e) => e.action !== 'audit.search').map((e) => e.id),
    );
    expect(actions.filter((a) => a.endsWith('.list')).length).toBeGreaterThan(0);
  });
});
