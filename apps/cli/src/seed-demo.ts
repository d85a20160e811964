import { hashPassword, type Actor, type Discipline, type OrganisationKind, type Role } from '@oneroof/identity';
import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AccessModule } from '@oneroof/access';
import { AuditModule } from '@oneroof/audit';
import { CasesModule, CasesService, EmergencyAccessService, TeamService, type PersonInput } from '@oneroof/cases';
import { FollowUpsModule, FollowUpsService } from '@oneroof/follow-ups';
import { HandoversModule, HandoversService } from '@oneroof/handovers';
import { AssessmentsService, ExaminationsService, IntakeModule, IntakeService, InterviewsService } from '@oneroof/intake';
import { createDataSource, Db, PlatformModule, type AppConfig } from '@oneroof/platform';

/** A demo centre that anyone can log in to: never run this against real data. */
export const DEMO_PASSWORD = 'oneroof-demo-2026';

const ORGANISATIONS: { key: string; name: string; kind: OrganisationKind }[] = [
  { key: 'centre', name: 'MDCK Kennemerland (demo)', kind: 'centre' },
  { key: 'police', name: 'Politie Noord-Holland, zedenrecherche (demo)', kind: 'police' },
  { key: 'forensic', name: 'Forensische Geneeskunde Kennemerland (demo)', kind: 'forensic_medical_service' },
  { key: 'vt', name: 'Veilig Thuis Kennemerland (demo)', kind: 'veilig_thuis' },
  { key: 'local', name: 'Sociaal Wijkteam Haarlem-Noord (demo)', kind: 'local_team' },
  { key: 'youth', name: 'Jeugdzorg Kennemerland (demo)', kind: 'youth_care' },
  { key: 'mental', name: 'GGZ Kennemerland (demo)', kind: 'mental_health' },
  { key: 'rvdk', name: 'Raad voor de Kinderbescherming (demo)', kind: 'child_protection' },
];

type DemoUserKey =
  'admin' | 'coordinator' | 'coordinator2' | 'police' | 'doctor' | 'social' | 'casemanager' | 'localteam' | 'youth' | 'mental' | 'rvdk';

export const DEMO_USERS: {
  key: DemoUserKey;
  email: string;
  name: string;
  discipline: Discipline;
  roles: Role[];
  organisation: string;
  note: string;
}[] = [
  {
    key: 'admin',
    email: 'admin@demo.oneroof',
    name: 'Demo Admin',
    discipline: 'social_work',
    roles: ['admin'],
    organisation: 'centre',
    note: 'organisations and accounts',
  },
  {
    key: 'coordinator',
    email: 'coordinator@demo.oneroof',
    name: 'Demo Coordinator',
    discipline: 'social_work',
    roles: ['professional', 'coordinator'],
    organisation: 'centre',
    note: 'audit, handover report, emergency-access reviews',
  },
  {
    key: 'coordinator2',
    email: 'coordinator2@demo.oneroof',
    name: 'Demo Coördinator Twee',
    discipline: 'youth_care',
    roles: ['professional', 'coordinator'],
    organisation: 'centre',
    note: 'a second coordinator',
  },
  {
    key: 'police',
    email: 'police@demo.oneroof',
    name: 'Demo Rechercheur',
    discipline: 'police',
    roles: ['professional'],
    organisation: 'police',
    note: 'interviews',
  },
  {
    key: 'doctor',
    email: 'doctor@demo.oneroof',
    name: 'Demo Forensisch Arts',
    discipline: 'forensic_medicine',
    roles: ['professional'],
    organisation: 'forensic',
    note: 'examinations',
  },
  {
    key: 'social',
    email: 'social@demo.oneroof',
    name: 'Demo Maatschappelijk Werker',
    discipline: 'social_work',
    roles: ['professional'],
    organisation: 'vt',
    note: 'leads most demo cases',
  },
  {
    key: 'casemanager',
    email: 'casemanager@demo.oneroof',
    name: 'Demo Casemanager MDCK',
    discipline: 'social_work',
    roles: ['professional'],
    organisation: 'centre',
    note: 'leads the case with a briefed handover',
  },
  {
    key: 'localteam',
    email: 'localteam@demo.oneroof',
    name: 'Demo Wijkteamwerker',
    discipline: 'social_work',
    roles: ['professional'],
    organisation: 'local',
    note: 'receiver of the warm transfers',
  },
  {
    key: 'youth',
    email: 'youth@demo.oneroof',
    name: 'Demo Jeugdzorgwerker',
    discipline: 'youth_care',
    roles: ['professional'],
    organisation: 'youth',
    note: 'broke the glass on a case (awaiting review)',
  },
  {
    key: 'mental',
    email: 'mental@demo.oneroof',
    name: 'Demo GGZ-behandelaar',
    discipline: 'mental_health',
    roles: ['professional'],
    organisation: 'mental',
    note: '',
  },
  {
    key: 'rvdk',
    email: 'rvdk@demo.oneroof',
    name: 'Demo Raadsonderzoeker',
    discipline: 'child_protection',
    roles: ['professional'],
    organisation: 'rvdk',
    note: '',
  },
];

/**
 * The demo cases, one for each state a page of a client should be able to show. Each is found again
 * by its summary (the marker "(demo …)"), so that a second run makes none of them again.
 */
export const DEMO_CASES = {
  intake:
    'Demo (intake): school reported bruises on a 7-year-old; mother says he fell. Examination and assessment still to come. Not real data.',
  active: 'Demo (active): disclosure by a 9-year-old after a studio interview; plan agreed with the family. Not real data.',
  proposed: 'Demo (handover proposed): family moving to the local team once the situation is stable. Not real data.',
  briefed: 'Demo (handover briefed): handover meeting held with the family; the local team has yet to accept. Not real data.',
  accepted: 'Demo (handover accepted): the local team took over after a warm transfer. Not real data.',
  emergency: 'Demo (emergency access): out-of-hours report; a youth care worker broke the glass. Not real data.',
  closed: 'Demo (closed): report proved unfounded after the joint intake. Not real data.',
} as const;
export type DemoCaseKey = keyof typeof DEMO_CASES;

const CHECKLIST = {
  safetySituation: 'Mother and children live with the grandmother; the father has no key any more',
  risks: 'Contact with the father at the school gate',
  safetyAgreements: 'Contact with the father only supervised, at the family centre',
  openActions: 'Evaluation with the school mentor in two weeks',
  involvedProfessionals: 'GP, school mentor, Veilig Thuis, the forensic doctor',
  expectations: 'Weekly home visits for the first month, then every two weeks',
  familyInformed: true,
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

@Module({})
class DemoModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DemoModule,
      imports: [
        PlatformModule.forRoot({ config, applicationName: 'oneroof-seed', poolSize: 2 }),
        AuditModule,
        AccessModule,
        CasesModule,
        HandoversModule,
        FollowUpsModule,
        IntakeModule.register({ imports: [FollowUpsModule], planner: FollowUpsService }),
      ],
    };
  }
}

export interface SeedDemoResult {
  /** The demo cases by state: their reference, and whether this run made them. */
  cases: Record<DemoCaseKey, { reference: string; created: boolean }>;
}

/**
 * A whole demo centre (issue 9): the organisations of §1, a user of every discipline, a local-team
 * receiver, two coordinators, an admin, and a case in every state a client page shows. Users are
 * inserted directly (with the demo password); every case goes through the same services as the
 * API, so that its audit trail, outbox events and timers are what a real one would have. Running it
 * again changes nothing: organisations and users are matched by name and email, cases by summary.
 */
export async function seedDemo(
  config: AppConfig,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<SeedDemoResult> {
  const dataSource = await createDataSource(config.databaseUrl, { poolSize: 2, applicationName: 'oneroof-seed' }).initialize();
  try {
    const db = new Db(dataSource);
    await seedDirectory(db);
    const result = await seedDemoCases(config, db);
    write(
      `Demo centre ready. Sign in at http://localhost:${config.port}/ (or POST /api/auth/login) with any of these (password for all: ${DEMO_PASSWORD}):`,
    );
    for (const user of DEMO_USERS) {
      write(`  ${user.email.padEnd(28)} ${user.discipline.padEnd(18)} ${user.roles.join(',').padEnd(24)} ${user.note}`.trimEnd());
    }
    write('Demo cases:');
    for (const key of Object.keys(DEMO_CASES) as DemoCaseKey[]) {
      const c = result.cases[key];
      write(`  ${c.reference}  ${key.padEnd(10)} ${c.created ? 'made now' : 'there already'}`);
    }
    return result;
  } finally {
    await dataSource.destroy();
  }
}

async function seedDirectory(db: Db): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const organisationIds = new Map<string, string>();
    for (const organisation of ORGANISATIONS) {
      // Found by name when there already: a second run writes nothing.
      await tx.query(`INSERT INTO organisations (name, kind) VALUES ($1, $2) ON CONFLICT (lower(name)) DO NOTHING`, [
        organisation.name,
        organisation.kind,
      ]);
      const row = await tx.one<{ id: string }>(`SELECT id FROM organisations WHERE lower(name) = lower($1)`, [organisation.name]);
      organisationIds.set(organisation.key, row!.id);
    }
    for (const user of DEMO_USERS) {
      await tx.query(
        `INSERT INTO users (email, name, discipline, roles, organisation_id, password_hash) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (lower(email)) DO NOTHING`,
        [user.email, user.name, user.discipline, user.roles, organisationIds.get(user.organisation), passwordHash],
      );
    }
  });
}

async function seedDemoCases(config: AppConfig, db: Db): Promise<SeedDemoResult> {
  const rows = await db.query<{ id: string; email: string; discipline: Discipline; roles: Role[]; organisation_id: string }>(
    `SELECT id, email, discipline, roles, organisation_id FROM users WHERE lower(email) = ANY($1::text[])`,
    [DEMO_USERS.map((u) => u.email.toLowerCase())],
  );
  const users = Object.fromEntries(
    DEMO_USERS.map((u) => {
      const row = rows.find((r) => r.email.toLowerCase() === u.email.toLowerCase())!;
      return [u.key, { id: row.id, discipline: row.discipline, roles: row.roles, organisationId: row.organisation_id } satisfies Actor];
    }),
  ) as Record<DemoUserKey, Actor>;

  const existing = await db.query<{ summary: string; reference: string }>(
    `SELECT summary, reference FROM cases WHERE summary = ANY($1::text[])`,
    [Object.values(DEMO_CASES)],
  );
  const cases = {} as SeedDemoResult['cases'];
  const missing: DemoCaseKey[] = [];
  for (const key of Object.keys(DEMO_CASES) as DemoCaseKey[]) {
    const found = existing.find((e) => e.summary === DEMO_CASES[key]);
    if (found) cases[key] = { reference: found.reference, created: false };
    else missing.push(key);
  }
  if (missing.length === 0) return { cases };

  const app = await NestFactory.createApplicationContext(DemoModule.forRoot(config), { logger: false });
  try {
    const demo = new DemoCases(app, users);
    for (const key of missing) cases[key] = { reference: await demo.make(key), created: true };
    return { cases };
  } finally {
    await app.close();
  }
}

const FAMILY: PersonInput[] = [
  { firstName: 'Demo', lastName: 'Kind', dateOfBirth: '2017-04-12', familyRole: 'child', involvement: 'victim' },
  { firstName: 'Demo', lastName: 'Zus', dateOfBirth: '2014-09-30', familyRole: 'sibling', involvement: 'witness' },
  { firstName: 'Demo', lastName: 'Moeder', familyRole: 'parent', involvement: 'none' },
  { firstName: 'Demo', lastName: 'Stiefvader', familyRole: 'step_parent', involvement: 'alleged_perpetrator' },
];

/** Makes one demo case in its state, step by step through the services, as its users would. */
class DemoCases {
  private readonly now = Date.now();
  constructor(
    private readonly app: INestApplicationContext,
    private readonly users: Record<DemoUserKey, Actor>,
  ) {}

  private at(offsetMs: number): Date {
    return new Date(this.now + offsetMs);
  }

  private async open(key: DemoCaseKey, lead: Actor, members: Actor[], urgency: 'acute' | 'urgent' | 'regular' = 'urgent') {
    const file = await this.app.get(CasesService).open(lead, { urgency, source: 'school', summary: DEMO_CASES[key], persons: FAMILY });
    for (const member of members) await this.app.get(TeamService).add(lead, file.id, member.id);
    return { id: file.id, reference: file.reference, child: file.persons[0].id, sibling: file.persons[1].id };
  }

  private async interview(caseId: string, personId: string) {
    return this.app.get(InterviewsService).add(this.users.police, caseId, {
      personId,
      kind: 'studio',
      conductedAt: this.at(-2 * DAY),
      durationMinutes: 50,
      location: 'Kindstudio MDCK, Haarlem',
      interviewerIds: [this.users.police.id],
      recordingReference: 'DEMO-REC-0001',
      summary: 'Demo interview summary. Not real data.',
    });
  }

  private async examination(caseId: string, personId: string) {
    return this.app.get(ExaminationsService).add(this.users.doctor, caseId, {
      personId,
      examinedAt: this.at(-2 * DAY + 3 * HOUR),
      context: 'forensic',
      consent: { givenBy: 'mother', basis: 'informed consent of the custodial parent' },
      findings: [{ bodyRegion: 'left upper arm', kind: 'bruise', sizeMm: 25, description: 'Demo finding. Not real data.' }],
      conclusion: 'consistent_with_inflicted',
      evidence: [{ reference: 'DEMO-EV-0001', sha256: 'a'.repeat(64) }],
    });
  }

  private async assessment(caseId: string, personIds: string[]) {
    return this.app.get(AssessmentsService).add(this.users.social, caseId, {
      instrument: 'LIRIK',
      answers: { demo: true },
      judgement: 'Demo judgement: unsafe without a safety plan. Not real data.',
      safety: 'conditionally_safe',
      personIds,
    });
  }

  async make(key: DemoCaseKey): Promise<string> {
    const { social, police, doctor, casemanager, localteam, youth } = this.users;
    const intake = this.app.get(IntakeService);
    const followUps = this.app.get(FollowUpsService);
    const handovers = this.app.get(HandoversService);
    switch (key) {
      case 'intake': {
        // In intake, the joint intake planned, the police interview in; examination and assessment missing.
        const c = await this.open(key, social, [police, doctor], 'acute');
        await intake.schedule(social, c.id, { scheduledAt: this.at(DAY), participantIds: [police.id, doctor.id] });
        await this.interview(c.id, c.child);
        return c.reference;
      }
      case 'active': {
        // Intake concluded (every discipline contributed, the examination shared), follow-ups planned, done and missed.
        const c = await this.open(key, social, [police, doctor]);
        await intake.schedule(social, c.id, { scheduledAt: this.at(-3 * DAY), participantIds: [police.id, doctor.id] });
        await this.interview(c.id, c.child);
        const examination = await this.examination(c.id, c.child);
        await this.app.get(ExaminationsService).disclose(doctor, c.id, examination.id, {
          summary: 'Demo: injuries consistent with the account of the child. Not real data.',
          legalBasis: 'conflict_of_duties',
        });
        await this.assessment(c.id, [c.child, c.sibling]);
        await intake.conclude(social, c.id, {
          decision: 'Demo: voluntary help with a safety plan; the stepfather stays elsewhere. Not real data.',
          safety: 'conditionally_safe',
          leadUserId: social.id,
          actions: [
            {
              title: 'Home visit with the family',
              assigneeId: social.id,
              dueAt: this.at(3 * DAY),
              kind: 'home_visit',
              remindBeforeMinutes: [60],
            },
          ],
        });
        await followUps.create(social, c.id, {
          kind: 'phone_call',
          scheduledAt: this.at(7 * DAY),
          assigneeId: police.id,
          remindBeforeMinutes: [30],
        });
        const done = await followUps.create(social, c.id, { kind: 'phone_call', scheduledAt: this.at(-DAY), assigneeId: social.id });
        await followUps.update(social, done.id, {
          version: done.version,
          status: 'done',
          outcome: 'Demo: school mentor called. Not real data.',
        });
        const missed = await followUps.create(social, c.id, { kind: 'home_visit', scheduledAt: this.at(-2 * DAY), assigneeId: social.id });
        await followUps.update(social, missed.id, {
          version: missed.version,
          status: 'missed',
          outcome: 'Demo: nobody home. Not real data.',
        });
        return c.reference;
      }
      case 'proposed': {
        const c = await this.open(key, social, [police], 'regular');
        await handovers.propose(social, c.id, {
          toUserId: localteam.id,
          reason: 'Demo: the local team continues the help',
          checklist: CHECKLIST,
        });
        return c.reference;
      }
      case 'briefed': {
        const c = await this.open(key, casemanager, [doctor], 'regular');
        const h = await handovers.propose(casemanager, c.id, {
          toUserId: localteam.id,
          reason: 'Demo: warm transfer to the local team',
          checklist: CHECKLIST,
        });
        await handovers.recordMeeting(casemanager, h.id, {
          heldAt: new Date(h.proposedAt), // a meeting can be neither before its proposal nor in the future
          participantIds: [casemanager.id, localteam.id],
          familyPresent: true,
          notes: 'Demo: went through the safety plan with the mother. Not real data.',
        });
        return c.reference;
      }
      case 'accepted': {
        const c = await this.open(key, social, [], 'regular');
        const h = await handovers.propose(social, c.id, {
          toUserId: localteam.id,
          reason: 'Demo: the local team takes over',
          checklist: CHECKLIST,
        });
        await handovers.recordMeeting(social, h.id, {
          heldAt: new Date(h.proposedAt),
          participantIds: [social.id, localteam.id],
          familyPresent: false,
          notes: 'Demo: the family was informed by phone beforehand. Not real data.',
        });
        await handovers.accept(localteam, h.id, { confirmInformed: true, note: 'Demo: fully informed. Not real data.' });
        return c.reference;
      }
      case 'emergency': {
        const c = await this.open(key, social, [police], 'acute');
        await this.app
          .get(EmergencyAccessService)
          .grant(youth, c.id, 'Demo: called out of hours by the police about a child in this family; the lead could not be reached.');
        return c.reference;
      }
      case 'closed': {
        const c = await this.open(key, social, [], 'regular');
        await this.app.get(CasesService).close(social, c.id, 'Demo: the report proved unfounded after the joint intake. Not real data.');
        return c.reference;
      }
    }
  }
}
