import { createTestApp, problemOf, waitFor, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';
import type { WorkerApp } from '../apps/worker/src/bootstrap';
import { UnusualAccessDetection } from '../apps/worker/src/unusual-access-detection';
import { inbox, startWorker } from './notifications/support';

/**
 * design.md §9 unusual access, with the thresholds lowered by their variables: a scripted burst of
 * reads raises each of the three flags once, the worker working only from where its last run
 * stopped; coordinators are told (`audit.unusual_access`) and review each flag once.
 */
describe('unusual-access flags', () => {
  let ctx: TestContext;
  let worker: WorkerApp;
  let coordinator: TestUser;
  const http = () => request(ctx.app.getHttpServer());
  const detect = () => worker.app.get(UnusualAccessDetection).tick();
  const reason = 'The child is in hospital now and the team cannot be reached';
  const openCase = async (lead: TestUser) => {
    const res = await http()
      .post('/api/cases')
      .set('Authorization', lead.auth)
      .send({
        urgency: 'urgent',
        source: 'medical',
        summary: 'x',
        persons: [{ firstName: 'Sanne', lastName: 'Visser', familyRole: 'child', involvement: 'victim' }],
      });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, personId: res.body.persons[0].id as string };
  };
  const flags = async (status = 'open') =>
    (await http().get(`/api/audit/flags?status=${status}`).set('Authorization', coordinator.auth).expect(200)).body.items as {
      id: string;
      rule: string;
      userId: string | null;
      personId: string | null;
      observed: number;
      threshold: number;
    }[];

  beforeAll(async () => {
    ctx = await createTestApp({ UNUSUAL_READERS: '2', UNUSUAL_CASES: '3' });
    worker = await startWorker(ctx);
    coordinator = await ctx.factory.coordinator();
  });
  afterAll(async () => {
    await worker?.close();
    await ctx?.close();
  });

  it('flags one user reading more than UNUSUAL_CASES cases in an hour, once, and tells the coordinators', async () => {
    const lead = await ctx.factory.user();
    const cases = [];
    for (let i = 0; i < 4; i++) cases.push(await openCase(lead));
    const reader = await ctx.factory.coordinator();
    for (const c of cases.slice(0, 3)) await http().get(`/api/cases/${c.id}`).set('Authorization', reader.auth).expect(200);
    await detect();
    expect((await flags()).filter((f) => f.userId === reader.id)).toEqual([]);
    await http().get(`/api/cases/${cases[3].id}`).set('Authorization', reader.auth).expect(200);
    await detect();
    const raised = (await flags()).filter((f) => f.userId === reader.id && f.rule === 'user_many_cases');
    expect(raised).toEqual([expect.objectContaining({ observed: 4, threshold: 3, personId: null })]);
    // More reads in the same window add no second flag.
    await http().get(`/api/cases/${cases[0].id}`).set('Authorization', reader.auth).expect(200);
    await detect();
    expect((await flags()).filter((f) => f.userId === reader.id && f.rule === 'user_many_cases')).toHaveLength(1);
    const page = await waitFor('the coordinator’s notification', async () => {
      const mine = await inbox(ctx, coordinator);
      return mine.items.some((n) => n.kind === 'audit.unusual_access') && mine;
    });
    const note = page.items.find((n) => n.kind === 'audit.unusual_access')!;
    expect(note.title).toBe('Unusual access flagged for review');
    expect(JSON.stringify(note)).not.toContain('Sanne');
  });

  it('flags one person read by more than UNUSUAL_READERS users in 24 hours', async () => {
    const lead = await ctx.factory.user();
    const { id, personId } = await openCase(lead);
    for (let i = 0; i < 2; i++) {
      const reader = await ctx.factory.coordinator();
      await http().get(`/api/cases/${id}`).set('Authorization', reader.auth).expect(200);
    }
    await detect();
    const raised = (await flags()).filter((f) => f.personId === personId);
    expect(raised).toEqual([expect.objectContaining({ rule: 'person_many_readers', observed: 3, threshold: 2, userId: null })]);
  });

  it('flags one user breaking the glass more than twice in 7 days', async () => {
    const lead = await ctx.factory.user();
    const doctor = await ctx.factory.user({ discipline: 'forensic_medicine' });
    for (let i = 0; i < 3; i++) {
      const { id } = await openCase(lead);
      await http().post(`/api/cases/${id}/emergency-access`).set('Authorization', doctor.auth).send({ reason }).expect(201);
    }
    await detect();
    const raised = (await flags()).filter((f) => f.userId === doctor.id && f.rule === 'user_many_emergency_accesses');
    expect(raised).toEqual([expect.objectContaining({ observed: 3, threshold: 2 })]);
  });

  it('works from where the last run stopped', async () => {
    await detect();
    const [before] = await ctx.db.query<{ last_seq: string }>(`SELECT last_seq FROM unusual_access_progress`);
    const [max] = await ctx.db.query<{ seq: string }>(`SELECT max(seq) AS seq FROM audit_events`);
    // Every event up to the run is behind the mark (the flags list itself adds events after it).
    expect(Number(before.last_seq)).toBeGreaterThan(0);
    expect(Number(before.last_seq)).toBeLessThanOrEqual(Number(max.seq));
    const result = await detect();
    expect(result.checkedUpTo).toBeGreaterThanOrEqual(Number(before.last_seq));
  });

  it('a coordinator reviews a flag once, with a note; it moves to reviewed; others may not', async () => {
    const [flag] = await flags();
    const professional = await ctx.factory.user();
    problemOf(await http().get('/api/audit/flags').set('Authorization', professional.auth), 403);
    problemOf(await http().post(`/api/audit/flags/${flag.id}/review`).set('Authorization', coordinator.auth).send({ note: '  ' }), 400);
    const reviewed = await http()
      .post(`/api/audit/flags/${flag.id}/review`)
      .set('Authorization', coordinator.auth)
      .send({ note: 'Asked the reader: a planned file audit.' })
      .expect(200);
    expect(reviewed.body).toMatchObject({
      status: 'reviewed',
      reviewNote: 'Asked the reader: a planned file audit.',
      reviewedBy: coordinator.id,
    });
    problemOf(await http().post(`/api/audit/flags/${flag.id}/review`).set('Authorization', coordinator.auth).send({ note: 'again' }), 409);
    problemOf(
      await http()
        .post(`/api/audit/flags/00000000-0000-4000-8000-000000000000/review`)
        .set('Authorization', coordinator.auth)
        .send({ note: 'x' }),
      404,
    );
    expect((await flags('reviewed')).map((f) => f.id)).toContain(flag.id);
    expect((await flags('open')).map((f) => f.id)).not.toContain(flag.id);
  });
});
