import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';

/** One request of the fuzz run, as it went on the wire. */
export interface FuzzRequest {
  method: string;
  /** Path and query, as sent (already encoded). */
  url: string;
  role: string;
  contentType?: string;
  body?: string;
  headers?: Record<string, string>;
  /** What was done to it: `valid`, `body answers.q1 = lone high surrogate`, `shapeless: xml`. */
  label: string;
  /** The operation of the document it belongs to: `POST /api/cases/{id}/examinations`. */
  operation: string;
}

export interface FuzzResponse {
  status: number | 'timeout' | 'network-error';
  text: string;
  requestId?: string;
}

/** Over node:http rather than fetch: fetch refuses a body on GET, and a fuzzer sends one. */
export function send(
  baseUrl: string,
  token: string | undefined,
  request: Omit<FuzzRequest, 'role' | 'label' | 'operation'>,
): Promise<FuzzResponse> {
  const headers: Record<string, string> = { ...request.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  if (request.contentType) headers['content-type'] = request.contentType;
  const payload = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
  if (payload) headers['content-length'] = String(payload.length);
  return new Promise((done) => {
    const req = httpRequest(`${baseUrl}${request.url}`, { method: request.method, headers, timeout: 15_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => done({ status: 'network-error', text: String(error) }));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let requestId: string | undefined;
        try {
          requestId = (JSON.parse(text) as { requestId?: string }).requestId;
        } catch {
          requestId = undefined;
        }
        requestId ??= typeof res.headers['x-request-id'] === 'string' ? res.headers['x-request-id'] : undefined;
        done({ status: res.statusCode ?? 0, text, requestId });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => done({ status: error.message === 'timeout' ? 'timeout' : 'network-error', text: String(error) }));
    if (payload) req.write(payload);
    req.end();
  });
}

export interface Actor {
  role: string;
  id: string;
  email: string;
  /** To sign in again: a request that ends a session is sent on a session of its own (run.ts). */
  password: string;
  token: string;
}

/** The people and records of the run: a user of each discipline and role, a family case with everything in it. */
export interface Fixtures {
  actors: Record<string, Actor>;
  organisationId: string;
  /** A user only admins' requests change (PATCH /users/:id may deactivate or strip roles). */
  victimUserId: string;
  /** A user not on any team, for team additions. */
  joinerUserId: string;
  caseId: string;
  childId: string;
  parentId: string;
  /** A case of its own for closing and team removals, which would end the main case's use. */
  spareCaseId: string;
  spareMemberId: string;
  handoverId: string;
  handoverCaseId: string;
  interviewId: string;
  examinationId: string;
  entryId: string;
  followUpId: string;
  grantId: string;
  feedToken: string;
  versions: Map<string, number>;
}

// Random: the password policy refuses one that contains the account's email or name (these hold "fuzz").
const PASSWORD = randomBytes(18).toString('base64url');
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const HOUR = 3600_000;

export const CHECKLIST = {
  safetySituation: 'Safe with the grandmother',
  risks: 'Father has a key',
  safetyAgreements: 'No unsupervised contact',
  openActions: 'Call the school',
  involvedProfessionals: 'GP, school mentor',
  expectations: 'Weekly home visits',
  familyInformed: true,
};

export async function createFixtures(baseUrl: string, admin: { email: string; password: string }): Promise<Fixtures> {
  const call = async (token: string | undefined, method: string, url: string, body?: unknown, expected = [200, 201]) => {
    const res = await send(baseUrl, token, {
      method,
      url,
      contentType: body === undefined ? undefined : 'application/json',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (typeof res.status !== 'number' || !expected.includes(res.status)) {
      throw new Error(`fixture ${method} ${url}: ${res.status} ${res.text.slice(0, 500)}`);
    }
    return JSON.parse(res.text || 'null') as Record<string, unknown> & { id: string };
  };
  const login = async (email: string, password: string) =>
    (await call(undefined, 'POST', '/api/auth/login', { email, password })).accessToken as string;

  const adminToken = await login(admin.email, admin.password);
  const adminId = ((await call(adminToken, 'GET', '/api/me')) as { id: string }).id;
  const organisation = await call(adminToken, 'POST', '/api/organisations', { name: `Fuzz centre ${Date.now()}`, kind: 'centre' });
  const organisationId = organisation.id;
  let n = 0;
  const user = async (role: string, discipline: string, roles: string[] = ['professional']): Promise<Actor> => {
    const email = `fuzz.${role}.${++n}.${randomBytes(3).toString('hex')}@fuzz.oneroof`;
    const created = await call(adminToken, 'POST', '/api/users', {
      email,
      name: `Fuzz ${role}`,
      password: PASSWORD,
      discipline,
      roles,
      organisationId,
    });
    return { role, id: created.id, email, password: PASSWORD, token: await login(email, PASSWORD) };
  };
  const actors: Record<string, Actor> = {
    admin: { role: 'admin', id: adminId, email: admin.email, password: admin.password, token: adminToken },
    coordinator: await user('coordinator', 'social_work', ['coordinator']),
    lead: await user('lead', 'social_work'),
    member: await user('member', 'social_work'),
    police: await user('police', 'police'),
    forensic: await user('forensic', 'forensic_medicine'),
    receiver: await user('receiver', 'youth_care'),
    emergency: await user('emergency', 'mental_health'),
    outsider: await user('outsider', 'child_protection'),
  };
  const victim = await user('victim', 'police');
  const joiner = await user('joiner', 'youth_care');
  const spareMember = await user('spare-member', 'police');
  const { lead, member, police, forensic, receiver, emergency } = actors;

  const openCase = async () =>
    call(lead.token, 'POST', '/api/cases', {
      urgency: 'acute',
      source: 'police',
      summary: 'Disclosure by a child at school',
      persons: [
        { firstName: 'Sanne', lastName: 'Jansen', familyRole: 'child', involvement: 'victim', dateOfBirth: '2016-04-02' },
        { firstName: 'Pieter', lastName: 'Jansen', familyRole: 'parent', involvement: 'alleged_perpetrator' },
      ],
    });
  const opened = await openCase();
  const caseId = opened.id;
  const persons = opened.persons as { id: string }[];
  for (const m of [member, police, forensic]) await call(lead.token, 'POST', `/api/cases/${caseId}/team`, { userId: m.id });
  await call(lead.token, 'POST', `/api/cases/${caseId}/intake`, { scheduledAt: iso(24 * HOUR), participantIds: [police.id, forensic.id] });
  const interview = await call(police.token, 'POST', `/api/cases/${caseId}/interviews`, {
    personId: persons[0].id,
    kind: 'studio',
    conductedAt: iso(-2 * HOUR),
    durationMinutes: 45,
    location: 'Studio 2',
    summary: 'An interview summary',
  });
  const examination = await call(forensic.token, 'POST', `/api/cases/${caseId}/examinations`, {
    personId: persons[0].id,
    examinedAt: iso(-HOUR),
    context: 'forensic',
    consent: { givenBy: 'mother', basis: 'informed consent' },
    findings: [{ bodyRegion: 'left arm', kind: 'bruise', sizeMm: 20, description: 'a finding' }],
    conclusion: 'inconclusive',
    evidence: [{ reference: 'EV-1', sha256: 'a'.repeat(64) }],
  });
  await call(lead.token, 'POST', `/api/cases/${caseId}/assessments`, {
    instrument: 'LIRIK',
    answers: { q1: 'yes' },
    judgement: 'A reasoned judgement',
    safety: 'conditionally_safe',
  });
  const entry = await call(lead.token, 'POST', `/api/cases/${caseId}/entries`, { visibility: 'team', kind: 'note', body: 'A note' });
  const followUp = await call(lead.token, 'POST', `/api/cases/${caseId}/follow-ups`, {
    kind: 'home_visit',
    scheduledAt: iso(48 * HOUR),
    assigneeId: member.id,
    remindBeforeMinutes: [60],
  });
  const handoverCase = await openCase();
  const handover = await call(lead.token, 'POST', `/api/cases/${handoverCase.id}/handovers`, {
    toUserId: receiver.id,
    reason: 'Moving to the local team',
    checklist: CHECKLIST,
  });
  const spare = await openCase();
  await call(lead.token, 'POST', `/api/cases/${spare.id}/team`, { userId: spareMember.id });
  const grant = await call(emergency.token, 'POST', `/api/cases/${caseId}/emergency-access`, {
    reason: 'Acute safety concern reported out of hours, case lead unreachable',
  });
  const feed = await call(member.token, 'POST', '/api/me/follow-ups.ics/token');
  const versions = new Map<string, number>();
  for (const record of [opened, followUp, handoverCase, spare]) versions.set(record.id, Number(record.version ?? 1));
  return {
    actors,
    organisationId,
    victimUserId: victim.id,
    joinerUserId: joiner.id,
    caseId,
    childId: persons[0].id,
    parentId: persons[1].id,
    spareCaseId: spare.id,
    spareMemberId: spareMember.id,
    handoverId: handover.id,
    handoverCaseId: handoverCase.id,
    interviewId: interview.id,
    examinationId: examination.id,
    entryId: entry.id,
    followUpId: followUp.id,
    grantId: grant.id,
    feedToken: String(feed.token ?? ''),
    versions,
  };
}
