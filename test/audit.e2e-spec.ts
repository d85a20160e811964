import { randomUUID } from 'node:crypto';
import { AuditWriter, type AuditActor, type AuditEntry } from '@oneroof/audit';
import { Db } from '@oneroof/platform';
import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';

/**
 * design.md §4 GET /api/audit/events and /api/audit/verify: coordinators only; filters by case,
 * actor, person, action and time, newest first, cursor-paginated; each query is itself exactly one
 * audit event (§3).
 */
describe('audit search and verification over HTTP', () => {
  let ctx: TestContext;
  let coordinator: TestUser;
  let professional: TestUser;
  const http = () => request(ctx.app.getHttpServer());
  const get = (path: string, user: TestUser | null = coordinator) => {
    const req = http().get(path);
    return user ? req.set('Authorization', user.auth) : req;
  };

  const T0 = Date.parse('2025-03-01T08:00:00.000Z');
  const minute = 60_000;
  const caseA = randomUUID();
  const caseB = randomUUID();
  const person1 = randomUUID();
  const person2 = randomUUID();
  const actor1: AuditActor = { id: randomUUID(), discipline: 'police', organisationId: randomUUID() };
  const actor2: AuditActor = { id: randomUUID(), discipline: 'social_work', organisationId: randomUUID() };

  interface Seeded {
    id: string;
    n: number;
    at: Date;
    caseId: string | null;
    actor: AuditActor;
    personIds: string[];
    action: string;
  }
  const seeded: Seeded[] = [];
  /** Newest first, as the API orders: by at, then by insertion (seq). */
  const newestFirst = (rows: Seeded[]) => [...rows].sort((a, b) => b.at.getTime() - a.at.getTime() || b.n - a.n).map((r) => r.id);
  const idsOf = (response: request.Response) => (response.body.items as { id: string }[]).map((item) => item.id);
  const auditCount = async () => Number((await ctx.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM audit_events`))[0].n);

  beforeAll(async () => {
    ctx = await createTestApp();
    coordinator = await ctx.factory.coordinator();
    professional = await ctx.factory.user({ discipline: 'police' });
    const writer = ctx.app.get(AuditWriter);
    const db = ctx.app.get(Db);
    // 30 events a minute apart, plus three that share one timestamp (ties are broken by seq).
    const plan: { at: Date; i: number }[] = [];
    for (let i = 0; i < 30; i++) plan.push({ at: new Date(T0 + i * minute), i });
    for (let i = 30; i < 33; i++) plan.push({ at: new Date(T0 + 12 * minute), i });
    for (const { at, i } of plan) {
      const entry: AuditEntry = {
        actor: i % 2 === 0 ? actor1 : actor2,
        action: i % 4 === 0 ? 'case.read' : 'entry.create',
        resourceType: 'case',
        resourceId: randomUUID(),
        caseId: i % 3 === 0 ? caseA : i % 3 === 1 ? caseB : null,
        personIds: i % 5 === 0 ? [person1, person2] : i % 5 === 1 ? [person1] : i % 5 === 2 ? [person2] : [],
        outcome: 'success',
        purpose: 'team_member',
        at,
      };
      const id = await db.transaction((tx) => writer.record(tx, entry));
      seeded.push({ id, n: i, at, caseId: entry.caseId ?? null, actor: entry.actor!, personIds: entry.personIds!, action: entry.action });
    }
  });
  afterAll(() => ctx.close());

  describe('filters', () => {
    it('by case', async () => {
      const response = await get(`/api/audit/events?caseId=${caseA}`).expect(200);
      const expected = newestFirst(seeded.filter((s) => s.caseId === caseA));
      expect(expected).toHaveLength(11);
      expect(idsOf(response)).toEqual(expected);
      expect(response.body.nextCursor).toBeNull();
    });

    it('by actor', async () => {
      const response = await get(`/api/audit/events?actorId=${actor1.id}`).expect(200);
      const expected = newestFirst(seeded.filter((s) => s.actor === actor1));
      expect(expected).toHaveLength(17);
      expect(idsOf(response)).toEqual(expected);
    });

    it('by person: every event whose personIds contain them', async () => {
      const response = await get(`/api/audit/events?personId=${person2}`).expect(200);
      const expected = newestFirst(seeded.filter((s) => s.personIds.includes(person2)));
      expect(expected).toHaveLength(14);
      expect(idsOf(response)).toEqual(expected);
    });

    it('by action', async () => {
      const response = await get(`/api/audit/events?action=case.read`).expect(200);
      const expected = newestFirst(seeded.filter((s) => s.action === 'case.read'));
      expect(expected).toHaveLength(9);
      expect(idsOf(response)).toEqual(expected);
    });

    it('by time, both bounds inclusive', async () => {
      const from = new Date(T0 + 10 * minute).toISOString();
      const to = new Date(T0 + 14 * minute).toISOString();
      const response = await get(`/api/audit/events?from=${from}&to=${to}`).expect(200);
      const expected = newestFirst(seeded.filter((s) => s.at.getTime() >= T0 + 10 * minute && s.at.getTime() <= T0 + 14 * minute));
      expect(expected).toHaveLength(8);
      expect(idsOf(response)).toEqual(expected);
    });

    it('all filters together narrow to their intersection', async () => {
      const to = new Date(T0 + 20 * minute).toISOString();
      const response = await get(
        `/api/audit/events?caseId=${caseB}&actorId=${actor2.id}&personId=${person1}&action=entry.create&to=${to}`,
      ).expect(200);
      const expected = newestFirst(
        seeded.filter(
          (s) =>
            s.caseId === caseB &&
            s.actor === actor2 &&
            s.personIds.includes(person1) &&
            s.action === 'entry.create' &&
            s.at.getTime() <= T0 + 20 * minute,
        ),
      );
      expect(expected.length).toBeGreaterThan(0);
      expect(idsOf(response)).toEqual(expected);
    });

    it('maps each event to the fields of design.md §2 (and the actor names of issue 9) and nothing else', async () => {
      const target = seeded[7]; // i = 7: case B, actor 2, entry.create, person 2
      const response = await get(`/api/audit/events?caseId=${caseB}&from=${target.at.toISOString()}&to=${target.at.toISOString()}`).expect(
        200,
      );
      expect(response.body.items).toEqual([
        {
          id: target.id,
          at: '2025-03-01T08:07:00.000Z',
          actorId: actor2.id,
          actorDiscipline: 'social_work',
          actorOrganisationId: actor2.organisationId,
          // The actor ids of this file's seeded events name no user or organisation.
          actorName: null,
          actorOrganisationName: null,
          onBehalfOfId: null,
          action: 'entry.create',
          resourceType: 'case',
          resourceId: expect.any(String),
          caseId: caseB,
          personIds: [person2],
          outcome: 'success',
          purpose: 'team_member',
          requestId: null,
          ip: null,
          userAgent: null,
          caseIds: [],
        },
      ]);
    });
  });

  it('walks every page once, newest first, without duplicates or gaps (ties on `at` included)', async () => {
    const to = new Date(T0 + 60 * minute).toISOString();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/api/audit/events?to=${to}&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const response = await get(query).expect(200);
      expect(response.body.items.length).toBe(pages < 4 ? 7 : 5);
      seen.push(...idsOf(response));
      cursor = response.body.nextCursor;
      pages++;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(5);
    expect(seen).toEqual(newestFirst(seeded));
    expect(new Set(seen).size).toBe(33);
  });

  it('defaults to 50 items and allows at most 200', async () => {
    const writer = ctx.app.get(AuditWriter);
    const db = ctx.app.get(Db);
    for (let i = 0; i < 20; i++) {
      await db.transaction((tx) =>
        writer.record(tx, { actor: actor1, action: 'filler', resourceType: 'case', outcome: 'success', purpose: 'team_member' }),
      );
    }
    const total = await auditCount();
    expect(total).toBeGreaterThan(50);
    const defaulted = await get(`/api/audit/events`).expect(200);
    expect(defaulted.body.items).toHaveLength(50);
    expect(defaulted.body.nextCursor).toEqual(expect.any(String));
    const all = await get(`/api/audit/events?limit=200`).expect(200);
    // Every event committed before this search (the first search's own event included), not this one's.
    expect(all.body.items).toHaveLength(total + 1);
    expect(problemOf(await get(`/api/audit/events?limit=201`), 400).errors?.map((e) => e.field)).toEqual(['limit']);
  });

  it.each([
    ['caseId=not-a-uuid', 'caseId'],
    ['actorId=123', 'actorId'],
    ['personId=x', 'personId'],
    ['from=yesterday', 'from'],
    ['to=2025-13-01T00:00:00Z', 'to'],
    ['from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z', 'to'],
    ['limit=0', 'limit'],
    ['cursor=garbage', 'cursor'],
    [`cursor=${Buffer.from(JSON.stringify({ list: 'audit-events', at: "2025-01-01'; --", seq: '1' })).toString('base64url')}`, 'cursor'],
    ['colour=blue', 'colour'],
  ])('refuses %s with a 400 naming %s, and writes no audit event', async (query, field) => {
    const before = await auditCount();
    const problem = problemOf(await get(`/api/audit/events?${query}`), 400);
    expect(problem.errors?.map((e) => e.field)).toEqual([field]);
    expect(await auditCount()).toBe(before);
  });

  describe('coordinators only', () => {
    it.each(['/api/audit/events', '/api/audit/verify'])(
      '%s: a professional gets 403, no token 401; each refusal is one denied event, never a query event',
      async (path) => {
        const before = await auditCount();
        const denials = async () =>
          (await ctx.db.query<{ action: string; outcome: string }>(`SELECT action, outcome FROM audit_events ORDER BY seq`)).slice(before);
        expect(problemOf(await get(path, professional), 403).status).toBe(403);
        const admin = await ctx.factory.admin();
        expect(problemOf(await get(path, admin), 403).status).toBe(403);
        expect(problemOf(await get(path, null), 401).status).toBe(401);
        expect(await denials()).toEqual([
          { action: 'route.denied', outcome: 'denied' },
          { action: 'route.denied', outcome: 'denied' },
        ]);
      },
    );
  });

  describe('each audit query is exactly one audit event', () => {
    const lastEvent = async () =>
      (
        await ctx.db.query<Record<string, unknown>>(
          `SELECT actor_id, actor_discipline, actor_organisation_id, on_behalf_of_id, action, resource_type, resource_id, case_id, person_ids,
             outcome, purpose, request_id FROM audit_events ORDER BY seq DESC LIMIT 1`,
        )
      )[0];

    it('a search', async () => {
      const before = await auditCount();
      await get(`/api/audit/events?caseId=${caseA}&personId=${person1}`).set('X-Request-Id', 'audit-search-1').expect(200);
      expect(await auditCount()).toBe(before + 1);
      expect(await lastEvent()).toEqual({
        actor_id: coordinator.id,
        actor_discipline: coordinator.discipline,
        actor_organisation_id: coordinator.organisationId,
        on_behalf_of_id: null,
        action: 'audit.search',
        resource_type: 'audit_log',
        resource_id: null,
        case_id: caseA,
        person_ids: [person1],
        outcome: 'success',
        purpose: 'coordinator_oversight',
        request_id: 'audit-search-1',
      });
    });

    it('a verification, which checks every event committed before it', async () => {
      const before = await auditCount();
      const response = await get(`/api/audit/verify`).set('X-Request-Id', 'audit-verify-1').expect(200);
      expect(response.body).toEqual({
        valid: true,
        checked: before,
        firstBrokenId: null,
        reason: null,
        lastCheckpoint: null,
        brokenCheckpoint: null,
        fromPosition: '1',
        full: true,
      });
      expect(await auditCount()).toBe(before + 1);
      expect(await lastEvent()).toEqual({
        actor_id: coordinator.id,
        actor_discipline: coordinator.discipline,
        actor_organisation_id: coordinator.organisationId,
        on_behalf_of_id: null,
        action: 'audit.verify',
        resource_type: 'audit_log',
        resource_id: null,
        case_id: null,
        person_ids: [],
        outcome: 'success',
        purpose: 'coordinator_oversight',
        request_id: 'audit-verify-1',
      });
      // The verification's own event is sealed by the next one, which starts after the checkpoint
      // the first signed (design.md §11); ?full=true checks every event again.
      expect((await get(`/api/audit/verify`).expect(200)).body).toEqual({
        valid: true,
        checked: 1,
        firstBrokenId: null,
        reason: null,
        lastCheckpoint: {
          position: String(before),
          hash: expect.stringMatching(/^[0-9a-f]{64}$/),
          at: expect.any(String),
          source: 'stored',
        },
        brokenCheckpoint: null,
        fromPosition: String(before + 1),
        full: false,
      });
      expect((await get(`/api/audit/verify?full=true`).expect(200)).body).toMatchObject({ valid: true, checked: before + 2, full: true });
    });

    it('the search event is in the same transaction: a search whose event cannot be written returns nothing', async () => {
      // Make the audit insert fail for this one actor (a check constraint added just for the test).
      await ctx.db.query(
        `ALTER TABLE audit_events ADD CONSTRAINT test_refuse_actor CHECK (actor_id IS DISTINCT FROM '${coordinator.id}'::uuid) NOT VALID`,
      );
      try {
        const before = await auditCount();
        const response = await get(`/api/audit/events?caseId=${caseA}`);
        expect(problemOf(response, 500).status).toBe(500);
        expect(response.body.items).toBeUndefined();
        expect(await auditCount()).toBe(before);
      } finally {
        await ctx.db.query(`ALTER TABLE audit_events DROP CONSTRAINT test_refuse_actor`);
      }
    });
  });
});
