import { randomUUID } from 'node:crypto';
import { AuditWriter } from '@oneroof/audit';
import { Db } from '@oneroof/platform';
import { createTestApp, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';

interface EventItem {
  id: string;
  actorId: string | null;
  actorName: string | null;
  actorDiscipline: string | null;
  actorOrganisationId: string | null;
  actorOrganisationName: string | null;
  action: string;
}

/**
 * Issue 9, "what clients need": the coordinators' audit search and both access logs name each
 * actor (name, discipline, organisation) beside the ids, so that "who saw this" reads as people.
 */
describe('audit search and access logs name the actors', () => {
  let ctx: TestContext;
  let coordinator: TestUser;
  let lead: TestUser;
  let police: TestUser;
  let centre: { id: string; name: string };
  let policeOrg: { id: string; name: string };
  let caseId: string;
  let personId: string;
  const http = () => request(ctx.app.getHttpServer());
  const get = async (path: string): Promise<EventItem[]> => {
    const res = await http().get(path).set('Authorization', coordinator.auth);
    expect(res.status).toBe(200);
    return res.body.items as EventItem[];
  };
  const namesOf = (items: EventItem[], actor: TestUser) =>
    items
      .filter((i) => i.actorId === actor.id)
      .map((i) => [i.actorName, i.actorDiscipline, i.actorOrganisationId, i.actorOrganisationName]);

  beforeAll(async () => {
    ctx = await createTestApp();
    centre = await ctx.factory.organisation('centre', `MDCK Test ${randomUUID().slice(0, 6)}`);
    policeOrg = await ctx.factory.organisation('police', `Politie Test ${randomUUID().slice(0, 6)}`);
    coordinator = await ctx.factory.coordinator({ organisationId: centre.id });
    lead = await ctx.factory.user({ discipline: 'social_work', organisationId: centre.id, name: 'Anna de Lead' });
    police = await ctx.factory.user({ discipline: 'police', organisationId: policeOrg.id, name: 'Piet Politie' });
    const opened = await http()
      .post('/api/cases')
      .set('Authorization', lead.auth)
      .send({
        urgency: 'regular',
        source: 'school',
        summary: 'Concerns raised by the school',
        persons: [{ firstName: 'Sanne', lastName: 'Jansen', familyRole: 'child', involvement: 'victim' }],
      });
    expect(opened.status).toBe(201);
    caseId = opened.body.id;
    personId = opened.body.persons[0].id;
    expect((await http().post(`/api/cases/${caseId}/team`).set('Authorization', lead.auth).send({ userId: police.id })).status).toBe(201);
    expect((await http().get(`/api/cases/${caseId}`).set('Authorization', police.auth)).status).toBe(200);
  });
  afterAll(() => ctx.close());

  const expectNamed = (items: EventItem[]) => {
    expect(namesOf(items, lead).length).toBeGreaterThan(0);
    for (const row of namesOf(items, lead)) expect(row).toEqual(['Anna de Lead', 'social_work', centre.id, centre.name]);
    expect(namesOf(items, police).length).toBeGreaterThan(0);
    for (const row of namesOf(items, police)) expect(row).toEqual(['Piet Politie', 'police', policeOrg.id, policeOrg.name]);
  };

  it('GET /api/audit/events names every actor, filtered or not', async () => {
    expectNamed(await get(`/api/audit/events?caseId=${caseId}`));
    const byActor = await get(`/api/audit/events?actorId=${police.id}`);
    expect(byActor.map((i) => i.action)).toContain('case.read');
    expectNamed([...byActor, ...(await get(`/api/audit/events?actorId=${lead.id}`))]);
  });

  it('GET /api/cases/:id/access-log and /api/persons/:id/access-log name them too', async () => {
    expectNamed(await get(`/api/cases/${caseId}/access-log`));
    expectNamed(await get(`/api/persons/${personId}/access-log`));
  });

  it('an event without an actor, or whose ids name no one, has null names; a renamed user reads with the name now', async () => {
    const writer = ctx.app.get(AuditWriter);
    const orphanOrg = randomUUID();
    const [withoutActor, unknownActor] = await ctx.app.get(Db).transaction(async (tx) => [
      await writer.record(tx, {
        actor: null,
        action: 'system.test',
        resourceType: 'case',
        caseId,
        outcome: 'success',
        purpose: 'administration',
      }),
      await writer.record(tx, {
        actor: { id: randomUUID(), discipline: 'police', organisationId: orphanOrg },
        action: 'system.test',
        resourceType: 'case',
        caseId,
        outcome: 'success',
        purpose: 'administration',
      }),
    ]);
    const items = await get(`/api/audit/events?caseId=${caseId}&action=system.test`);
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(byId.get(withoutActor)).toMatchObject({
      actorId: null,
      actorName: null,
      actorOrganisationId: null,
      actorOrganisationName: null,
    });
    expect(byId.get(unknownActor)).toMatchObject({
      actorName: null,
      actorDiscipline: 'police',
      actorOrganisationId: orphanOrg,
      actorOrganisationName: null,
    });

    await ctx.db.query(`UPDATE users SET name = 'Piet P. Politie' WHERE id = $1`, [police.id]);
    const renamed = await get(`/api/audit/events?actorId=${police.id}`);
    expect(new Set(renamed.map((i) => i.actorName))).toEqual(new Set(['Piet P. Politie']));
  });

  it('pages stay whole: 120 events of many actors read in pages of 50 with every name present', async () => {
    const writer = ctx.app.get(AuditWriter);
    const actors = await Promise.all(
      Array.from({ length: 6 }, (_, i) => ctx.factory.user({ discipline: 'youth_care', organisationId: policeOrg.id, name: `Actor ${i}` })),
    );
    await ctx.app.get(Db).transaction(async (tx) => {
      for (let i = 0; i < 120; i++) {
        const a = actors[i % actors.length];
        await writer.record(tx, {
          actor: { id: a.id, discipline: a.discipline, organisationId: a.organisationId },
          action: 'bulk.test',
          resourceType: 'case',
          caseId,
          outcome: 'success',
          purpose: 'team_member',
        });
      }
    });
    const seen: EventItem[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await http()
        .get(`/api/audit/events?action=bulk.test&limit=50${cursor ? `&cursor=${cursor}` : ''}`)
        .set('Authorization', coordinator.auth);
      expect(res.status).toBe(200);
      seen.push(...(res.body.items as EventItem[]));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(120);
    expect(new Set(seen.map((i) => i.id)).size).toBe(120);
    for (const item of seen) {
      const actor = actors.find((a) => a.id === item.actorId)!;
      expect([item.actorName, item.actorOrganisationName]).toEqual([actor.name, policeOrg.name]);
    }
  });
});
