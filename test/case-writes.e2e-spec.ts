import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';

/**
 * Issue 3, writes through HTTP: Idempotency-Key (a retry answers as the first time and does
 * nothing twice, per user, also when ten arrive at once) and bad input on every case endpoint
 * (400 naming the field, nothing changed; a malformed id 400, an id never issued 404).
 */
const NEVER_ISSUED = '3f8e2a1b-7c6d-4e5f-9a0b-1c2d3e4f5a6b';
const PERSON = { firstName: 'Mila', lastName: 'de Vries', dateOfBirth: '2018-09-30', familyRole: 'child', involvement: 'victim' };
const REASON = 'Night duty: the child was brought to the emergency room';

describe('case writes', () => {
  let ctx: TestContext;
  const http = () => request(ctx.app.getHttpServer());
  const call = (method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string) => http()[method](path);
  const count = async (sql: string, params: unknown[] = []) =>
    (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n;
  const openCase = async (user: TestUser) => {
    const res = await http()
      .post('/api/cases')
      .set('Authorization', user.auth)
      .send({ urgency: 'regular', source: 'family', summary: 'Grandmother worried', persons: [PERSON] });
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number; persons: { id: string; version: number }[] };
  };
  /** Everything a case write could change, in one row. */
  const fingerprint = async () =>
    (
      await ctx.db.query<Record<string, number>>(`SELECT
        (SELECT count(*) FROM cases)::int AS cases,
        (SELECT coalesce(sum(version), 0) FROM cases)::int AS case_versions,
        (SELECT count(*) FROM cases WHERE status = 'closed')::int AS closed,
        (SELECT count(*) FROM case_persons)::int AS persons,
        (SELECT coalesce(sum(version), 0) FROM case_persons)::int AS person_versions,
        (SELECT count(*) FROM case_memberships)::int AS memberships,
        (SELECT count(*) FROM case_memberships WHERE until IS NULL)::int AS current_memberships,
        (SELECT count(*) FROM case_entries)::int AS entries,
        (SELECT count(*) FROM emergency_access_grants)::int AS grants,
        (SELECT count(*) FROM emergency_access_grants WHERE review_verdict IS NOT NULL)::int AS reviews,
        (SELECT count(*) FROM outbox_events)::int AS outbox,
        (SELECT count(*) FROM idempotency_keys)::int AS idempotency_keys,
        (SELECT count(*) FROM audit_events)::int AS audit_events`)
    )[0];

  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  describe('Idempotency-Key', () => {
    let lead: TestUser;
    let member: TestUser;
    let caseId: string;
    let personId: string;

    beforeAll(async () => {
      lead = await ctx.factory.user({ discipline: 'social_work' });
      member = await ctx.factory.user({ discipline: 'police' });
      const opened = await openCase(lead);
      caseId = opened.id;
      personId = opened.persons[0].id;
      expect((await http().post(`/api/cases/${caseId}/team`).set('Authorization', lead.auth).send({ userId: member.id })).status).toBe(201);
    });

    const post = (user: TestUser, path: string, key: string | undefined, body: object) => {
      const req = http().post(`/api/cases/${caseId}${path}`).set('Authorization', user.auth);
      return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body);
    };

    it.each([
      ['entries', '/entries', { visibility: 'team', kind: 'note', body: 'Spoke with the grandmother' }, `case_entries WHERE case_id = $1`],
      [
        'persons',
        '/persons',
        { firstName: 'Daan', lastName: 'de Vries', familyRole: 'sibling', involvement: 'witness' },
        `case_persons WHERE case_id = $1`,
      ],
    ])('replays a retried POST %s with the same key and body, and writes once', async (_what, path, body, rows) => {
      const before = await count(rows, [caseId]);
      const key = `retry-${path}-${Date.now()}`;
      const first = await post(lead, path, key, body);
      expect(first.status).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      // Same body in another key order is the same request.
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const replaysBefore = await count(`audit_events WHERE action = 'request.replay' AND case_id = $1 AND actor_id = $2`, [
        caseId,
        lead.id,
      ]);
      const second = await post(lead, path, key, reordered);
      expect(second.status).toBe(201);
      // The replay hands the data out again, so it is on record: exactly one audit event.
      expect(await count(`audit_events WHERE action = 'request.replay' AND case_id = $1 AND actor_id = $2`, [caseId, lead.id])).toBe(
        replaysBefore + 1,
      );
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body).toEqual(first.body);
      expect(await count(rows, [caseId])).toBe(before + 1);

      const other = await post(lead, path, key, { ...body, body: 'Something else', firstName: 'Else' });
      expect(problemOf(other, 422).errors?.map((e) => e.field)).toEqual(['Idempotency-Key']);
      expect(await count(rows, [caseId])).toBe(before + 1);
    });

    it('does not replay a stored answer to someone who has lost access to its case since', async () => {
      const leaver = await ctx.factory.user({ discipline: 'forensic_medicine' });
      expect((await http().post(`/api/cases/${caseId}/team`).set('Authorization', lead.auth).send({ userId: leaver.id })).status).toBe(201);
      const secret = { ...PERSON, firstName: 'Replay', confidentialAddress: 'Hidden street 1' };
      const first = await post(leaver, '/persons', 'leaver-key', secret);
      expect(first.status).toBe(201);
      expect((await http().delete(`/api/cases/${caseId}/team/${leaver.id}`).set('Authorization', lead.auth)).status).toBe(200);

      const replay = await post(leaver, '/persons', 'leaver-key', secret);
      problemOf(replay, 404);
      expect(replay.text).not.toContain('Hidden street 1');
      const events = await ctx.db.query<{ outcome: string; case_id: string }>(
        `SELECT outcome, case_id FROM audit_events WHERE action = 'request.replay' AND actor_id = $1`,
        [leaver.id],
      );
      expect(events).toEqual([{ outcome: 'denied', case_id: caseId }]);
    });

    it('names the persons of the stored answer when it is replayed', async () => {
      const key = `persons-named-${Date.now()}`;
      const first = await post(lead, '/persons', key, { ...PERSON, firstName: 'Named' });
      expect(first.status).toBe(201);
      expect((await post(lead, '/persons', key, { ...PERSON, firstName: 'Named' })).status).toBe(201);
      const [event] = await ctx.db.query<{ person_ids: string[]; purpose: string }>(
        `SELECT person_ids, purpose FROM audit_events WHERE action = 'request.replay' AND actor_id = $1 ORDER BY seq DESC LIMIT 1`,
        [lead.id],
      );
      expect(event).toEqual({ person_ids: [first.body.id], purpose: 'team_member' });
    });

    it('replays a retried POST team: the member is added once and one event is written', async () => {
      const newcomer = await ctx.factory.user({ discipline: 'forensic_medicine' });
      const outboxBefore = await count(`outbox_events WHERE case_id = $1`, [caseId]);
      const first = await post(lead, '/team', 'team-add-1', { userId: newcomer.id });
      expect(first.status).toBe(201);
      const second = await post(lead, '/team', 'team-add-1', { userId: newcomer.id });
      expect(second.status).toBe(201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body).toEqual(first.body);
      expect(await count(`case_memberships WHERE case_id = $1 AND user_id = $2`, [caseId, newcomer.id])).toBe(1);
      expect(await count(`outbox_events WHERE case_id = $1`, [caseId])).toBe(outboxBefore + 1);
      // Without the key the same request is a new one, and the member is there already.
      expect(problemOf(await post(lead, '/team', undefined, { userId: newcomer.id }), 409).code).toBe('ALREADY_MEMBER');
    });

    it('replays a 200 answer (close) with its own status', async () => {
      const opened = await openCase(lead);
      const close = (key: string) =>
        http()
          .post(`/api/cases/${opened.id}/close`)
          .set('Authorization', lead.auth)
          .set('Idempotency-Key', key)
          .send({ reason: 'Unfounded' });
      const first = await close('close-1');
      expect(first.status).toBe(200);
      const again = await close('close-1');
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect((await ctx.db.query(`SELECT version FROM cases WHERE id = $1`, [opened.id]))[0]).toEqual({ version: 2 });
      // A new key is a new request, and the case is closed.
      expect(problemOf(await close('close-2'), 409).code).toBe('CASE_CLOSED');
    });

    it('answers ten concurrent POSTs with the same key and body identically, with one row', async () => {
      const body = { visibility: 'team', kind: 'observation', body: 'Ten at once', personIds: [personId] };
      const before = await count(`case_entries WHERE case_id = $1`, [caseId]);
      const answers = await Promise.all(Array.from({ length: 10 }, () => post(member, '/entries', 'ten-at-once', body)));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
      for (const answer of answers) expect(answer.body).toEqual(answers[0].body);
      expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(9);
      expect(await count(`case_entries WHERE case_id = $1`, [caseId])).toBe(before + 1);
      expect(await count(`case_entries WHERE body = 'Ten at once'`)).toBe(1);
      expect(await count(`idempotency_keys WHERE actor_id = $1 AND key = 'ten-at-once'`, [member.id])).toBe(1);
    });

    it('audits forty concurrent failing keyed writes without starving the connection pool', async () => {
      // A slow audit store: each failed attempt's record is written while others queue for connections.
      await ctx.db.query(
        `CREATE FUNCTION test_slow_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.2); RETURN NEW; END $$`,
      );
      await ctx.db.query(`CREATE TRIGGER test_slow_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION test_slow_audit()`);
      try {
        const opened = await openCase(lead);
        const auditBefore = await count(`audit_events WHERE case_id = $1`, [opened.id]);
        const answers = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            http()
              .patch(`/api/cases/${opened.id}`)
              .set('Authorization', lead.auth)
              .set('Idempotency-Key', `forty-${i}`)
              .send({ version: opened.version, summary: `Forty ${i}` }),
          ),
        );
        const statuses = answers.map((a) => a.status).sort();
        expect(statuses).toEqual([200, ...Array(39).fill(409)]);
        const outcomes = await ctx.db.query<{ outcome: string; n: number }>(
          `SELECT outcome, count(*)::int AS n FROM audit_events WHERE case_id = $1 AND action = 'case.update' GROUP BY outcome ORDER BY outcome`,
          [opened.id],
        );
        expect(outcomes).toEqual([
          { outcome: 'error', n: 39 },
          { outcome: 'success', n: 1 },
        ]);
        expect(await count(`audit_events WHERE case_id = $1`, [opened.id])).toBe(auditBefore + 40);
        expect(await count(`idempotency_keys WHERE actor_id = $1 AND key LIKE 'forty-%'`, [lead.id])).toBe(1);
      } finally {
        await ctx.db.query(`DROP TRIGGER test_slow_audit ON audit_events`);
        await ctx.db.query(`DROP FUNCTION test_slow_audit()`);
      }
    });

    it('does not burn a key on a failed first attempt (422 rule, 400 input)', async () => {
      const before = await count(`case_entries WHERE case_id = $1`, [caseId]);
      const badPerson = await post(lead, '/entries', 'after-failure', {
        visibility: 'team',
        kind: 'note',
        body: 'Fixed later',
        personIds: [NEVER_ISSUED],
      });
      expect(problemOf(badPerson, 422).errors?.map((e) => e.field)).toEqual(['personIds']);
      // The same request again is tried again, not replayed.
      const sameAgain = await post(lead, '/entries', 'after-failure', {
        visibility: 'team',
        kind: 'note',
        body: 'Fixed later',
        personIds: [NEVER_ISSUED],
      });
      expect(problemOf(sameAgain, 422).code).toBe('UNKNOWN_PERSON');
      expect(sameAgain.headers['idempotent-replayed']).toBeUndefined();
      const badInput = await post(lead, '/entries', 'after-failure', { visibility: 'everyone', kind: 'note', body: 'Fixed later' });
      expect(problemOf(badInput, 400).errors?.map((e) => e.field)).toEqual(['visibility']);
      expect(await count(`idempotency_keys WHERE actor_id = $1 AND key = 'after-failure'`, [lead.id])).toBe(0);

      const fixed = await post(lead, '/entries', 'after-failure', {
        visibility: 'team',
        kind: 'note',
        body: 'Fixed later',
        personIds: [personId],
      });
      expect(fixed.status).toBe(201);
      expect(fixed.headers['idempotent-replayed']).toBeUndefined();
      expect(await count(`case_entries WHERE case_id = $1`, [caseId])).toBe(before + 1);
    });

    it('keeps keys per user: two users may use the same key', async () => {
      const before = await count(`case_entries WHERE case_id = $1`, [caseId]);
      const body = { visibility: 'team', kind: 'note', body: 'Same key, two authors' };
      const byLead = await post(lead, '/entries', 'shared-key', body);
      const byMember = await post(member, '/entries', 'shared-key', body);
      expect([byLead.status, byMember.status]).toEqual([201, 201]);
      expect(byMember.headers['idempotent-replayed']).toBeUndefined();
      expect(byMember.body.id).not.toBe(byLead.body.id);
      expect(byMember.body.authorId).toBe(member.id);
      expect(await count(`case_entries WHERE case_id = $1`, [caseId])).toBe(before + 2);
    });

    it('refuses a malformed key with 400 naming Idempotency-Key, and does nothing', async () => {
      const before = await fingerprint();
      for (const key of ['has space', 'x'.repeat(256), '']) {
        const res = await post(lead, '/entries', key, { visibility: 'team', kind: 'note', body: 'Malformed key' });
        expect([key.length, problemOf(res, 400).errors?.map((e) => e.field)]).toEqual([key.length, ['Idempotency-Key']]);
      }
      expect(await fingerprint()).toEqual(before);
      expect((await post(lead, '/entries', 'x'.repeat(255), { visibility: 'team', kind: 'note', body: 'Longest key' })).status).toBe(201);
    });

    it('treats the same key on another address as another request (422)', async () => {
      expect((await post(lead, '/entries', 'one-address', { visibility: 'team', kind: 'note', body: 'Here' })).status).toBe(201);
      const res = await http()
        .post(`/api/cases/${caseId}/persons`)
        .set('Authorization', lead.auth)
        .set('Idempotency-Key', 'one-address')
        .send({ firstName: 'A', lastName: 'B', familyRole: 'network', involvement: 'none' });
      expect(problemOf(res, 422).errors?.map((e) => e.field)).toEqual(['Idempotency-Key']);
    });
  });

  describe('bad input', () => {
    let lead: TestUser;
    let member: TestUser;
    let stranger: TestUser;
    let coordinator: TestUser;
    let caseId: string;
    let personId: string;
    let grantId: string;
    let newcomer: TestUser;

    beforeAll(async () => {
      lead = await ctx.factory.user({ discipline: 'social_work' });
      member = await ctx.factory.user({ discipline: 'police' });
      stranger = await ctx.factory.user({ discipline: 'forensic_medicine' });
      coordinator = await ctx.factory.coordinator();
      newcomer = await ctx.factory.user({ discipline: 'mental_health' });
      const opened = await openCase(lead);
      caseId = opened.id;
      personId = opened.persons[0].id;
      expect((await http().post(`/api/cases/${caseId}/team`).set('Authorization', lead.auth).send({ userId: member.id })).status).toBe(201);
      const glass = await ctx.factory.user({ discipline: 'youth_care' });
      const grant = await http().post(`/api/cases/${caseId}/emergency-access`).set('Authorization', glass.auth).send({ reason: REASON });
      expect(grant.status).toBe(201);
      grantId = grant.body.id;
    });

    interface Endpoint {
      name: string;
      method: 'post' | 'patch';
      path: () => string;
      user: () => TestUser;
      valid: () => Record<string, unknown>;
      bad: [string, (valid: Record<string, unknown>) => unknown][];
    }
    const without = (body: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(body).filter(([k]) => k !== key));
    const endpoints: Endpoint[] = [
      {
        name: 'POST /api/cases',
        method: 'post',
        path: () => '/api/cases',
        user: () => lead,
        valid: () => ({ urgency: 'regular', source: 'school', summary: 'Teacher called', persons: [PERSON] }),
        bad: [
          ['urgency', (v) => ({ ...v, urgency: 3 })],
          ['source', (v) => ({ ...v, source: 'neighbour' })],
          ['summary', (v) => without(v, 'summary')],
          ['reference', (v) => ({ ...v, reference: 'MDC-2026-999999' })],
          ['persons', (v) => ({ ...v, persons: 'Mila' })],
          ['persons[0].familyRole', (v) => ({ ...v, persons: [{ ...PERSON, familyRole: 'uncle' }] })],
          ['persons[0].lastName', (v) => ({ ...v, persons: [without(PERSON, 'lastName')] })],
          ['persons[0].dateOfBirth', (v) => ({ ...v, persons: [{ ...PERSON, dateOfBirth: '2018-02-30' }] })],
          ['persons[0].id', (v) => ({ ...v, persons: [{ ...PERSON, id: NEVER_ISSUED }] })],
          ['body', () => [PERSON]],
        ],
      },
      {
        name: 'PATCH /api/cases/:id',
        method: 'patch',
        path: () => `/api/cases/${caseId}`,
        user: () => lead,
        valid: () => ({ version: 1, summary: 'Changed' }),
        bad: [
          ['version', (v) => ({ ...v, version: '1' })],
          ['version', (v) => without(v, 'version')],
          ['status', (v) => ({ ...v, status: 'closed' })],
          ['urgency', (v) => ({ ...v, urgency: null })],
          ['summary', (v) => ({ ...v, summary: 42 })],
        ],
      },
      {
        name: 'POST /api/cases/:id/persons',
        method: 'post',
        path: () => `/api/cases/${caseId}/persons`,
        user: () => member,
        valid: () => ({ ...PERSON, firstName: 'Ruben' }),
        bad: [
          ['firstName', (v) => ({ ...v, firstName: 12 })],
          ['lastName', (v) => without(v, 'lastName')],
          ['caseId', (v) => ({ ...v, caseId })],
          ['dateOfBirth', (v) => ({ ...v, dateOfBirth: '30-09-2018' })],
          ['dateOfBirth', (v) => ({ ...v, dateOfBirth: '2019-02-29' })],
          ['involvement', (v) => ({ ...v, involvement: ['victim'] })],
        ],
      },
      {
        name: 'PATCH /api/cases/:id/persons/:personId',
        method: 'patch',
        path: () => `/api/cases/${caseId}/persons/${personId}`,
        user: () => member,
        valid: () => ({ version: 1, lastName: 'Visser' }),
        bad: [
          ['version', (v) => ({ ...v, version: 'one' })],
          ['involvement', (v) => ({ ...v, involvement: 'victimised' })],
          ['caseId', (v) => ({ ...v, caseId })],
          ['firstName', (v) => ({ ...v, firstName: null })],
          ['dateOfBirth', (v) => ({ ...v, dateOfBirth: '2018-13-01' })],
          ['dateOfBirth', (v) => ({ ...v, dateOfBirth: '2018-04-31' })],
        ],
      },
      {
        name: 'POST /api/cases/:id/team',
        method: 'post',
        path: () => `/api/cases/${caseId}/team`,
        user: () => lead,
        valid: () => ({ userId: newcomer.id }),
        bad: [
          ['userId', () => ({ userId: 'abc' })],
          ['userId', () => ({})],
          ['role', (v) => ({ ...v, role: 'lead' })],
          ['since', (v) => ({ ...v, since: '2026-01-01' })],
        ],
      },
      {
        name: 'POST /api/cases/:id/entries',
        method: 'post',
        path: () => `/api/cases/${caseId}/entries`,
        user: () => member,
        valid: () => ({ visibility: 'team', kind: 'note', body: 'Valid entry', personIds: [personId] }),
        bad: [
          ['visibility', (v) => ({ ...v, visibility: 'public' })],
          ['body', (v) => without(v, 'body')],
          ['body', (v) => ({ ...v, body: 42 })],
          ['authorId', (v) => ({ ...v, authorId: lead.id })],
          ['personIds', (v) => ({ ...v, personIds: personId })],
          ['personIds', (v) => ({ ...v, personIds: ['not-a-uuid'] })],
          ['correctsEntryId', (v) => ({ ...v, correctsEntryId: 'entry-1' })],
        ],
      },
      {
        name: 'POST /api/cases/:id/close',
        method: 'post',
        path: () => `/api/cases/${caseId}/close`,
        user: () => lead,
        valid: () => ({ reason: 'All done' }),
        bad: [
          ['reason', () => ({ reason: 5 })],
          ['reason', () => ({})],
          ['closedAt', (v) => ({ ...v, closedAt: '2026-01-01T00:00:00Z' })],
        ],
      },
      {
        name: 'POST /api/cases/:id/emergency-access',
        method: 'post',
        path: () => `/api/cases/${caseId}/emergency-access`,
        user: () => stranger,
        valid: () => ({ reason: REASON }),
        bad: [
          ['reason', () => ({ reason: 20 })],
          ['reason', () => ({})],
          ['reason', () => ({ reason: 'too short' })],
          ['minutes', (v) => ({ ...v, minutes: 600 })],
        ],
      },
      {
        name: 'POST /api/emergency-access/:id/review',
        method: 'post',
        path: () => `/api/emergency-access/${grantId}/review`,
        user: () => coordinator,
        valid: () => ({ verdict: 'justified', note: 'Night duty, checked with the hospital' }),
        bad: [
          ['verdict', (v) => ({ ...v, verdict: 'maybe' })],
          ['note', (v) => without(v, 'note')],
          ['reviewedBy', (v) => ({ ...v, reviewedBy: coordinator.id })],
        ],
      },
    ];

    it.each(endpoints.map((e) => [e.name, e] as const))('%s: 400 naming the field, and nothing changes', async (_name, endpoint) => {
      const before = await fingerprint();
      for (const [field, make] of endpoint.bad) {
        const body = make(endpoint.valid());
        const res = await call(endpoint.method, endpoint.path())
          .set('Authorization', endpoint.user().auth)
          .send(body as object);
        const problem = problemOf(res, 400);
        expect([field, problem.errors?.map((e) => e.field)]).toEqual([field, expect.arrayContaining([field])]);
      }
      expect(await fingerprint()).toEqual(before);
      // The valid body goes through: the 400s were the fields' doing.
      const ok = await call(endpoint.method, endpoint.path()).set('Authorization', endpoint.user().auth).send(endpoint.valid());
      expect([endpoint.name, ok.status]).toEqual([
        endpoint.name,
        endpoint.method === 'post' && !endpoint.name.match(/close|review/) ? 201 : 200,
      ]);
    });

    it('refuses malformed JSON and a body that is not an object on case writes', async () => {
      const before = await fingerprint();
      const raw = await http()
        .post(`/api/cases/${caseId}/entries`)
        .set('Authorization', member.auth)
        .set('Content-Type', 'application/json')
        .send('{"visibility": "team",');
      expect(problemOf(raw, 400).errors?.map((e) => e.field)).toEqual(['body']);
      const array = await http()
        .post(`/api/cases/${caseId}/entries`)
        .set('Authorization', member.auth)
        .send([{ visibility: 'team', kind: 'note', body: 'x' }]);
      expect(problemOf(array, 400).errors?.map((e) => e.field)).toEqual(['body']);
      expect(await fingerprint()).toEqual(before);
    });

    describe('ids in the address', () => {
      // A case of its own: the endpoint tests above close theirs.
      let routeCaseId: string;
      let routePersonId: string;
      beforeAll(async () => {
        const opened = await openCase(lead);
        routeCaseId = opened.id;
        routePersonId = opened.persons[0].id;
        expect(
          (await http().post(`/api/cases/${routeCaseId}/team`).set('Authorization', lead.auth).send({ userId: member.id })).status,
        ).toBe(201);
      });

      const routes: {
        name: string;
        method: 'get' | 'post' | 'patch' | 'delete';
        path: (id: string) => string;
        field: string;
        user: () => TestUser;
        body?: () => object;
      }[] = [
        { name: 'GET case', method: 'get', path: (id) => `/api/cases/${id}`, field: 'id', user: () => lead },
        {
          name: 'PATCH case',
          method: 'patch',
          path: (id) => `/api/cases/${id}`,
          field: 'id',
          user: () => lead,
          body: () => ({ version: 1 }),
        },
        {
          name: 'close',
          method: 'post',
          path: (id) => `/api/cases/${id}/close`,
          field: 'id',
          user: () => lead,
          body: () => ({ reason: 'x' }),
        },
        { name: 'add person', method: 'post', path: (id) => `/api/cases/${id}/persons`, field: 'id', user: () => lead, body: () => PERSON },
        {
          name: 'patch person (case)',
          method: 'patch',
          path: (id) => `/api/cases/${id}/persons/${routePersonId}`,
          field: 'id',
          user: () => lead,
          body: () => ({ version: 1 }),
        },
        {
          name: 'patch person (person)',
          method: 'patch',
          path: (id) => `/api/cases/${routeCaseId}/persons/${id}`,
          field: 'personId',
          user: () => lead,
          body: () => ({ version: 1 }),
        },
        {
          name: 'add member',
          method: 'post',
          path: (id) => `/api/cases/${id}/team`,
          field: 'id',
          user: () => lead,
          body: () => ({ userId: member.id }),
        },
        {
          name: 'remove member (case)',
          method: 'delete',
          path: (id) => `/api/cases/${id}/team/${member.id}`,
          field: 'id',
          user: () => lead,
        },
        {
          name: 'remove member (user)',
          method: 'delete',
          path: (id) => `/api/cases/${routeCaseId}/team/${id}`,
          field: 'userId',
          user: () => lead,
        },
        {
          name: 'add entry',
          method: 'post',
          path: (id) => `/api/cases/${id}/entries`,
          field: 'id',
          user: () => lead,
          body: () => ({ visibility: 'team', kind: 'note', body: 'x' }),
        },
        { name: 'list entries', method: 'get', path: (id) => `/api/cases/${id}/entries`, field: 'id', user: () => lead },
        { name: 'timeline', method: 'get', path: (id) => `/api/cases/${id}/timeline`, field: 'id', user: () => lead },
        {
          name: 'emergency access',
          method: 'post',
          path: (id) => `/api/cases/${id}/emergency-access`,
          field: 'id',
          user: () => stranger,
          body: () => ({ reason: REASON }),
        },
        {
          name: 'review',
          method: 'post',
          path: (id) => `/api/emergency-access/${id}/review`,
          field: 'id',
          user: () => coordinator,
          body: () => ({ verdict: 'unjustified', note: 'x' }),
        },
      ];

      it.each(routes.map((r) => [r.name, r] as const))(
        '%s: a malformed id is 400, an id never issued is 404, and nothing changes',
        async (_name, route) => {
          const send = (id: string) => {
            const req = call(route.method, route.path(id)).set('Authorization', route.user().auth);
            return route.body ? req.send(route.body()) : req;
          };
          const before = await fingerprint();
          for (const id of ['not-a-uuid', '12345', `${NEVER_ISSUED}x`]) {
            expect(problemOf(await send(id), 400).errors?.map((e) => e.field)).toEqual([route.field]);
          }
          expect(await fingerprint()).toEqual(before);
          problemOf(await send(NEVER_ISSUED), 404);
          const after = await fingerprint();
          // Only the record of the attempt is new: one denied audit event for a case-scoped route.
          expect({ ...after, audit_events: 0 }).toEqual({ ...before, audit_events: 0 });
          expect(after.audit_events - before.audit_events).toBe(route.name === 'review' ? 0 : 1);
        },
      );
    });
  });
});
