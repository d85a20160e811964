import { randomUUID } from 'node:crypto';
import { CHECKLIST, createFixtures, send, type Fixtures, type FuzzRequest, type FuzzResponse } from './fixtures';
import {
  type Hostile,
  HOSTILE_KEYS,
  HOSTILE_PARAMS,
  HOSTILE_VALUES,
  objectsIn,
  placesIn,
  replaced,
  Rng,
  toJsonText,
  withKey,
  withoutKey,
} from './hostile';
import { jsonBodySchema, validValue, type OpenApiDocument, type Operation, type Parameter, type Schema, type ValueHints } from './schema';
import { startSystem, type System } from './system';

/**
 * `npm run fuzz`: hostile input against a running system, measured. Starts the API from the build
 * on a database of its own, reads /api/docs-json, makes a user of each discipline and role and a
 * family case with everything in it, then sends FUZZ_REQUESTS (default 12,000) requests over every
 * operation as each role: most are valid bodies built from the operation's own schema with ONE
 * field, at any depth, replaced by a hostile value; the rest are shapeless or of the wrong content
 * type. After every request it compares a checksum of every table but the audit log, idempotency
 * keys and login counters: a refused (4xx) request that changed a row is a failure, like any 5xx.
 * Prints the count by status and every failure with its request; exits 1 on any.
 *
 * FUZZ_SEED repeats a run; FUZZ_POSTGRES_URL names the server (default the local one); FUZZ_WORKER=1
 * also starts the worker (then the outbox, notifications and timers are left out of the row check).
 */
const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 12_000);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const SERVER_URL = process.env.FUZZ_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const WITH_WORKER = process.env.FUZZ_WORKER === '1';
const ROLES = ['anonymous', 'admin', 'coordinator', 'lead', 'member', 'police', 'forensic', 'receiver', 'emergency', 'outsider'];
const HOUR = 3600_000;
const log = (line = '') => process.stdout.write(`${line}\n`);
/** Sent to every place of every body: what issue 15's review found 500s with. */
const SYSTEMATIC = ['lone high surrogate', 'lone surrogate key', '[[]]', '[[[]]]', 'NUL'];

/** A category first (types, surrogates, controls, arrays, strings, nesting, numbers, ids, dates, prototype keys), then a value of it. */
function pickHostile(rng: Rng): Hostile {
  const categories = [...new Set(HOSTILE_VALUES.map((h) => h.category))];
  const category = rng.pick(categories);
  return rng.pick(HOSTILE_VALUES.filter((h) => h.category === category));
}

/** Tables a refused request may rightly change: the audit trail of the refusal, login counters, keys. */
const UNCHECKED = [/^audit_/, /^login_/, /^idempotency_keys$/, /^schema_migrations$/, /session/];
const WORKER_TABLES = [/^outbox_events$/, /^notifications$/, /^timers$/];

const CONCLUDE = 'POST /api/cases/{id}/intake/conclude';
const FRESH_CASE_FOR = ['POST /api/cases/{id}/handovers', CONCLUDE];

/** A case led by the fixtures' lead, with its intake scheduled when `withIntake`. */
async function freshCase(baseUrl: string, f: Fixtures, withIntake: boolean): Promise<string> {
  const token = f.actors.lead.token;
  const post = async (url: string, body: unknown) => {
    const res = await send(baseUrl, token, { method: 'POST', url, contentType: 'application/json', body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`fresh case: POST ${url}: ${res.status} ${res.text.slice(0, 300)}`);
    return JSON.parse(res.text) as { id: string };
  };
  const opened = await post('/api/cases', { urgency: 'regular', source: 'school', summary: 'A fresh case for the fuzzer' });
  if (withIntake) await post(`/api/cases/${opened.id}/intake`, { scheduledAt: new Date(Date.now() + 24 * HOUR).toISOString() });
  return opened.id;
}

interface Plan {
  key: string;
  method: string;
  path: string;
  operation: Operation;
  body?: Schema;
}

interface Outcome {
  request: FuzzRequest;
  response: FuzzResponse;
}

async function main(): Promise<void> {
  log(`fuzz: seed ${SEED}, ${TOTAL} requests${WITH_WORKER ? ', with the worker' : ''}`);
  const system = await startSystem(SERVER_URL, { worker: WITH_WORKER });
  let failed = true;
  try {
    failed = await fuzz(system);
  } finally {
    await system.stop();
  }
  process.exit(failed ? 1 : 0);
}

async function fuzz(system: System): Promise<boolean> {
  const rng = new Rng(SEED);
  const doc = JSON.parse((await send(system.baseUrl, undefined, { method: 'GET', url: '/api/docs-json' })).text) as OpenApiDocument;
  const fixtures = await createFixtures(system.baseUrl, system.admin);
  const plans: Plan[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!['get', 'post', 'patch', 'put', 'delete'].includes(method)) continue;
      plans.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        operation,
        body: jsonBodySchema(doc, operation),
      });
    }
  }
  log(`${plans.length} operations in /api/docs-json; ${Object.keys(fixtures.actors).length} signed-in roles and anonymous`);

  const check = await rowCheck(system);
  const outcomes: Outcome[] = [];
  const byStatus = new Map<string, number>();
  const byOperation = new Map<string, Map<string, number>>();
  const pairs = new Set<string>();
  const failures: { kind: string; request: FuzzRequest; response: FuzzResponse; detail?: string }[] = [];
  const count = (o: Outcome) => {
    const status = String(o.response.status);
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    pairs.add(`${o.request.operation} as ${o.request.role}`);
    const op = byOperation.get(o.request.operation) ?? new Map<string, number>();
    op.set(status, (op.get(status) ?? 0) + 1);
    byOperation.set(o.request.operation, op);
  };

  // Logging out, refreshing and ending one's sessions end a session, rightly: sent with a role's
  // shared token they would end it for the rest of the run (every later request a 401). Each is sent
  // on a session of its own, signed in just before.
  const SESSION_ENDING = /^(POST \/api\/auth\/(logout|refresh)|DELETE \/api\/me\/sessions)/;
  const tokenFor = async (request: FuzzRequest): Promise<string | undefined> => {
    if (request.role === 'anonymous') return undefined;
    const actor = fixtures.actors[request.role];
    if (!SESSION_ENDING.test(request.operation)) return actor.token;
    const login = await send(system.baseUrl, undefined, {
      method: 'POST',
      url: '/api/auth/login',
      body: JSON.stringify({ email: actor.email, password: actor.password }),
      contentType: 'application/json',
    });
    await check.accept(); // the sign-in's own rows (its session, its audit line) are not the request's doing
    return (JSON.parse(login.text) as { accessToken: string }).accessToken;
  };

  const dispatch = async (request: FuzzRequest): Promise<void> => {
    const token = await tokenFor(request);
    const response = await send(system.baseUrl, token, request);
    const outcome = { request, response };
    outcomes.push(outcome);
    count(outcome);
    remember(fixtures, response);
    const status = response.status;
    if (typeof status !== 'number' || status >= 500)
      failures.push({ kind: typeof status === 'number' ? '5xx' : String(status), request, response });
    // Logins rightly count failures (lockout); everything else refused must leave every row as it was.
    if (request.operation === 'POST /api/auth/login') {
      await check.accept();
      return;
    }
    const changed = await check.changedTables();
    if (changed.length > 0 && (typeof status !== 'number' || status >= 400)) {
      failures.push({ kind: 'refused request changed rows', request, response, detail: changed.join(', ') });
    }
  };

  // First every place of every body, as its natural caller (before the base requests change the
  // state each needs: the handover proposal, the conclusion), with what issue 15 found there: a lone
  // surrogate, nested arrays, a NUL and a key with a lone surrogate.
  const systematic = HOSTILE_VALUES.filter((h) => SYSTEMATIC.includes(h.label));
  for (const plan of plans.filter((p) => p.body)) {
    const places = placesIn(baseBody(doc, plan, fixtures, pathParams(plan, fixtures))).filter((p) => p.length > 0);
    for (const place of places) {
      for (const hostile of systematic) {
        // A proposal or a conclusion that a hostile value does not stop would end the next one's
        // chance (409): each of those gets a fresh case.
        const caseId = FRESH_CASE_FOR.includes(plan.key) ? await freshCase(system.baseUrl, fixtures, plan.key === CONCLUDE) : undefined;
        if (caseId) await check.accept(); // the fresh case's rows are not the next request's doing
        await dispatch(build(doc, plan, fixtures, rng, 'body', naturalRole(plan), { place, hostile, caseId }));
      }
    }
  }
  const systematicCount = outcomes.length;
  log(
    `every body field (${systematicCount / systematic.length} places) sent ${systematic.map((h) => h.label).join(', ')}: ${systematicCount} requests`,
  );

  // Then each operation's base request as its natural caller: shows which bases the document let us build.
  const baseStatuses = new Map<string, string>();
  const baseNotes: string[] = [];
  // Not the ones that end what the rest works on (the handover, the spare case's team and state).
  const ending = /\/(accept|decline|withdraw|close|conclude)$|\/team\/\{userId\}$/;
  for (const plan of plans.filter((p) => !ending.test(p.path))) {
    const request = build(doc, plan, fixtures, rng, 'valid', naturalRole(plan));
    await dispatch(request);
    const { response } = outcomes[outcomes.length - 1];
    baseStatuses.set(plan.key, String(response.status));
    if (typeof response.status === 'number' && response.status >= 300 && response.status !== 409) {
      baseNotes.push(
        `  ${plan.key} as ${request.role}: ${response.status} ${response.text.slice(0, 200)}${response.text.includes(`"errors"`) ? ` ${response.text.slice(response.text.indexOf(`"errors"`), response.text.indexOf(`"errors"`) + 300)}` : ''}`,
      );
    }
  }

  const started = Date.now();
  while (outcomes.length < TOTAL) {
    const plan = rng.pick(plans);
    // Mostly the caller the operation is for, so that a request gets past the role checks to its body.
    const role = rng.chance(0.6) ? naturalRole(plan) : rng.pick(ROLES);
    const roll = rng.next();
    const kind = roll < 0.03 ? 'valid' : roll < 0.66 ? 'body' : roll < 0.74 ? 'key' : roll < 0.82 ? 'param' : 'shapeless';
    await dispatch(build(doc, plan, fixtures, rng, kind, role));
    if (outcomes.length % 1000 === 0)
      log(`  ${outcomes.length} requests, ${Math.round((outcomes.length * 1000) / (Date.now() - started))} a second`);
  }

  log('');
  log(`base requests (each operation, valid but for nothing, as its natural caller): ${summarise(baseStatuses)}`);
  for (const note of baseNotes) log(note);
  log(
    `requests: ${outcomes.length} over ${byOperation.size} operations; ${pairs.size} of ${plans.length * ROLES.length} operation × role pairs`,
  );
  log(
    `by status: ${[...byStatus.entries()]
      .sort()
      .map(([s, n]) => `${s} × ${n}`)
      .join(', ')}`,
  );
  const server = outcomes.filter((o) => typeof o.response.status !== 'number' || o.response.status >= 500).length;
  log(`5xx (and timeouts): ${server}`);
  const unreached = plans.filter((p) => !byOperation.has(p.key)).map((p) => p.key);
  if (unreached.length) log(`operations never sent: ${unreached.join(', ')}`);
  for (const failure of failures) {
    log('');
    log(
      `FAILURE (${failure.kind}${failure.detail ? `: ${failure.detail}` : ''}): ${failure.request.method} ${failure.request.url.slice(0, 300)}`,
    );
    log(`  as ${failure.request.role}; ${failure.request.label}; content-type ${failure.request.contentType ?? '(none)'}`);
    if (failure.request.body !== undefined)
      log(
        `  body: ${failure.request.body.slice(0, 600)}${failure.request.body.length > 600 ? ` … (${failure.request.body.length} characters)` : ''}`,
      );
    log(`  answer: ${failure.response.status} ${failure.response.text.slice(0, 300)}`);
    const lines = failure.response.requestId
      ? system.apiLines.filter((l) => l.includes(failure.response.requestId!) && /"level":"(error|warn)"/.test(l))
      : [];
    for (const line of lines.slice(0, 3)) log(`  server: ${line.slice(0, 1500)}`);
  }
  log('');
  log(failures.length === 0 ? 'fuzz: 0 × 5xx, no refused request changed a row' : `fuzz: ${failures.length} failures`);
  return failures.length > 0;
}

const summarise = (statuses: Map<string, string>) => {
  const counts = new Map<string, number>();
  for (const s of statuses.values()) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts.entries()]
    .sort()
    .map(([s, n]) => `${s} × ${n}`)
    .join(', ');
};

function naturalRole(plan: Plan): string {
  const { key } = plan;
  if (/^(POST|PATCH) \/api\/(users|organisations)/.test(key) || key.includes('/admin/')) return 'admin';
  if (key.includes('/audit/') || key.includes('access-log') || key.includes('/review') || key === 'GET /api/emergency-access')
    return 'coordinator';
  if (key.includes('/interviews')) return 'police';
  if (key.includes('/examinations')) return 'forensic';
  if (/\/handovers\/\{id\}\/(accept|decline)/.test(key)) return 'receiver';
  if (key.endsWith('/emergency-access')) return 'emergency';
  if (key === 'POST /api/auth/login' || key.startsWith('GET /health')) return 'anonymous';
  return 'lead';
}

/** Versions as the answers tell them, so that a base PATCH names the current one. */
function remember(fixtures: Fixtures, response: FuzzResponse): void {
  if (typeof response.status !== 'number' || response.status >= 300 || !response.text.startsWith('{')) return;
  try {
    const body = JSON.parse(response.text) as { id?: unknown; version?: unknown; persons?: { id: string; version?: number }[] };
    if (typeof body.id === 'string' && typeof body.version === 'number') fixtures.versions.set(body.id, body.version);
    for (const p of body.persons ?? []) if (typeof p.version === 'number') fixtures.versions.set(p.id, p.version);
  } catch {
    // not JSON: nothing to remember
  }
}

/** Path parameters that make sense for the operation, so that a request reaches its rules. */
function pathParams(plan: Plan, f: Fixtures): Record<string, string> {
  const p = plan.path;
  const values: Record<string, string> = {};
  for (const name of [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
    if (name === 'personId') values[name] = f.childId;
    else if (name === 'recordId') values[name] = p.includes('/interviews/') ? f.interviewId : f.examinationId;
    else if (name === 'userId') values[name] = f.spareMemberId;
    else if (p.startsWith('/api/cases/{id}/close') || p.startsWith('/api/cases/{id}/team/')) values[name] = f.spareCaseId;
    else if (p.startsWith('/api/cases/')) values[name] = f.caseId;
    else if (p.startsWith('/api/users/')) values[name] = f.victimUserId;
    else if (p.startsWith('/api/persons/')) values[name] = f.childId;
    else if (p.startsWith('/api/handovers/')) values[name] = f.handoverId;
    else if (p.startsWith('/api/follow-ups/')) values[name] = f.followUpId;
    else if (p.startsWith('/api/emergency-access/')) values[name] = f.grantId;
    else values[name] = randomUUID();
  }
  return values;
}

function hintsFor(plan: Plan, f: Fixtures, params: Record<string, string>): ValueHints {
  const a = f.actors;
  let emails = 0;
  return {
    uuid(name) {
      if (/^person/i.test(name)) return f.childId;
      if (name === 'toUserId') return a.receiver.id;
      if (name === 'assigneeId') return a.member.id;
      if (name === 'leadUserId') return a.lead.id;
      if (name === 'userId') return f.joinerUserId;
      if (name === 'interviewerId') return a.police.id;
      if (name === 'participantId') return plan.path.includes('/handovers/') ? a.lead.id : a.police.id;
      if (name === 'organisationId') return f.organisationId;
      if (name === 'correctsEntryId') return f.entryId;
      if (name === 'caseId') return f.caseId;
      return a.lead.id;
    },
    dateTime(name) {
      if (/held|conducted|examined|^from$/i.test(name)) return new Date(Date.now() - HOUR).toISOString();
      if (name === 'to') return new Date(Date.now() + 30 * 24 * HOUR).toISOString();
      return new Date(Date.now() + 72 * HOUR).toISOString();
    },
    text(name, schema) {
      let text: string;
      if (name === 'email') text = `fuzz.${Date.now()}.${++emails}.${Math.floor(Math.random() * 1e9)}@fuzz.oneroof`;
      else if (name === 'password') text = 'a long enough fuzz password';
      else if (name === 'sha256') text = 'a'.repeat(64);
      else if (/reason/i.test(name)) text = 'A reason that is long enough for every rule';
      else if (name === 'cursor' || name === 'token') text = name === 'token' ? f.feedToken : '';
      else text = `Fuzz ${name}`;
      const min = schema.minLength ?? 0;
      return text.length >= min ? text : text.padEnd(min, 'x');
    },
    number(name, schema) {
      if (name === 'version') return f.versions.get(params.personId ?? params.id ?? '') ?? 1;
      if (name === 'limit') return 10;
      if (name === 'durationMinutes') return 45;
      if (name === 'sizeMm') return 20;
      if (/remindBefore/.test(name)) return 60;
      const low = schema.minimum ?? 1;
      return Math.min(Math.max(1, low), schema.maximum ?? Number.MAX_SAFE_INTEGER);
    },
  };
}

/** Where the document is known to be short of a valid body, what makes one. */
function overrides(plan: Plan, f: Fixtures): Record<string, unknown> {
  const a = f.actors;
  const past = new Date(Date.now() - HOUR).toISOString();
  switch (plan.key) {
    case 'POST /api/auth/login':
      return { email: a.outsider.email, password: 'a wrong password, mostly' };
    case 'POST /api/users':
      return { roles: ['professional'] };
    case 'PATCH /api/users/{id}':
      return { roles: ['professional'], active: true };
    case 'POST /api/cases/{id}/handovers':
      return { toUserId: a.receiver.id, checklist: CHECKLIST, respondBy: undefined };
    case 'POST /api/handovers/{id}/meeting':
      return { heldAt: past, participantIds: [a.lead.id, a.receiver.id] };
    case 'POST /api/cases/{id}/intake/conclude':
      return {
        waivedDisciplines: [{ discipline: 'social_work', reason: 'Assessed after the conclusion' }],
        actions: [
          {
            title: 'Home visit',
            assigneeId: a.member.id,
            dueAt: new Date(Date.now() + 72 * HOUR).toISOString(),
            kind: 'home_visit',
            remindBeforeMinutes: [60],
          },
        ],
      };
    case 'PATCH /api/follow-ups/{id}':
      return { status: undefined };
    case 'POST /api/cases/{id}/team':
      return { role: undefined };
    case 'PATCH /api/cases/{id}/persons/{personId}':
      return { dateOfBirth: '2016-04-02', confidentialAddress: null };
    case 'POST /api/cases/{id}/entries':
      return { correctsEntryId: undefined, personIds: [f.childId] };
    default:
      return {};
  }
}

function baseBody(doc: OpenApiDocument, plan: Plan, f: Fixtures, params: Record<string, string>): Record<string, unknown> | undefined {
  if (!plan.body) return undefined;
  const built = validValue(doc, plan.body, 'body', hintsFor(plan, f, params));
  const body = (built !== null && typeof built === 'object' && !Array.isArray(built) ? built : {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides(plan, f))) {
    if (value === undefined) delete body[key];
    else body[key] = value;
  }
  return body;
}

function baseQuery(doc: OpenApiDocument, plan: Plan, f: Fixtures, params: Record<string, string>, rng: Rng): Record<string, string> {
  const query: Record<string, string> = {};
  const hints = hintsFor(plan, f, params);
  for (const parameter of (plan.operation.parameters ?? []).filter((p: Parameter) => p.in === 'query')) {
    if (parameter.name === 'cursor') continue;
    if (!parameter.required && !rng.chance(0.5) && parameter.name !== 'token') continue;
    const value = validValue(doc, parameter.schema, parameter.name, hints);
    if (value !== undefined && value !== '') query[parameter.name] = String(value);
  }
  return query;
}

const encode = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return text.replace(/[\ud800-\udfff]/g, '%ED%A0%80');
  }
};

function urlOf(path: string, params: Record<string, string>, query: Record<string, string>, rawParams = new Set<string>()): string {
  const filled = path.replace(/\{(\w+)\}/g, (_m, name: string) => (rawParams.has(name) ? params[name] : encode(params[name])));
  const search = Object.entries(query)
    .map(([k, v]) => `${encode(k)}=${rawParams.has(`?${k}`) ? v : encode(v)}`)
    .join('&');
  return search ? `${filled}?${search}` : filled;
}

const SHAPELESS: { label: string; contentType?: string; body: () => string | undefined }[] = [
  { label: 'JSON array body', contentType: 'application/json', body: () => '[]' },
  { label: 'JSON string body', contentType: 'application/json', body: () => '"body"' },
  { label: 'JSON number body', contentType: 'application/json', body: () => '42' },
  { label: 'JSON null body', contentType: 'application/json', body: () => 'null' },
  { label: 'truncated JSON', contentType: 'application/json', body: () => '{"a":' },
  { label: 'trailing comma', contentType: 'application/json', body: () => '{"a":1,}' },
  { label: 'single quotes', contentType: 'application/json', body: () => "{'a':1}" },
  { label: 'JSON and garbage', contentType: 'application/json', body: () => '{"a":1}garbage' },
  { label: 'BOM before JSON', contentType: 'application/json', body: () => '\ufeff{}' },
  { label: 'NaN', contentType: 'application/json', body: () => 'NaN' },
  { label: 'empty body with a JSON type', contentType: 'application/json', body: () => '' },
  { label: 'duplicate keys', contentType: 'application/json', body: () => '{"version":1,"version":"x","summary":"a","summary":{}}' },
  { label: 'text/plain', contentType: 'text/plain', body: () => '{"a":1}' },
  { label: 'form', contentType: 'application/x-www-form-urlencoded', body: () => 'a=1&b[]=2&__proto__[x]=1' },
  {
    label: 'multipart',
    contentType: 'multipart/form-data; boundary=x',
    body: () => '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
  },
  {
    label: 'xml',
    contentType: 'application/xml',
    body: () => '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
  },
  { label: 'octet-stream', contentType: 'application/octet-stream', body: () => '\u0000\u0001\u0002\u00ff' },
  { label: 'JSON as utf-16', contentType: 'application/json; charset=utf-16', body: () => '{"a":1}' },
  { label: 'vendor JSON type', contentType: 'application/vnd.api+json', body: () => '{"a":1}' },
  { label: 'no content type', body: () => '{"a":1}' },
  { label: 'a type with garbage parameters', contentType: 'application/json; charset=%%%; boundary', body: () => '{}' },
  { label: 'two MiB of JSON', contentType: 'application/json', body: () => JSON.stringify({ a: 'a'.repeat(2 * 1024 * 1024) }) },
  { label: 'a junk object', contentType: 'application/json', body: () => JSON.stringify({ junk: [1, { x: null }], n: -1 }) },
];

function build(
  doc: OpenApiDocument,
  plan: Plan,
  f: Fixtures,
  rng: Rng,
  kind: string,
  role: string,
  chosen?: { place: (string | number)[]; hostile: Hostile; caseId?: string },
): FuzzRequest {
  const params = pathParams(plan, f);
  if (chosen?.caseId) params.id = chosen.caseId;
  const query = baseQuery(doc, plan, f, params, rng);
  let body: unknown = baseBody(doc, plan, f, params);
  if (chosen?.caseId && plan.key === CONCLUDE && body) {
    // A fresh case has no contributions: each discipline waived, the one action for its only member.
    const b = body as Record<string, unknown>;
    b.waivedDisciplines = ['police', 'forensic_medicine', 'social_work'].map((discipline) => ({ discipline, reason: 'Not needed here' }));
    for (const action of (b.actions ?? []) as Record<string, unknown>[]) action.assigneeId = f.actors.lead.id;
  }
  let label = 'valid';
  let contentType: string | undefined = body === undefined ? undefined : 'application/json';
  let text: string | undefined;
  const raw = new Set<string>();
  const headers: Record<string, string> = {};
  if (plan.method !== 'GET' && rng.chance(0.3)) headers['idempotency-key'] = `fuzz-${randomUUID()}`;

  if ((kind === 'body' || kind === 'key') && body === undefined) kind = 'param';
  if (kind === 'body') {
    const places = placesIn(body).filter((p) => p.length > 0);
    const place = chosen?.place ?? (places.length > 0 ? rng.pick(places) : []);
    const hostile = chosen?.hostile ?? pickHostile(rng);
    body = replaced(body, place, hostile.value());
    label = `body ${place.join('.') || '(whole)'} = ${hostile.label}`;
  } else if (kind === 'key') {
    const objects = objectsIn(body);
    if (rng.chance(0.3)) {
      const places = placesIn(body).filter((p) => p.length > 0);
      if (places.length > 0) {
        const place = rng.pick(places);
        body = withoutKey(body, place);
        label = `body without ${place.join('.')}`;
      }
    } else {
      const place = rng.pick(objects);
      const hostile = rng.pick(HOSTILE_KEYS);
      body = withKey(body, place, hostile.key, rng.chance(0.5) ? { polluted: true } : 'x');
      label = `body ${place.join('.') || '(root)'}: ${hostile.label}`;
    }
  } else if (kind === 'param') {
    const names = [...Object.keys(params), ...(plan.operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => `?${p.name}`)];
    if (rng.chance(0.1)) names.push('?unknown');
    if (names.length === 0) names.push('?unknown');
    const name = rng.pick(names);
    const hostile = rng.pick(HOSTILE_PARAMS);
    if (name.startsWith('?')) query[name.slice(1)] = hostile.text;
    else params[name] = hostile.text;
    raw.add(name);
    if (rng.chance(0.1) && name.startsWith('?')) {
      // A repeated parameter: Fastify hands an array to the DTO.
      const key = name.slice(1);
      text = undefined;
      label = `query ${key} repeated`;
      const url = `${urlOf(plan.path, params, query, raw)}&${encode(key)}=2`;
      return {
        method: plan.method,
        url,
        role,
        contentType,
        body: body === undefined ? undefined : toJsonText(body),
        headers,
        label,
        operation: plan.key,
      };
    }
    label = `${name.startsWith('?') ? 'query' : 'path'} ${name.replace('?', '')} = ${hostile.label}`;
  } else if (kind === 'shapeless') {
    const shape = rng.pick(SHAPELESS);
    contentType = shape.contentType;
    text = shape.body();
    label = `shapeless: ${shape.label}`;
  }
  if (text === undefined && body !== undefined) text = toJsonText(body);
  return {
    method: plan.method,
    url: urlOf(plan.path, params, query, raw),
    role,
    contentType,
    body: text,
    headers,
    label,
    operation: plan.key,
  };
}

/** A checksum of every row of every table that a refused request must leave alone. */
async function rowCheck(system: System): Promise<{ changedTables(): Promise<string[]>; accept(): Promise<void> }> {
  const { rows } = await system.db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const skip = [...UNCHECKED, ...(WITH_WORKER ? WORKER_TABLES : [])];
  const tables = rows.map((r) => r.table_name).filter((t) => !skip.some((re) => re.test(t)));
  const sql = tables
    .map((t) => `SELECT '${t}' AS t, count(*)::text || ':' || coalesce(sum(hashtext(x::text)::bigint), 0)::text AS h FROM "${t}" x`)
    .join(' UNION ALL ');
  const take = async () => new Map((await system.db.query<{ t: string; h: string }>(sql)).rows.map((r) => [r.t, r.h]));
  let last = await take();
  return {
    async changedTables() {
      const now = await take();
      const changed = tables.filter((t) => now.get(t) !== last.get(t));
      last = now;
      return changed;
    },
    async accept() {
      last = await take();
    },
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`fuzz: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});
