import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';

/**
 * Issue 3, the case file through HTTP against real Postgres: optimistic locking under concurrency,
 * one audit event per request (and none without its work), the rules the database itself keeps,
 * team membership and closing, and case references. Access matrix and emergency access: case-access*.
 */
interface AuditRow {
  actor_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  case_id: string | null;
  person_ids: string[];
  outcome: string;
  purpose: string;
  request_id: string | null;
}

const CHILD = { firstName: 'Noor', lastName: 'Jansen', dateOfBirth: '2016-04-12', familyRole: 'child', involvement: 'victim' };
const PARENT = { firstName: 'Karim', lastName: 'Jansen', familyRole: 'parent', involvement: 'alleged_perpetrator' };

describe('case file', () => {
  let ctx: TestContext;
  const http = () => request(ctx.app.getHttpServer());

  const openCase = async (user: TestUser, persons: object[] = [CHILD, PARENT]) => {
    const res = await http()
      .post('/api/cases')
      .set('Authorization', user.auth)
      .send({ urgency: 'urgent', source: 'veilig_thuis', summary: 'Report by the school about bruises', persons });
    expect(res.status).toBe(201);
    return res.body as { id: string; reference: string; version: number; persons: { id: string; version: number }[]; team: unknown[] };
  };
  const addMember = async (lead: TestUser, caseId: string, member: TestUser) => {
    const res = await http().post(`/api/cases/${caseId}/team`).set('Authorization', lead.auth).send({ userId: member.id });
    expect(res.status).toBe(201);
  };
  const count = async (sql: string, params: unknown[] = []) =>
    (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n;
  const lastAuditSeq = async () =>
    Number((await ctx.db.query<{ s: string }>(`SELECT coalesce(max(seq), 0)::text AS s FROM audit_events`))[0].s);
  const auditSince = (seq: number) =>
    ctx.db.query<AuditRow>(
      `SELECT actor_id, action, resource_type, resource_id, case_id, person_ids, outcome, purpose, request_id
         FROM audit_events WHERE seq > $1 ORDER BY seq`,
      [seq],
    );
  /** Runs one request and returns it with the audit rows written meanwhile. */
  const audited = async (send: () => request.Test) => {
    const before = await lastAuditSeq();
    const res = await send();
    return { res, added: await auditSince(before) };
  };
  const sorted = (ids: string[]) => [...ids].sort();

  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  describe('optimistic locking under concurrency', () => {
    it('lets exactly one of ten concurrent case PATCHes with the same version win; the nine others get 409 STALE_VERSION', async () => {
      const lead = await ctx.factory.user();
      const opened = await openCase(lead);
      const before = await lastAuditSeq();
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          http()
            .patch(`/api/cases/${opened.id}`)
            .set('Authorization', lead.auth)
            .send({ version: opened.version, summary: `Summary ${i}` }),
        ),
      );
      const winners = answers.filter((r) => r.status === 200);
      const losers = answers.filter((r) => r.status !== 200);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(9);
      for (const loser of losers) {
        const problem = problemOf(loser, 409);
        expect(problem.code).toBe('STALE_VERSION');
        expect(problem.errors).toEqual([{ field: 'version', message: expect.any(String) }]);
      }
      expect(winners[0].body.version).toBe(opened.version + 1);
      const [row] = await ctx.db.query<{ version: number; summary: string }>(`SELECT version, summary FROM cases WHERE id = $1`, [
        opened.id,
      ]);
      expect(row).toEqual({ version: opened.version + 1, summary: winners[0].body.summary });
      // One audit event per attempt: the winner's success and nine errors.
      const added = await auditSince(before);
      expect(added).toHaveLength(10);
      expect(added.filter((a) => a.outcome === 'success')).toHaveLength(1);
      expect(added.filter((a) => a.outcome === 'error')).toHaveLength(9);
      expect(new Set(added.map((a) => a.action))).toEqual(new Set(['case.update']));
    });

    it('does the same for ten concurrent PATCHes of one person', async () => {
      const lead = await ctx.factory.user();
      const opened = await openCase(lead);
      const person = opened.persons[0];
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          http()
            .patch(`/api/cases/${opened.id}/persons/${person.id}`)
            .set('Authorization', lead.auth)
            .send({ version: person.version, firstName: `Name${i}` }),
        ),
      );
      const winners = answers.filter((r) => r.status === 200);
      expect(winners).toHaveLength(1);
      const losers = answers.filter((r) => r.status !== 200);
      expect(losers).toHaveLength(9);
      for (const loser of losers) expect(problemOf(loser, 409).code).toBe('STALE_VERSION');
      const [row] = await ctx.db.query<{ version: number; first_name: string }>(
        `SELECT version, first_name FROM case_persons WHERE id = $1`,
        [person.id],
      );
      expect(row).toEqual({ version: person.version + 1, first_name: winners[0].body.firstName });
      // The other person was not touched.
      const [other] = await ctx.db.query<{ version: number }>(`SELECT version FROM case_persons WHERE id = $1`, [opened.persons[1].id]);
      expect(other.version).toBe(1);
    });
  });

  describe('persons without a version', () => {
    it('takes a PATCH that names no version (design.md §4 asks none) and still raises the version', async () => {
      const lead = await ctx.factory.user();
      const opened = await openCase(lead);
      const person = opened.persons[0];
      const res = await http()
        .patch(`/api/cases/${opened.id}/persons/${person.id}`)
        .set('Authorization', lead.auth)
        .send({ lastName: 'Bakker' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: person.id, lastName: 'Bakker', version: person.version + 1 });
    });
  });

  describe('audit: exactly one event per request', () => {
    let lead: TestUser;
    let police: TestUser;
    let opened: Awaited<ReturnType<typeof openCase>>;

    beforeAll(async () => {
      lead = await ctx.factory.user({ discipline: 'social_work' });
      police = await ctx.factory.user({ discipline: 'police' });
      opened = await openCase(lead);
      await addMember(lead, opened.id, police);
    });

    it('records opening a case with every person it created', async () => {
      const { res, added } = await audited(() =>
        http()
          .post('/api/cases')
          .set('Authorization', lead.auth)
          .send({ urgency: 'acute', source: 'police', summary: 'x', persons: [CHILD] }),
      );
      expect(res.status).toBe(201);
      expect(added).toEqual([
        {
          actor_id: lead.id,
          action: 'case.create',
          resource_type: 'case',
          resource_id: res.body.id,
          case_id: res.body.id,
          person_ids: [res.body.persons[0].id],
          outcome: 'success',
          purpose: 'team_member',
          request_id: res.headers['x-request-id'],
        },
      ]);
    });

    it('records a case read with all its persons', async () => {
      const { res, added } = await audited(() => http().get(`/api/cases/${opened.id}`).set('Authorization', lead.auth));
      expect(res.status).toBe(200);
      expect(added).toHaveLength(1);
      expect({ ...added[0], person_ids: sorted(added[0].person_ids) }).toEqual({
        actor_id: lead.id,
        action: 'case.read',
        resource_type: 'case',
        resource_id: opened.id,
        case_id: opened.id,
        person_ids: sorted(opened.persons.map((p) => p.id)),
        outcome: 'success',
        purpose: 'team_member',
        request_id: res.headers['x-request-id'],
      });
    });

    it('records a case PATCH with the persons its answer returns', async () => {
      const current = (await http().get(`/api/cases/${opened.id}`).set('Authorization', lead.auth)).body;
      const { res, added } = await audited(() =>
        http().patch(`/api/cases/${opened.id}`).set('Authorization', lead.auth).send({ version: current.version, urgency: 'acute' }),
      );
      expect(res.status).toBe(200);
      expect(res.body.persons).toHaveLength(2);
      expect(added).toHaveLength(1);
      expect(added[0]).toMatchObject({ action: 'case.update', outcome: 'success', resource_id: opened.id, case_id: opened.id });
      expect(sorted(added[0].person_ids)).toEqual(sorted(opened.persons.map((p) => p.id)));
    });

    it('records a new entry with the persons it names', async () => {
      const personIds = [opened.persons[0].id];
      const { res, added } = await audited(() =>
        http()
          .post(`/api/cases/${opened.id}/entries`)
          .set('Authorization', lead.auth)
          .send({ visibility: 'team', kind: 'note', body: 'Called the school', personIds }),
      );
      expect(res.status).toBe(201);
      expect(added).toEqual([
        expect.objectContaining({
          actor_id: lead.id,
          action: 'entry.create',
          resource_type: 'entry',
          resource_id: res.body.id,
          case_id: opened.id,
          person_ids: personIds,
          outcome: 'success',
          purpose: 'team_member',
        }),
      ]);
    });

    it("does not list the persons of another discipline's entry when it is read", async () => {
      const secret = await http()
        .post(`/api/cases/${opened.id}/entries`)
        .set('Authorization', police.auth)
        .send({ visibility: 'discipline', kind: 'observation', body: 'Suspect statement', personIds: [opened.persons[1].id] });
      expect(secret.status).toBe(201);
      const open = await http()
        .post(`/api/cases/${opened.id}/entries`)
        .set('Authorization', police.auth)
        .send({ visibility: 'team', kind: 'note', body: 'Visited', personIds: [opened.persons[0].id] });
      expect(open.status).toBe(201);

      const byOther = await audited(() => http().get(`/api/cases/${opened.id}/entries?limit=2`).set('Authorization', lead.auth));
      expect(byOther.res.status).toBe(200);
      expect(byOther.res.body.items.map((e: { id: string }) => e.id)).toEqual([open.body.id, secret.body.id]);
      expect(byOther.added).toEqual([
        expect.objectContaining({ action: 'entry.list', outcome: 'success', case_id: opened.id, person_ids: [opened.persons[0].id] }),
      ]);

      const byOwn = await audited(() => http().get(`/api/cases/${opened.id}/entries?limit=2`).set('Authorization', police.auth));
      expect(byOwn.added).toHaveLength(1);
      expect(sorted(byOwn.added[0].person_ids)).toEqual(sorted([opened.persons[0].id, opened.persons[1].id]));
    });

    it('records an outsider’s attempt as one denied event and answers 404', async () => {
      const outsider = await ctx.factory.user({ discipline: 'police' });
      const { res, added } = await audited(() => http().get(`/api/cases/${opened.id}`).set('Authorization', outsider.auth));
      expect(problemOf(res, 404).code).toBe('CASE_NOT_FOUND');
      expect(added).toEqual([
        expect.objectContaining({ actor_id: outsider.id, action: 'case.read', case_id: opened.id, person_ids: [], outcome: 'denied' }),
      ]);
    });

    it('records a stale write as one error event and changes nothing', async () => {
      const [before] = await ctx.db.query<{ version: number; summary: string }>(`SELECT version, summary FROM cases WHERE id = $1`, [
        opened.id,
      ]);
      const { res, added } = await audited(() =>
        http()
          .patch(`/api/cases/${opened.id}`)
          .set('Authorization', lead.auth)
          .send({ version: before.version - 1, summary: 'Stale' }),
      );
      expect(problemOf(res, 409).code).toBe('STALE_VERSION');
      expect(added).toEqual([expect.objectContaining({ actor_id: lead.id, action: 'case.update', case_id: opened.id, outcome: 'error' })]);
      const [after] = await ctx.db.query(`SELECT version, summary FROM cases WHERE id = $1`, [opened.id]);
      expect(after).toEqual(before);
    });

    it('fails the request, with nothing but a request id, when the audit event cannot be written; the entry is not kept', async () => {
      await ctx.db.query(`
        CREATE FUNCTION test_refuse_entry_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.action = 'entry.create' THEN RAISE EXCEPTION 'audit store refused the secret-sql-marker'; END IF;
          RETURN NEW;
        END $$`);
      await ctx.db.query(
        `CREATE TRIGGER test_refuse_entry_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION test_refuse_entry_audit()`,
      );
      try {
        const entriesBefore = await count(`case_entries WHERE case_id = $1`, [opened.id]);
        const res = await http()
          .post(`/api/cases/${opened.id}/entries`)
          .set('Authorization', lead.auth)
          .send({ visibility: 'team', kind: 'decision', body: 'must-not-be-stored', personIds: [opened.persons[0].id] });
        const problem = problemOf(res, 500);
        expect(Object.keys(problem).sort()).toEqual(['code', 'detail', 'requestId', 'status', 'title', 'type']);
        expect(problem.code).toBe('INTERNAL_ERROR');
        expect((problem as unknown as { requestId: string }).requestId).toBe(res.headers['x-request-id']);
        expect(res.text).not.toMatch(/secret-sql-marker|audit_events|INSERT|must-not-be-stored/);
        expect(await count(`case_entries WHERE case_id = $1`, [opened.id])).toBe(entriesBefore);
        expect(await count(`case_entries WHERE body = 'must-not-be-stored'`)).toBe(0);
      } finally {
        await ctx.db.query(`DROP TRIGGER test_refuse_entry_audit ON audit_events`);
        await ctx.db.query(`DROP FUNCTION test_refuse_entry_audit()`);
      }
      // With the audit working again, the same request goes through.
      const retry = await http()
        .post(`/api/cases/${opened.id}/entries`)
        .set('Authorization', lead.auth)
        .send({ visibility: 'team', kind: 'decision', body: 'stored now' });
      expect(retry.status).toBe(201);
    });

    it('fails a read, with nothing of the case in the answer, when its audit event cannot be written (sent with the COMMIT)', async () => {
      await ctx.db.query(`
        CREATE FUNCTION test_refuse_read_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.action = 'case.read' THEN RAISE EXCEPTION 'audit store refused the read'; END IF;
          RETURN NEW;
        END $$`);
      await ctx.db.query(
        `CREATE TRIGGER test_refuse_read_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION test_refuse_read_audit()`,
      );
      try {
        const [stored] = await ctx.db.query<{ reference: string; first_name: string }>(
          `SELECT c.reference, p.first_name FROM cases c JOIN case_persons p ON p.case_id = c.id WHERE c.id = $1 LIMIT 1`,
          [opened.id],
        );
        const res = await http().get(`/api/cases/${opened.id}`).set('Authorization', lead.auth);
        expect(problemOf(res, 500).code).toBe('INTERNAL_ERROR');
        expect(res.text).not.toContain(stored.reference);
        expect(res.text).not.toContain(stored.first_name);
      } finally {
        await ctx.db.query(`DROP TRIGGER test_refuse_read_audit ON audit_events`);
        await ctx.db.query(`DROP FUNCTION test_refuse_read_audit()`);
      }
      const retry = await http().get(`/api/cases/${opened.id}`).set('Authorization', lead.auth);
      expect(retry.status).toBe(200);
    });
  });

  describe('rules the database keeps', () => {
    it('refuses a second current lead', async () => {
      const lead = await ctx.factory.user();
      const other = await ctx.factory.user();
      const opened = await openCase(lead);
      await expect(
        ctx.db.query(`INSERT INTO case_memberships (case_id, user_id, role, since) VALUES ($1, $2, 'lead', now())`, [opened.id, other.id]),
      ).rejects.toThrow(/case_memberships_one_lead_key/);
      expect(await count(`case_memberships WHERE case_id = $1`, [opened.id])).toBe(1);
    });

    it('refuses, at COMMIT, ending the only lead’s membership of an open case', async () => {
      const lead = await ctx.factory.user();
      const opened = await openCase(lead);
      let updated = -1;
      await expect(
        ctx.db.transaction(async (tx) => {
          const result = await tx.execute(
            `UPDATE case_memberships SET until = since + interval '1 second' WHERE case_id = $1 AND role = 'lead'`,
            [opened.id],
          );
          // The statement itself passes: the trigger is deferred to the commit.
          updated = result.affected;
        }),
      ).rejects.toThrow(/must have exactly one lead/);
      expect(updated).toBe(1);
      expect(
        await count(`case_memberships WHERE case_id = $1 AND role = 'lead' AND until IS NULL AND user_id = $2`, [opened.id, lead.id]),
      ).toBe(1);
    });

    it('keeps the team of a closed case', async () => {
      const lead = await ctx.factory.user();
      const member = await ctx.factory.user({ discipline: 'police' });
      const opened = await openCase(lead);
      await addMember(lead, opened.id, member);
      const closed = await http()
        .post(`/api/cases/${opened.id}/close`)
        .set('Authorization', lead.auth)
        .send({ reason: 'Unfounded report' });
      expect(closed.status).toBe(200);
      expect(closed.body.status).toBe('closed');
      expect(closed.body.team.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
        [lead.id, 'lead'],
        [member.id, 'member'],
      ]);
      expect(await count(`case_memberships WHERE case_id = $1 AND until IS NULL`, [opened.id])).toBe(2);
      expect((await http().get(`/api/cases/${opened.id}`).set('Authorization', member.auth)).status).toBe(200);
    });

    it('refuses UPDATE and DELETE of journal entries', async () => {
      const lead = await ctx.factory.user();
      const opened = await openCase(lead);
      const entry = await http()
        .post(`/api/cases/${opened.id}/entries`)
        .set('Authorization', lead.auth)
        .send({ visibility: 'team', kind: 'note', body: 'Original' });
      expect(entry.status).toBe(201);
      await expect(ctx.db.query(`UPDATE case_entries SET body = 'Changed' WHERE id = $1`, [entry.body.id])).rejects.toThrow(/append-only/);
      await expect(ctx.db.query(`DELETE FROM case_entries WHERE id = $1`, [entry.body.id])).rejects.toThrow(/append-only/);
      expect(await ctx.db.query(`SELECT body FROM case_entries WHERE id = $1`, [entry.body.id])).toEqual([{ body: 'Original' }]);
    });
  });

  describe('team and closing', () => {
    it('lets the lead add a member, with a team.member_added event that names no person', async () => {
      const lead = await ctx.factory.user();
      const member = await ctx.factory.user({ discipline: 'forensic_medicine' });
      const opened = await openCase(lead);
      const res = await http().post(`/api/cases/${opened.id}/team`).set('Authorization', lead.auth).send({ userId: member.id });
      expect(res.status).toBe(201);
      expect(res.body.team.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
        [lead.id, 'lead'],
        [member.id, 'member'],
      ]);
      const events = await ctx.db.query<{ type: string; payload: Record<string, unknown> }>(
        `SELECT type, payload FROM outbox_events WHERE case_id = $1 AND type <> 'case.possible_rereport' ORDER BY seq`,
        [opened.id],
      );
      expect(events).toEqual([
        { type: 'team.member_added', payload: expect.objectContaining({ userId: member.id, caseReference: opened.reference }) },
      ]);
      const text = JSON.stringify(events[0].payload);
      for (const name of [CHILD.firstName, CHILD.lastName, PARENT.firstName, 'bruises']) expect(text).not.toContain(name);
      // The new member can read the case now.
      expect((await http().get(`/api/cases/${opened.id}`).set('Authorization', member.auth)).status).toBe(200);
    });

    it('refuses an existing member (409), and a deactivated or unknown user (422 naming userId)', async () => {
      const lead = await ctx.factory.user();
      const member = await ctx.factory.user();
      const inactive = await ctx.factory.user({ active: false });
      const opened = await openCase(lead);
      await addMember(lead, opened.id, member);
      const add = (userId: string) => http().post(`/api/cases/${opened.id}/team`).set('Authorization', lead.auth).send({ userId });
      expect(problemOf(await add(member.id), 409).code).toBe('ALREADY_MEMBER');
      expect(problemOf(await add(lead.id), 409).code).toBe('ALREADY_MEMBER');
      for (const userId of [inactive.id, '8d3c62f1-3a7e-4c55-9b7e-0c1d2e3f4a5b']) {
        const problem = problemOf(await add(userId), 422);
        expect(problem.errors?.map((e) => e.field)).toEqual(['userId']);
      }
      expect(await count(`case_memberships WHERE case_id = $1`, [opened.id])).toBe(2);
      // Re-reports of the family opened again in this file are the coordinators' (design.md §8), not the team's events.
      expect(await count(`outbox_events WHERE case_id = $1 AND type <> 'case.possible_rereport'`, [opened.id])).toBe(1);
    });

    it('does not let a member add anyone (403)', async () => {
      const lead = await ctx.factory.user();
      const member = await ctx.factory.user();
      const other = await ctx.factory.user();
      const opened = await openCase(lead);
      await addMember(lead, opened.id, member);
      const res = await http().post(`/api/cases/${opened.id}/team`).set('Authorization', member.auth).send({ userId: other.id });
      expect(problemOf(res, 403).code).toBe('CASE_ACTION_FORBIDDEN');
      expect(await count(`case_memberships WHERE case_id = $1`, [opened.id])).toBe(2);
    });

    it('keeps the lead: neither leaving (409 LEAD_CANNOT_LEAVE) nor removal by a member (403)', async () => {
      const lead = await ctx.factory.user();
      const member = await ctx.factory.user();
      const opened = await openCase(lead);
      await addMember(lead, opened.id, member);
      const leave = await http().delete(`/api/cases/${opened.id}/team/${lead.id}`).set('Authorization', lead.auth);
      expect(problemOf(leave, 409).code).toBe('LEAD_CANNOT_LEAVE');
      const removeLead = await http().delete(`/api/cases/${opened.id}/team/${lead.id}`).set('Authorization', member.auth);
      expect(problemOf(removeLead, 403).code).toBe('CASE_ACTION_FORBIDDEN');
      expect(
        await count(`case_memberships WHERE case_id = $1 AND user_id = $2 AND role = 'lead' AND until IS NULL`, [opened.id, lead.id]),
      ).toBe(1);
    });

    it('lets a member leave; afterwards the case does not exist for them', async () => {
      const lead = await ctx.factory.user();
      const member = await ctx.factory.user();
      const opened = await openCase(lead);
      await addMember(lead, opened.id, member);
      const res = await http().delete(`/api/cases/${opened.id}/team/${member.id}`).set('Authorization', member.auth);
      expect(res.status).toBe(200);
      expect(res.body.team.map((m: { userId: string }) => m.userId)).toEqual([lead.id]);
      expect(problemOf(await http().get(`/api/cases/${opened.id}`).set('Authorization', member.auth), 404).code).toBe('CASE_NOT_FOUND');
      const [ended] = await ctx.db.query<{ ended_reason: string; ended: boolean }>(
        `SELECT ended_reason, until IS NOT NULL AS ended FROM case_memberships WHERE case_id = $1 AND user_id = $2`,
        [opened.id, member.id],
      );
      expect(ended).toEqual({ ended_reason: 'left', ended: true });
    });

    it('lets the lead remove a member: the membership is kept, ended, and the case lists current members only', async () => {
      const lead = await ctx.factory.user();
      const member = await ctx.factory.user();
      const stays = await ctx.factory.user();
      const opened = await openCase(lead);
      await addMember(lead, opened.id, member);
      await addMember(lead, opened.id, stays);
      const res = await http().delete(`/api/cases/${opened.id}/team/${member.id}`).set('Authorization', lead.auth);
      expect(res.status).toBe(200);
      expect(problemOf(await http().get(`/api/cases/${opened.id}`).set('Authorization', member.auth), 404).code).toBe('CASE_NOT_FOUND');
      const rows = await ctx.db.query<{ user_id: string; ended: boolean; ended_by: string | null; ended_reason: string | null }>(
        `SELECT user_id, until IS NOT NULL AS ended, ended_by, ended_reason FROM case_memberships WHERE case_id = $1 ORDER BY since, user_id`,
        [opened.id],
      );
      expect(rows).toHaveLength(3);
      expect(rows.find((r) => r.user_id === member.id)).toEqual({
        user_id: member.id,
        ended: true,
        ended_by: lead.id,
        ended_reason: 'removed',
      });
      const file = await http().get(`/api/cases/${opened.id}`).set('Authorization', lead.auth);
      expect(file.body.team.map((m: { userId: string }) => m.userId).sort()).toEqual([lead.id, stays.id].sort());
      // Removing again: no current membership.
      expect((await http().delete(`/api/cases/${opened.id}/team/${member.id}`).set('Authorization', lead.auth)).status).toBe(404);
    });

    it('keeps the sender of an open handover on the team and the case open (409), until the handover ends', async () => {
      const lead = await ctx.factory.user();
      const sender = await ctx.factory.user();
      const receiver = await ctx.factory.user();
      const opened = await openCase(lead);
      await addMember(lead, opened.id, sender);
      const [handover] = await ctx.db.query<{ id: string }>(
        `INSERT INTO handovers (id, case_id, from_user_id, to_user_id, status, proposed_at) VALUES (gen_random_uuid(), $1, $2, $3, 'proposed', now()) RETURNING id`,
        [opened.id, sender.id, receiver.id],
      );
      expect(problemOf(await http().delete(`/api/cases/${opened.id}/team/${sender.id}`).set('Authorization', lead.auth), 409).code).toBe(
        'HANDOVER_OPEN',
      );
      expect(problemOf(await http().delete(`/api/cases/${opened.id}/team/${sender.id}`).set('Authorization', sender.auth), 409).code).toBe(
        'HANDOVER_OPEN',
      );
      const close = await http().post(`/api/cases/${opened.id}/close`).set('Authorization', lead.auth).send({ reason: 'Done' });
      expect(problemOf(close, 409).code).toBe('HANDOVER_OPEN');
      expect(await count(`case_memberships WHERE case_id = $1 AND until IS NULL`, [opened.id])).toBe(2);
      expect((await ctx.db.query(`SELECT status FROM cases WHERE id = $1`, [opened.id]))[0]).toEqual({ status: 'intake' });

      await ctx.db.query(`UPDATE handovers SET status = 'withdrawn' WHERE id = $1`, [handover.id]);
      expect((await http().delete(`/api/cases/${opened.id}/team/${sender.id}`).set('Authorization', lead.auth)).status).toBe(200);
      expect((await http().post(`/api/cases/${opened.id}/close`).set('Authorization', lead.auth).send({ reason: 'Done' })).status).toBe(
        200,
      );
    });

    it('closes only by the lead and with a reason; a closed case refuses writes (409 CASE_CLOSED) but can be read', async () => {
      const lead = await ctx.factory.user();
      const member = await ctx.factory.user();
      const newcomer = await ctx.factory.user();
      const opened = await openCase(lead);
      await addMember(lead, opened.id, member);
      const entry = await http()
        .post(`/api/cases/${opened.id}/entries`)
        .set('Authorization', member.auth)
        .send({ visibility: 'team', kind: 'note', body: 'Before closing' });
      expect(entry.status).toBe(201);

      const noReason = await http().post(`/api/cases/${opened.id}/close`).set('Authorization', lead.auth).send({});
      expect(problemOf(noReason, 400).errors?.map((e) => e.field)).toContain('reason');
      const blank = await http().post(`/api/cases/${opened.id}/close`).set('Authorization', lead.auth).send({ reason: '   ' });
      expect(problemOf(blank, 400).errors?.map((e) => e.field)).toContain('reason');
      const byMember = await http()
        .post(`/api/cases/${opened.id}/close`)
        .set('Authorization', member.auth)
        .send({ reason: 'Not mine to close' });
      expect(problemOf(byMember, 403).code).toBe('CASE_ACTION_FORBIDDEN');
      expect((await ctx.db.query(`SELECT status, version FROM cases WHERE id = $1`, [opened.id]))[0]).toEqual({
        status: 'intake',
        version: 1,
      });

      const closed = await http()
        .post(`/api/cases/${opened.id}/close`)
        .set('Authorization', lead.auth)
        .send({ reason: '  Report proved unfounded ' });
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({ status: 'closed', closeReason: 'Report proved unfounded', version: 2, leadUserId: lead.id });
      expect(typeof closed.body.closedAt).toBe('string');

      const writes: [string, request.Test][] = [
        ['close again', http().post(`/api/cases/${opened.id}/close`).set('Authorization', lead.auth).send({ reason: 'Again' })],
        ['patch case', http().patch(`/api/cases/${opened.id}`).set('Authorization', lead.auth).send({ version: 2, summary: 'Later' })],
        ['add person', http().post(`/api/cases/${opened.id}/persons`).set('Authorization', member.auth).send(CHILD)],
        [
          'patch person',
          http()
            .patch(`/api/cases/${opened.id}/persons/${opened.persons[0].id}`)
            .set('Authorization', member.auth)
            .send({ version: 1, firstName: 'X' }),
        ],
        [
          'add entry',
          http()
            .post(`/api/cases/${opened.id}/entries`)
            .set('Authorization', member.auth)
            .send({ visibility: 'team', kind: 'note', body: 'After' }),
        ],
        ['add member', http().post(`/api/cases/${opened.id}/team`).set('Authorization', lead.auth).send({ userId: newcomer.id })],
        ['remove member', http().delete(`/api/cases/${opened.id}/team/${member.id}`).set('Authorization', lead.auth)],
        ['leave', http().delete(`/api/cases/${opened.id}/team/${member.id}`).set('Authorization', member.auth)],
      ];
      for (const [what, write] of writes) {
        const res = await write;
        expect([what, res.status]).toEqual([what, 409]);
        expect([what, problemOf(res, 409).code]).toEqual([what, 'CASE_CLOSED']);
      }
      expect((await ctx.db.query(`SELECT version, summary <> 'Later' AS kept FROM cases WHERE id = $1`, [opened.id]))[0]).toEqual({
        version: 2,
        kept: true,
      });
      expect(await count(`case_entries WHERE case_id = $1`, [opened.id])).toBe(1);
      expect(await count(`case_persons WHERE case_id = $1`, [opened.id])).toBe(2);
      expect(await count(`case_memberships WHERE case_id = $1 AND until IS NULL`, [opened.id])).toBe(2);

      for (const path of ['', '/entries', '/timeline']) {
        for (const user of [lead, member]) {
          expect([path, (await http().get(`/api/cases/${opened.id}${path}`).set('Authorization', user.auth)).status]).toEqual([path, 200]);
        }
      }
    });
  });

  describe('case references', () => {
    it('are MDC-<year>-<6 digits>, unique and increasing, also when opened concurrently', async () => {
      const lead = await ctx.factory.user();
      const year = new Date().getUTCFullYear();
      const pattern = new RegExp(`^MDC-${year}-\\d{6}$`);
      const first = await openCase(lead, []);
      const second = await openCase(lead, []);
      const number = (reference: string) => Number(reference.slice(-6));
      expect(first.reference).toMatch(pattern);
      expect(second.reference).toMatch(pattern);
      expect(number(second.reference)).toBe(number(first.reference) + 1);

      const together = await Promise.all(Array.from({ length: 6 }, () => openCase(lead, [])));
      const numbers = together.map((c) => number(c.reference)).sort((a, b) => a - b);
      for (const c of together) expect(c.reference).toMatch(pattern);
      expect(numbers).toEqual(Array.from({ length: 6 }, (_, i) => number(second.reference) + 1 + i));
      const rows = await ctx.db.query<{ reference: string }>(`SELECT reference FROM cases`);
      expect(new Set(rows.map((r) => r.reference)).size).toBe(rows.length);
    });

    it('can be opened only by a professional (an admin alone gets 403) and makes the opener its lead', async () => {
      const admin = await ctx.factory.admin();
      const casesBefore = await count('cases');
      const res = await http()
        .post('/api/cases')
        .set('Authorization', admin.auth)
        .send({ urgency: 'regular', source: 'school', summary: 'x' });
      problemOf(res, 403);
      expect(await count('cases')).toBe(casesBefore);

      const professional = await ctx.factory.user({ discipline: 'police' });
      const opened = await openCase(professional);
      expect(opened).toMatchObject({ status: 'intake', version: 1, leadUserId: professional.id, closedAt: null });
      expect(opened.team).toEqual([{ userId: professional.id, role: 'lead', since: expect.any(String) }]);
    });
  });
});
