import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';

/**
 * Issue 3, the journal and the timeline through HTTP: append-only entries and corrections, the
 * rules on what an entry may name, newest-first lists whose cursors walk everything exactly once,
 * and discipline entries that other disciplines see as existing and nothing more.
 */
interface EntryBody {
  id: string;
  restricted: boolean;
  kind: string | null;
  body: string | null;
  personIds: string[];
  correctsEntryId: string | null;
  authorId: string;
  authorDiscipline: string;
  createdAt: string;
}
interface TimelineBody {
  at: string;
  kind: string;
  actorId: string | null;
  subjectId: string;
  restricted: boolean;
  restrictedTo: string | null;
  detail: Record<string, unknown> | null;
}

describe('case journal and timeline', () => {
  let ctx: TestContext;
  const http = () => request(ctx.app.getHttpServer());
  const call = (method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string) => http()[method](path);
  const count = async (sql: string, params: unknown[] = []) =>
    (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n;

  const openCase = async (user: TestUser) => {
    const res = await http()
      .post('/api/cases')
      .set('Authorization', user.auth)
      .send({
        urgency: 'regular',
        source: 'school',
        summary: 'Teacher reports the child is afraid to go home',
        persons: [
          { firstName: 'Sem', lastName: 'Bakker', familyRole: 'child', involvement: 'victim' },
          { firstName: 'Iris', lastName: 'Bakker', familyRole: 'parent', involvement: 'none' },
        ],
      });
    expect(res.status).toBe(201);
    return res.body as { id: string; persons: { id: string }[] };
  };
  const addMember = async (lead: TestUser, caseId: string, member: TestUser) => {
    expect((await http().post(`/api/cases/${caseId}/team`).set('Authorization', lead.auth).send({ userId: member.id })).status).toBe(201);
  };
  const postEntry = (user: TestUser, caseId: string, body: object) =>
    http().post(`/api/cases/${caseId}/entries`).set('Authorization', user.auth).send(body);
  const addEntry = async (user: TestUser, caseId: string, body: object): Promise<EntryBody> => {
    const res = await postEntry(user, caseId, body);
    expect(res.status).toBe(201);
    return res.body;
  };
  /** Follows nextCursor to the end and returns every page. */
  const walk = async <T>(user: TestUser, path: string, limit: number): Promise<T[][]> => {
    const pages: T[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await http().get(`${path}?${query}`).set('Authorization', user.auth);
      expect(res.status).toBe(200);
      pages.push(res.body.items);
      cursor = res.body.nextCursor;
      expect(pages.length).toBeLessThan(100);
    } while (cursor !== null);
    return pages;
  };

  let socialWorker: TestUser;
  let police: TestUser;
  let police2: TestUser;

  beforeAll(async () => {
    ctx = await createTestApp();
    socialWorker = await ctx.factory.user({ discipline: 'social_work' });
    police = await ctx.factory.user({ discipline: 'police' });
    police2 = await ctx.factory.user({ discipline: 'police' });
  });
  afterAll(() => ctx.close());

  describe('entries', () => {
    let caseId: string;
    let persons: string[];

    beforeAll(async () => {
      const opened = await openCase(socialWorker);
      caseId = opened.id;
      persons = opened.persons.map((p) => p.id);
      await addMember(socialWorker, caseId, police);
    });

    it('records an entry with its author and discipline; a correction is a new entry and leaves the original as it was', async () => {
      const original = await addEntry(socialWorker, caseId, {
        visibility: 'team',
        kind: 'contact',
        body: 'Phoned the mother at 10:00',
        personIds: [persons[1]],
      });
      expect(original).toMatchObject({
        caseId,
        authorId: socialWorker.id,
        authorDiscipline: 'social_work',
        visibility: 'team',
        restricted: false,
        kind: 'contact',
        body: 'Phoned the mother at 10:00',
        personIds: [persons[1]],
        correctsEntryId: null,
      });
      // Arrays are optional and default to empty.
      const bare = await addEntry(socialWorker, caseId, { visibility: 'team', kind: 'note', body: 'No one named' });
      expect(bare.personIds).toEqual([]);

      const correction = await addEntry(police, caseId, {
        visibility: 'team',
        kind: 'contact',
        body: 'It was 11:00, not 10:00',
        correctsEntryId: original.id,
      });
      expect(correction).toMatchObject({ correctsEntryId: original.id, authorId: police.id, authorDiscipline: 'police' });
      expect(await ctx.db.query(`SELECT body, kind FROM case_entries WHERE id = $1`, [original.id])).toEqual([
        { body: 'Phoned the mother at 10:00', kind: 'contact' },
      ]);

      // There is no route that edits or deletes an entry.
      for (const method of ['patch', 'put', 'delete'] as const) {
        const res = await call(method, `/api/cases/${caseId}/entries/${original.id}`)
          .set('Authorization', socialWorker.auth)
          .send({ body: 'x' });
        expect([404, 405]).toContain(res.status);
      }
      expect(await ctx.db.query(`SELECT body FROM case_entries WHERE id = $1`, [original.id])).toEqual([
        { body: 'Phoned the mother at 10:00' },
      ]);
    });

    it('refuses to correct an entry of another case, or one of another discipline that the author cannot read (422 naming correctsEntryId)', async () => {
      const elsewhere = await openCase(socialWorker);
      const foreign = await addEntry(socialWorker, elsewhere.id, { visibility: 'team', kind: 'note', body: 'Other family' });
      const policeOnly = await addEntry(police, caseId, { visibility: 'discipline', kind: 'observation', body: 'Police only' });
      const before = await count('case_entries');
      for (const [user, correctsEntryId] of [
        [socialWorker, foreign.id],
        [socialWorker, policeOnly.id],
        [socialWorker, '2b5f1c9e-8d4a-4e2b-9c3d-1a2b3c4d5e6f'],
      ] as const) {
        const res = await postEntry(user, caseId, { visibility: 'team', kind: 'note', body: 'Correction', correctsEntryId });
        expect(problemOf(res, 422).errors?.map((e) => e.field)).toEqual(['correctsEntryId']);
      }
      expect(await count('case_entries')).toBe(before);
      // The police may correct their own discipline's entry.
      expect(
        (
          await postEntry(police, caseId, {
            visibility: 'discipline',
            kind: 'observation',
            body: 'Police fix',
            correctsEntryId: policeOnly.id,
          })
        ).status,
      ).toBe(201);
    });

    it('refuses personIds that are not persons of this case (422 naming personIds)', async () => {
      const elsewhere = await openCase(socialWorker);
      const before = await count('case_entries');
      for (const personIds of [
        [elsewhere.persons[0].id],
        [persons[0], elsewhere.persons[1].id],
        ['6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b'],
      ]) {
        const res = await postEntry(socialWorker, caseId, { visibility: 'team', kind: 'note', body: 'Naming', personIds });
        const problem = problemOf(res, 422);
        expect(problem.errors?.map((e) => e.field)).toEqual(['personIds']);
      }
      expect(await count('case_entries')).toBe(before);
      // The same person named twice is one person.
      const twice = await addEntry(socialWorker, caseId, {
        visibility: 'team',
        kind: 'note',
        body: 'Twice',
        personIds: [persons[0], persons[0]],
      });
      expect(twice.personIds).toEqual([persons[0]]);
    });

    it('shows a discipline entry of another discipline as restricted: author and date, no content', async () => {
      const secret = await addEntry(police, caseId, {
        visibility: 'discipline',
        kind: 'observation',
        body: 'Statement of the suspect, under the Wpg',
        personIds: [persons[1]],
      });
      const asSocialWorker = await http().get(`/api/cases/${caseId}/entries?limit=200`).set('Authorization', socialWorker.auth);
      expect(asSocialWorker.status).toBe(200);
      const seen = asSocialWorker.body.items.find((e: EntryBody) => e.id === secret.id);
      expect(seen).toEqual({
        id: secret.id,
        caseId,
        authorId: police.id,
        authorDiscipline: 'police',
        visibility: 'discipline',
        createdAt: secret.createdAt,
        restricted: true,
        kind: null,
        body: null,
        personIds: [],
        correctsEntryId: null,
      });
      expect(asSocialWorker.text).not.toContain('Statement of the suspect');

      const asPolice = await http().get(`/api/cases/${caseId}/entries?limit=200`).set('Authorization', police.auth);
      expect(asPolice.body.items.find((e: EntryBody) => e.id === secret.id)).toMatchObject({
        restricted: false,
        kind: 'observation',
        body: 'Statement of the suspect, under the Wpg',
        personIds: [persons[1]],
      });
    });

    it('lists newest first, and limit=2 walks five entries exactly once', async () => {
      const opened = await openCase(socialWorker);
      const written: string[] = [];
      for (let i = 1; i <= 5; i++)
        written.push((await addEntry(socialWorker, opened.id, { visibility: 'team', kind: 'note', body: `Entry ${i}` })).id);
      const pages = await walk<EntryBody>(socialWorker, `/api/cases/${opened.id}/entries`, 2);
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
      expect(pages.flat().map((e) => e.id)).toEqual([...written].reverse());
      expect(pages.flat().map((e) => e.body)).toEqual(['Entry 5', 'Entry 4', 'Entry 3', 'Entry 2', 'Entry 1']);
      const all = await http().get(`/api/cases/${opened.id}/entries`).set('Authorization', socialWorker.auth);
      expect(all.body.items.map((e: EntryBody) => e.id)).toEqual([...written].reverse());
      expect(all.body.nextCursor).toBeNull();
    });

    it('refuses a cursor it did not issue (400 naming cursor) and a limit over 200 (400)', async () => {
      const cursors = [
        'garbage',
        Buffer.from('{"list":"entries","seq":"not a number"}').toString('base64url'),
        Buffer.from('[]').toString('base64url'),
      ];
      for (const cursor of cursors) {
        for (const path of ['entries', 'timeline']) {
          const res = await http().get(`/api/cases/${caseId}/${path}?cursor=${cursor}`).set('Authorization', socialWorker.auth);
          expect([path, cursor, problemOf(res, 400).errors?.map((e) => e.field)]).toEqual([path, cursor, ['cursor']]);
        }
      }
      const timelineCursor = Buffer.from('{"list":"timeline","at":"yesterday","key":"a"}').toString('base64url');
      const badAt = await http().get(`/api/cases/${caseId}/timeline?cursor=${timelineCursor}`).set('Authorization', socialWorker.auth);
      expect(problemOf(badAt, 400).errors?.map((e) => e.field)).toEqual(['cursor']);
      for (const limit of ['201', '0', 'ten']) {
        for (const path of ['entries', 'timeline']) {
          const res = await http().get(`/api/cases/${caseId}/${path}?limit=${limit}`).set('Authorization', socialWorker.auth);
          expect(problemOf(res, 400).errors?.map((e) => e.field)).toContain('limit');
        }
      }
      expect((await http().get(`/api/cases/${caseId}/entries?limit=200`).set('Authorization', socialWorker.auth)).status).toBe(200);
    });
  });

  describe('timeline', () => {
    let caseId: string;
    let secret: EntryBody;
    let leaver: TestUser;

    beforeAll(async () => {
      const opened = await openCase(socialWorker);
      caseId = opened.id;
      leaver = await ctx.factory.user({ discipline: 'youth_care' });
      await addMember(socialWorker, caseId, police2);
      await addMember(socialWorker, caseId, leaver);
      await addEntry(socialWorker, caseId, {
        visibility: 'team',
        kind: 'note',
        body: 'Home visit planned',
        personIds: [opened.persons[0].id],
      });
      secret = await addEntry(police2, caseId, {
        visibility: 'discipline',
        kind: 'observation',
        body: 'Studio interview summary for police eyes',
        personIds: [opened.persons[0].id],
      });
      expect((await http().delete(`/api/cases/${caseId}/team/${leaver.id}`).set('Authorization', leaver.auth)).status).toBe(200);
      const added = await http()
        .post(`/api/cases/${caseId}/persons`)
        .set('Authorization', socialWorker.auth)
        .send({ firstName: 'Lotte', lastName: 'Bakker', familyRole: 'sibling', involvement: 'witness' });
      expect(added.status).toBe(201);
      expect(
        (await http().post(`/api/cases/${caseId}/close`).set('Authorization', socialWorker.auth).send({ reason: 'Family moved abroad' }))
          .status,
      ).toBe(200);
    });

    it('lists everything newest first, with each kind of event', async () => {
      const res = await http().get(`/api/cases/${caseId}/timeline?limit=200`).set('Authorization', socialWorker.auth);
      expect(res.status).toBe(200);
      const items: TimelineBody[] = res.body.items;
      expect(res.body.nextCursor).toBeNull();
      const times = items.map((i) => Date.parse(i.at));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(items[0]).toMatchObject({ kind: 'case.closed', actorId: socialWorker.id, detail: { reason: 'Family moved abroad' } });
      expect(items[items.length - 1]).toMatchObject({ kind: 'case.opened', actorId: socialWorker.id, subjectId: caseId });
      const kinds = items.map((i) => i.kind);
      const tally = (kind: string) => kinds.filter((k) => k === kind).length;
      expect({
        opened: tally('case.opened'),
        personAdded: tally('person.added'),
        joined: tally('team.joined'),
        left: tally('team.left'),
        entries: tally('entry.created'),
        closed: tally('case.closed'),
      }).toEqual({ opened: 1, personAdded: 3, joined: 3, left: 1, entries: 2, closed: 1 });
      expect(items).toHaveLength(11);
      expect(items.find((i) => i.kind === 'team.left')).toMatchObject({
        subjectId: leaver.id,
        actorId: leaver.id,
        detail: { userId: leaver.id, role: 'member', reason: 'left' },
      });
    });

    it('shows a police discipline entry to a social worker only as restricted, and in full to the police', async () => {
      const asSocialWorker = await http().get(`/api/cases/${caseId}/timeline?limit=200`).set('Authorization', socialWorker.auth);
      const masked = asSocialWorker.body.items.find((i: TimelineBody) => i.subjectId === secret.id);
      expect(masked).toEqual({
        at: secret.createdAt,
        kind: 'entry.created',
        actorId: police2.id,
        subjectId: secret.id,
        restricted: true,
        restrictedTo: 'police',
        detail: null,
        disclosure: null,
      });
      expect(asSocialWorker.text).not.toContain('Studio interview summary');

      const asPolice = await http().get(`/api/cases/${caseId}/timeline?limit=200`).set('Authorization', police2.auth);
      expect(asPolice.body.items.find((i: TimelineBody) => i.subjectId === secret.id)).toMatchObject({
        restricted: false,
        restrictedTo: 'police',
        detail: { kind: 'observation', visibility: 'discipline', body: 'Studio interview summary for police eyes' },
      });
    });

    it('walks everything exactly once with cursors', async () => {
      const full = await http().get(`/api/cases/${caseId}/timeline?limit=200`).set('Authorization', police2.auth);
      const keyOf = (i: TimelineBody) => `${i.kind}|${i.subjectId}|${i.at}`;
      const expected = full.body.items.map(keyOf);
      for (const limit of [1, 2, 3]) {
        const pages = await walk<TimelineBody>(police2, `/api/cases/${caseId}/timeline`, limit);
        expect(pages.flat().map(keyOf)).toEqual(expected);
        expect(pages.slice(0, -1).every((p) => p.length === limit)).toBe(true);
      }
      expect(new Set(expected).size).toBe(expected.length);
    });

    it('walks rows that lie microseconds apart within one millisecond without skipping any', async () => {
      const opened = await openCase(socialWorker);
      for (const at of ['2026-01-05T09:00:00.123100Z', '2026-01-05T09:00:00.123500Z', '2026-01-05T09:00:00.123900Z']) {
        await ctx.db.query(
          `INSERT INTO case_persons (case_id, first_name, last_name, family_role, involvement, created_by, created_at, updated_at)
           VALUES ($1, 'Micro', 'Second', 'network', 'none', $2, $3, $3)`,
          [opened.id, socialWorker.id, at],
        );
      }
      const full = await http().get(`/api/cases/${opened.id}/timeline?limit=200`).set('Authorization', socialWorker.auth);
      expect(full.body.items).toHaveLength(7);
      const pages = await walk<TimelineBody>(socialWorker, `/api/cases/${opened.id}/timeline`, 1);
      expect(pages.flat().map((i) => i.subjectId)).toEqual(full.body.items.map((i: TimelineBody) => i.subjectId));
    });

    it('is not there for someone who left the team', async () => {
      expect(problemOf(await http().get(`/api/cases/${caseId}/timeline`).set('Authorization', leaver.auth), 404).code).toBe(
        'CASE_NOT_FOUND',
      );
    });
  });
});
