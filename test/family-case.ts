import { randomUUID } from 'node:crypto';
import { createApiClient, type ApiClient } from '@oneroof/api-client';

/**
 * A whole family case as an integrator would make it, only through the typed client generated from
 * the committed OpenAPI document (libs/api-client): login, organisation, users, case, persons, joint
 * intake (interview, examination, assessment, disclosures, conclusion), follow-ups, a warm handover
 * with meeting and acceptance, notifications and the coordinator's audit. It compiles against the
 * generated types, so a route or field that changes breaks it; test/family-case.e2e-spec.ts runs it
 * against the test app's real HTTP port, and through Prism's validating proxy when PRISM_URL is set.
 */
export interface FamilyCaseOptions {
  baseUrl: string;
  /** An admin that exists already (the one account an installation starts with). */
  admin: { email: string; password: string };
  fetch?: typeof globalThis.fetch;
}

export interface FamilyCaseResult {
  requests: number;
  caseId: string;
  caseReference: string;
  handoverId: string;
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

const HOUR = 3_600_000;
const PASSWORD = 'a family case password';

export async function runFamilyCase(options: FamilyCaseOptions): Promise<FamilyCaseResult> {
  let requests = 0;
  const counting: typeof globalThis.fetch = (input, init) => {
    requests += 1;
    return (options.fetch ?? globalThis.fetch)(input, init);
  };
  const client = (token?: string): ApiClient => createApiClient({ baseUrl: options.baseUrl, fetch: counting, token });
  /** The answer's data when its status is the expected one; otherwise a failure that names the request. */
  async function expectStatus<T>(what: string, status: number, call: Promise<Answer<T>>): Promise<T> {
    const answer = await call;
    if (answer.response.status !== status) {
      throw new Error(`${what}: expected ${status}, got ${answer.response.status} ${JSON.stringify(answer.error ?? answer.data)}`);
    }
    return answer.data as T;
  }
  const anonymous = client();
  const login = async (email: string, password: string) => {
    const answer = await expectStatus('login', 200, anonymous.POST('/api/auth/login', { body: { email, password } }));
    // The family case runs with MFA_REQUIRED_ROLES empty: a session, never the second step's mfaToken.
    if (!('accessToken' in answer)) throw new Error('login: a second factor was asked for');
    return answer.accessToken;
  };

  await expectStatus('health', 200, anonymous.GET('/health/live'));
  const admin = client(await login(options.admin.email, options.admin.password));
  await expectStatus('me', 200, admin.GET('/api/me'));

  const tag = randomUUID().slice(0, 8);
  const centre = await expectStatus(
    'organisation',
    201,
    admin.POST('/api/organisations', { body: { name: `MDCK ${tag}`, kind: 'centre' } }),
  );
  const localTeam = await expectStatus(
    'organisation',
    201,
    admin.POST('/api/organisations', { body: { name: `Sociaal wijkteam ${tag}`, kind: 'local_team' } }),
  );
  await expectStatus('organisations', 200, admin.GET('/api/organisations'));
  const makeUser = async (
    name: string,
    discipline: 'police' | 'forensic_medicine' | 'social_work',
    organisationId: string,
    coordinator = false,
  ) => {
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${tag}@example.org`;
    const user = await expectStatus(
      `user ${name}`,
      201,
      admin.POST('/api/users', {
        body: {
          email,
          name,
          password: PASSWORD,
          discipline,
          organisationId: organisationId,
          roles: coordinator ? ['professional', 'coordinator'] : undefined,
        },
      }),
    );
    return { ...user, api: client(await login(email, PASSWORD)) };
  };
  const lead = await makeUser('Sara Visser', 'social_work', centre.id);
  const police = await makeUser('Jan de Vries', 'police', centre.id);
  const doctor = await makeUser('Eva Bakker', 'forensic_medicine', centre.id);
  const receiver = await makeUser('Noor Jansen', 'social_work', localTeam.id);
  const coordinator = await makeUser('Kees Smit', 'social_work', centre.id, true);
  await expectStatus(
    'directory',
    200,
    lead.api.GET('/api/users', { params: { query: { discipline: 'social_work', organisationId: localTeam.id } } }),
  );

  // The case and its family.
  const opened = await expectStatus(
    'open case',
    201,
    lead.api.POST('/api/cases', {
      body: {
        urgency: 'urgent',
        source: 'school',
        summary: 'A teacher reports bruises on a pupil',
        persons: [
          { firstName: 'Sanne', lastName: 'Jansen', familyRole: 'child', involvement: 'victim', dateOfBirth: '2016-04-02' },
          { firstName: 'Pieter', lastName: 'Jansen', familyRole: 'parent', involvement: 'alleged_perpetrator', confidentialAddress: null },
        ],
      },
    }),
  );
  const caseId = opened.id;
  const child = opened.persons[0];
  const sibling = await expectStatus(
    'add person',
    201,
    lead.api.POST('/api/cases/{id}/persons', {
      params: { path: { id: caseId } },
      body: { firstName: 'Daan', lastName: 'Jansen', familyRole: 'sibling', involvement: 'witness', dateOfBirth: null },
    }),
  );
  await expectStatus(
    'edit person',
    200,
    lead.api.PATCH('/api/cases/{id}/persons/{personId}', {
      params: { path: { id: caseId, personId: sibling.id } },
      body: { dateOfBirth: '2019-09-12', confidentialAddress: 'Kerkstraat 1, Haarlem' },
    }),
  );
  const changed = await expectStatus(
    'update case',
    200,
    lead.api.PATCH('/api/cases/{id}', { params: { path: { id: caseId } }, body: { version: opened.version, urgency: 'acute' } }),
  );
  for (const member of [police, doctor]) {
    await expectStatus(
      'add member',
      201,
      lead.api.POST('/api/cases/{id}/team', { params: { path: { id: caseId } }, body: { userId: member.id } }),
    );
  }
  await expectStatus(
    'journal',
    201,
    lead.api.POST('/api/cases/{id}/entries', {
      params: { path: { id: caseId } },
      body: { visibility: 'team', kind: 'contact', body: 'Spoke with the school', personIds: [child.id] },
    }),
  );
  await expectStatus('entries', 200, police.api.GET('/api/cases/{id}/entries', { params: { path: { id: caseId } } }));

  // The joint intake.
  const now = Date.now();
  await expectStatus(
    'schedule intake',
    201,
    lead.api.POST('/api/cases/{id}/intake', {
      params: { path: { id: caseId } },
      body: { scheduledAt: new Date(now + HOUR).toISOString(), participantIds: [lead.id, police.id, doctor.id] },
    }),
  );
  const interview = await expectStatus(
    'interview',
    201,
    police.api.POST('/api/cases/{id}/interviews', {
      params: { path: { id: caseId } },
      body: {
        personId: child.id,
        kind: 'studio',
        conductedAt: new Date(now - 2 * HOUR).toISOString(),
        durationMinutes: 45,
        location: 'Studio 2, Haarlem',
        recordingReference: `REC-${tag}`,
        summary: 'The child describes what happened at home',
      },
    }),
  );
  await expectStatus(
    'interview disclosure',
    201,
    police.api.POST('/api/cases/{id}/interviews/{recordId}/disclosure', {
      params: { path: { id: caseId, recordId: interview.id } },
      body: { summary: 'The child names the father', legalBasis: 'statutory_duty' },
    }),
  );
  const examination = await expectStatus(
    'examination',
    201,
    doctor.api.POST('/api/cases/{id}/examinations', {
      params: { path: { id: caseId } },
      body: {
        personId: child.id,
        examinedAt: new Date(now - HOUR).toISOString(),
        context: 'forensic',
        consent: { givenBy: 'mother', basis: 'informed consent of the custodial parent' },
        findings: [{ bodyRegion: 'left upper arm', kind: 'bruise', sizeMm: 25, description: 'a bruise of several days' }],
        conclusion: 'consistent_with_inflicted',
        evidence: [{ reference: `EV-${tag}`, sha256: 'a'.repeat(64) }],
      },
    }),
  );
  await expectStatus(
    'examination disclosure',
    201,
    doctor.api.POST('/api/cases/{id}/examinations/{recordId}/disclosure', {
      params: { path: { id: caseId, recordId: examination.id } },
      body: { summary: 'Injuries consistent with inflicted harm', legalBasis: 'right_to_report' },
    }),
  );
  await expectStatus(
    'assessment',
    201,
    lead.api.POST('/api/cases/{id}/assessments', {
      params: { path: { id: caseId } },
      body: { instrument: 'LIRIK', answers: { q1: 'yes' }, judgement: 'Unsafe at home for now', safety: 'unsafe', personIds: [child.id] },
    }),
  );
  await expectStatus('interviews', 200, lead.api.GET('/api/cases/{id}/interviews', { params: { path: { id: caseId } } }));
  await expectStatus('examinations', 200, police.api.GET('/api/cases/{id}/examinations', { params: { path: { id: caseId } } }));
  await expectStatus('assessments', 200, doctor.api.GET('/api/cases/{id}/assessments', { params: { path: { id: caseId } } }));
  await expectStatus('intake', 200, lead.api.GET('/api/cases/{id}/intake', { params: { path: { id: caseId } } }));
  await expectStatus(
    'conclude intake',
    200,
    lead.api.POST('/api/cases/{id}/intake/conclude', {
      params: { path: { id: caseId } },
      body: {
        decision: 'A safety plan with the mother; the father leaves the house',
        safety: 'conditionally_safe',
        leadUserId: lead.id,
        actions: [{ title: 'Visit the family at home', assigneeId: lead.id, dueAt: new Date(now + 48 * HOUR).toISOString() }],
      },
    }),
  );

  // Follow-ups.
  const followUp = await expectStatus(
    'follow-up',
    201,
    lead.api.POST('/api/cases/{id}/follow-ups', {
      params: { path: { id: caseId } },
      body: { kind: 'phone_call', scheduledAt: new Date(now + 24 * HOUR).toISOString(), assigneeId: lead.id, remindBeforeMinutes: [60] },
    }),
  );
  const moved = await expectStatus(
    'reschedule',
    200,
    lead.api.PATCH('/api/follow-ups/{id}', {
      params: { path: { id: followUp.id } },
      body: { version: followUp.version, scheduledAt: new Date(now + 26 * HOUR).toISOString() },
    }),
  );
  await expectStatus(
    'complete',
    200,
    lead.api.PATCH('/api/follow-ups/{id}', {
      params: { path: { id: followUp.id } },
      body: { version: moved.version, status: 'done', outcome: 'Mother agrees' },
    }),
  );
  await expectStatus('follow-ups', 200, lead.api.GET('/api/cases/{id}/follow-ups', { params: { path: { id: caseId } } }));
  await expectStatus('agenda', 200, lead.api.GET('/api/me/follow-ups', { params: { query: { from: new Date(now).toISOString() } } }));
  const feed = await expectStatus('feed token', 201, lead.api.POST('/api/me/follow-ups.ics/token'));
  const calendar = await anonymous.GET('/api/me/follow-ups.ics', { params: { query: { token: feed.token } }, parseAs: 'text' });
  if (calendar.response.status !== 200) throw new Error(`calendar: ${calendar.response.status}`);

  // The warm transfer to the local team.
  const handover = await expectStatus(
    'propose handover',
    201,
    lead.api.POST('/api/cases/{id}/handovers', {
      params: { path: { id: caseId } },
      body: {
        toUserId: receiver.id,
        reason: 'The family moves on to the local team',
        checklist: {
          safetySituation: 'Conditionally safe',
          risks: 'The father returning',
          safetyAgreements: 'The father stays away',
          openActions: 'Home visit',
          involvedProfessionals: 'School, GP',
          expectations: 'Weekly contact',
          familyInformed: true,
        },
      },
    }),
  );
  await expectStatus('incoming', 200, receiver.api.GET('/api/handovers', { params: { query: { direction: 'incoming' } } }));
  await expectStatus('receiver reads the case', 200, receiver.api.GET('/api/cases/{id}', { params: { path: { id: caseId } } }));
  await expectStatus(
    'meeting',
    200,
    lead.api.POST('/api/handovers/{id}/meeting', {
      params: { path: { id: handover.id } },
      body: {
        // Held at the proposal: a meeting can neither precede it nor lie in the future.
        heldAt: handover.proposedAt,
        participantIds: [lead.id, receiver.id],
        familyPresent: true,
        notes: 'All informed',
      },
    }),
  );
  await expectStatus(
    'accept',
    200,
    receiver.api.POST('/api/handovers/{id}/accept', { params: { path: { id: handover.id } }, body: { confirmInformed: true } }),
  );
  await expectStatus('handover', 200, receiver.api.GET('/api/handovers/{id}', { params: { path: { id: handover.id } } }));
  await expectStatus('case', 200, receiver.api.GET('/api/cases/{id}', { params: { path: { id: caseId } } }));
  await expectStatus('timeline', 200, receiver.api.GET('/api/cases/{id}/timeline', { params: { path: { id: caseId } } }));
  await expectStatus('cases', 200, receiver.api.GET('/api/cases', { params: { query: { status: 'active' } } }));

  // Notifications: the worker turns outbox events into them; the inbox answers either way.
  const inbox = await expectStatus('inbox', 200, receiver.api.GET('/api/me/notifications', { params: { query: { unread: true } } }));
  for (const item of inbox.items) {
    await expectStatus('read', 200, receiver.api.POST('/api/me/notifications/{id}/read', { params: { path: { id: item.id } } }));
  }

  // The coordinator's audit.
  await expectStatus('audit events', 200, coordinator.api.GET('/api/audit/events', { params: { query: { caseId } } }));
  await expectStatus('access log', 200, coordinator.api.GET('/api/cases/{id}/access-log', { params: { path: { id: caseId } } }));
  await expectStatus('person access log', 200, coordinator.api.GET('/api/persons/{id}/access-log', { params: { path: { id: child.id } } }));
  await expectStatus('handover audit', 200, coordinator.api.GET('/api/audit/handovers', { params: { query: { format: 'json' } } }));
  const csv = await coordinator.api.GET('/api/audit/handovers', { params: { query: { format: 'csv' } }, parseAs: 'text' });
  if (csv.response.status !== 200) throw new Error(`handover csv: ${csv.response.status}`);
  await expectStatus('verify', 200, coordinator.api.GET('/api/audit/verify'));

  return { requests, caseId, caseReference: changed.reference, handoverId: handover.id };
}
