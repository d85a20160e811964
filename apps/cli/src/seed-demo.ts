import { hashPassword, type Discipline, type OrganisationKind, type Role } from '@oneroof/identity';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AccessModule } from '@oneroof/access';
import { AuditModule } from '@oneroof/audit';
import { CasesModule, CasesService, TeamService } from '@oneroof/cases';
import { createDataSource, Db, PlatformModule, type AppConfig } from '@oneroof/platform';

/** A demo centre that anyone can log in to: never run this against real data. */
export const DEMO_PASSWORD = 'oneroof-demo-2026';

const ORGANISATIONS: { key: string; name: string; kind: OrganisationKind }[] = [
  { key: 'centre', name: 'MDCK Kennemerland (demo)', kind: 'centre' },
  { key: 'police', name: 'Politie Noord-Holland, zedenrecherche (demo)', kind: 'police' },
  { key: 'forensic', name: 'Forensische Geneeskunde Kennemerland (demo)', kind: 'forensic_medical_service' },
  { key: 'vt', name: 'Veilig Thuis Kennemerland (demo)', kind: 'veilig_thuis' },
  { key: 'youth', name: 'Jeugdzorg Kennemerland (demo)', kind: 'youth_care' },
  { key: 'mental', name: 'GGZ Kennemerland (demo)', kind: 'mental_health' },
  { key: 'rvdk', name: 'Raad voor de Kinderbescherming (demo)', kind: 'child_protection' },
];

const USERS: { email: string; name: string; discipline: Discipline; roles: Role[]; organisation: string }[] = [
  { email: 'admin@demo.oneroof', name: 'Demo Admin', discipline: 'social_work', roles: ['admin'], organisation: 'centre' },
  {
    email: 'coordinator@demo.oneroof',
    name: 'Demo Coordinator',
    discipline: 'social_work',
    roles: ['professional', 'coordinator'],
    organisation: 'centre',
  },
  { email: 'police@demo.oneroof', name: 'Demo Rechercheur', discipline: 'police', roles: ['professional'], organisation: 'police' },
  {
    email: 'doctor@demo.oneroof',
    name: 'Demo Forensisch Arts',
    discipline: 'forensic_medicine',
    roles: ['professional'],
    organisation: 'forensic',
  },
  {
    email: 'social@demo.oneroof',
    name: 'Demo Maatschappelijk Werker',
    discipline: 'social_work',
    roles: ['professional'],
    organisation: 'vt',
  },
  { email: 'youth@demo.oneroof', name: 'Demo Jeugdzorgwerker', discipline: 'youth_care', roles: ['professional'], organisation: 'youth' },
  {
    email: 'mental@demo.oneroof',
    name: 'Demo GGZ-behandelaar',
    discipline: 'mental_health',
    roles: ['professional'],
    organisation: 'mental',
  },
  {
    email: 'rvdk@demo.oneroof',
    name: 'Demo Raadsonderzoeker',
    discipline: 'child_protection',
    roles: ['professional'],
    organisation: 'rvdk',
  },
];

export async function seedDemo(config: AppConfig): Promise<void> {
  const dataSource = await createDataSource(config.databaseUrl, { poolSize: 2, applicationName: 'oneroof-seed' }).initialize();
  try {
    const db = new Db(dataSource);
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await db.transaction(async (tx) => {
      const organisationIds = new Map<string, string>();
      for (const organisation of ORGANISATIONS) {
        const row = await tx.one<{ id: string }>(
          `INSERT INTO organisations (name, kind) VALUES ($1, $2)
           ON CONFLICT (lower(name)) DO UPDATE SET kind = EXCLUDED.kind RETURNING id`,
          [organisation.name, organisation.kind],
        );
        organisationIds.set(organisation.key, row!.id);
      }
      for (const user of USERS) {
        await tx.query(
          `INSERT INTO users (email, name, discipline, roles, organisation_id, password_hash) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (lower(email)) DO NOTHING`,
          [user.email, user.name, user.discipline, user.roles, organisationIds.get(user.organisation), passwordHash],
        );
      }
    });
    const reference = await seedDemoCase(config, db);
    process.stdout.write(`Demo case: ${reference} (lead: social@demo.oneroof; police@ and doctor@ on the team).\n`);
    process.stdout.write(
      'Demo centre ready. Log in at POST /api/auth/login with any of these (password for all: ' + DEMO_PASSWORD + '):\n',
    );
    for (const user of USERS) process.stdout.write(`  ${user.email.padEnd(28)} ${user.discipline.padEnd(18)} ${user.roles.join(',')}\n`);
  } finally {
    await dataSource.destroy();
  }
}

const DEMO_SUMMARY = 'Demo: school reported bruises on a 7-year-old; mother says he fell. Not real data.';

@Module({})
class DemoCaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DemoCaseModule,
      imports: [PlatformModule.forRoot({ config, applicationName: 'oneroof-seed', poolSize: 2 }), AuditModule, AccessModule, CasesModule],
    };
  }
}

/**
 * The demo case goes through the same services as the API, so that its audit trail and outbox events
 * are what a real one would have. Made once: a second run finds it.
 */
async function seedDemoCase(config: AppConfig, db: Db): Promise<string> {
  const [existing] = await db.query<{ reference: string }>(`SELECT reference FROM cases WHERE summary = $1`, [DEMO_SUMMARY]);
  if (existing) return existing.reference;
  const users = await db.query<{ id: string; email: string; discipline: Discipline; roles: Role[]; organisation_id: string }>(
    `SELECT id, email, discipline, roles, organisation_id FROM users
      WHERE email IN ('social@demo.oneroof', 'police@demo.oneroof', 'doctor@demo.oneroof')`,
  );
  const actor = (email: string) => {
    const u = users.find((x) => x.email === email)!;
    return { id: u.id, discipline: u.discipline, roles: u.roles, organisationId: u.organisation_id };
  };
  const app = await NestFactory.createApplicationContext(DemoCaseModule.forRoot(config), { logger: false });
  try {
    const lead = actor('social@demo.oneroof');
    const file = await app.get(CasesService).open(lead, {
      urgency: 'urgent',
      source: 'school',
      summary: DEMO_SUMMARY,
      persons: [
        { firstName: 'Demo', lastName: 'Kind', dateOfBirth: '2019-04-12', familyRole: 'child', involvement: 'victim' },
        { firstName: 'Demo', lastName: 'Moeder', familyRole: 'parent', involvement: 'none' },
        { firstName: 'Demo', lastName: 'Stiefvader', familyRole: 'step_parent', involvement: 'alleged_perpetrator' },
      ],
    });
    await app.get(TeamService).add(lead, file.id, actor('police@demo.oneroof').id);
    await app.get(TeamService).add(lead, file.id, actor('doctor@demo.oneroof').id);
    return file.reference;
  } finally {
    await app.close();
  }
}
