import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AccessModule } from '@oneroof/access';
import { AuditModule } from '@oneroof/audit';
import { CaseLinksService, CasesModule, CasesService, TeamService, type PersonInput } from '@oneroof/cases';
import { ConferencesModule, ConferencesService } from '@oneroof/conferences';
import { FollowUpsModule, FollowUpsService } from '@oneroof/follow-ups';
import { HandoversModule, HandoversService } from '@oneroof/handovers';
import type { Actor, Discipline, Role } from '@oneroof/identity';
import { AssessmentsService, ExaminationsService, IntakeModule, IntakeService, InterviewsService } from '@oneroof/intake';
import { addWorkingDays, Clock, createDataSource, Db, PlatformModule, type AppConfig } from '@oneroof/platform';
import { DEMO_USERS } from './seed-demo';

/**
 * `npm run seed:demo -- --year [--cases N]` (issue 13, "a generated year of cases"): N cases (480 by
 * default, about 40 a month) reported over the 12 months before now, so that the monitoring page shows
 * real figures. Every step goes through the same services as the API, on a clock set to the moment
 * the step happens, so that every audit event, outbox event, timer and clock is what a real case
 * would have left (the audit chain among them). Steps that would lie after now are left out: the
 * latest cases are still running. Spread over months, municipalities, urgencies and violence types;
 * interviews (a few supplementary), examinations or a waiver, joint intakes concluded in and out of
 * time, conferences, follow-ups done and missed, handovers accepted in and out of time, closings with
 * aftercare and its checks, and re-reports that a coordinator links.
 *
 * Idempotent: each case carries its number in its summary ("Demo (year #0042)"); a second run makes
 * only the numbers not there yet. Random but reproducible: case n draws from a generator seeded by n.
 */
export const YEAR_CASES = 480;
export const YEAR_MARKER = 'Demo (year #';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A clock that the generator sets to the moment of each step. */
class SteppedClock extends Clock {
  private at = Date.now();
  set(at: Date): void {
    this.at = at.getTime();
  }
  now(): Date {
    return new Date(this.at);
  }
}

@Module({})
class YearModule {
  static forRoot(config: AppConfig, clock: Clock): DynamicModule {
    return {
      module: YearModule,
      imports: [
        PlatformModule.forRoot({ config, applicationName: 'oneroof-seed-year', poolSize: 2, clock }),
        AuditModule,
        AccessModule,
        CasesModule,
        HandoversModule,
        FollowUpsModule,
        IntakeModule.register({ imports: [FollowUpsModule], planner: FollowUpsService }),
        ConferencesModule.register({ imports: [FollowUpsModule], planner: FollowUpsService }),
      ],
    };
  }
}

/** mulberry32: small, fast and good enough to spread demo data reproducibly. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The municipalities of the Kennemerland region (CBS codes), weighted roughly by population; null: not recorded. */
const MUNICIPALITIES: [string | null, number][] = [
  ['GM0392', 30], // Haarlem
  ['GM0394', 25], // Haarlemmermeer
  ['GM0453', 12], // Velsen
  ['GM0375', 8], // Beverwijk
  ['GM0396', 7], // Heemskerk
  ['GM0397', 5], // Heemstede
  ['GM0377', 5], // Bloemendaal
  ['GM0473', 3], // Zandvoort
  [null, 5],
];
const VIOLENCE = [
  'physical_abuse',
  'sexual_abuse',
  'emotional_abuse',
  'neglect',
  'witnessing_domestic_violence',
  'partner_violence',
] as const;
const FIRST_NAMES = [
  'Noah',
  'Emma',
  'Liam',
  'Julia',
  'Luca',
  'Mila',
  'Sem',
  'Tess',
  'Daan',
  'Sophie',
  'Finn',
  'Zoë',
  'Levi',
  'Nora',
  'Milan',
];
const LAST_NAMES = ['de Vries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'Bos', 'Vos', 'Peters', 'Hendriks'];
const SOURCES = ['school', 'police', 'medical', 'veilig_thuis', 'family', 'other'] as const;
const CHECKLIST = {
  safetySituation: 'The family lives together again; the agreements hold',
  risks: 'Stress around money and the father working nights',
  safetyAgreements: 'No physical punishment; the mother calls the local team when it escalates',
  openActions: 'Parenting support to start next month',
  involvedProfessionals: 'GP, school mentor, the forensic doctor',
  expectations: 'Home visit every two weeks for three months',
  familyInformed: true,
};

type Urgency = 'acute' | 'urgent' | 'regular';

export interface SeedYearResult {
  made: number;
  already: number;
}

/** Makes the year's cases not there yet (the demo centre's users must exist: seedDemo runs first). */
export async function seedDemoYear(
  config: AppConfig,
  options: { cases?: number; now?: Date } = {},
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<SeedYearResult> {
  const total = options.cases ?? YEAR_CASES;
  const now = options.now ?? new Date();
  const dataSource = await createDataSource(config.databaseUrl, { poolSize: 2, applicationName: 'oneroof-seed-year' }).initialize();
  let users: Record<string, Actor>;
  let there: Set<number>;
  try {
    const db = new Db(dataSource);
    const rows = await db.query<{ id: string; email: string; discipline: Discipline; roles: Role[]; organisation_id: string }>(
      `SELECT id, email, discipline, roles, organisation_id FROM users WHERE lower(email) = ANY($1::text[])`,
      [DEMO_USERS.map((u) => u.email.toLowerCase())],
    );
    users = Object.fromEntries(
      DEMO_USERS.map((u) => {
        const row = rows.find((r) => r.email.toLowerCase() === u.email.toLowerCase());
        if (!row) throw new Error(`the demo user ${u.email} is missing: run seed-demo first`);
        return [u.key, { id: row.id, discipline: row.discipline, roles: row.roles, organisationId: row.organisation_id } satisfies Actor];
      }),
    );
    // Only the marker is read, to know which numbers are there already.
    const existing = await db.query<{ n: number }>(
      `SELECT substring(summary FROM '^Demo \\(year #([0-9]+)\\)')::int AS n FROM cases WHERE summary LIKE 'Demo (year #%'`,
    );
    there = new Set(existing.map((e) => e.n));
  } finally {
    await dataSource.destroy();
  }

  const clock = new SteppedClock();
  const app = await NestFactory.createApplicationContext(YearModule.forRoot(config, clock), { logger: false });
  let made = 0;
  try {
    const year = new YearCases(app, clock, users, now, total);
    for (let n = 1; n <= total; n++) {
      // A case of an earlier run is skipped (and not re-reported: its family is not known here).
      if (there.has(n)) continue;
      await year.make(n);
      made++;
      if (made % 50 === 0) write(`  ${made} cases of the year made`);
    }
  } finally {
    await app.close();
  }
  write(`A year of demo cases: ${made} made now, ${there.size} there already (${total} in all).`);
  return { made, already: there.size };
}

interface Made {
  id: string;
  family: PersonInput[];
  closedAt: Date | null;
  reReported: boolean;
}

class YearCases {
  /** Cases made in this run, by number, for the re-reports of later ones. */
  private readonly made = new Map<number, Made>();
  private readonly start: number;

  constructor(
    private readonly app: INestApplicationContext,
    private readonly clock: SteppedClock,
    private readonly users: Record<string, Actor>,
    private readonly now: Date,
    private readonly total: number,
  ) {
    this.start = now.getTime() - 365 * DAY;
  }

  private reportedAt(n: number, r: () => number): Date {
    // Spread evenly over the first 350 days of the year, in office hours (07:00–16:00 UTC), on a weekday.
    const day = new Date(this.start + Math.floor(((n - 0.5) / this.total) * 350) * DAY);
    day.setUTCHours(7 + Math.floor(r() * 9), Math.floor(r() * 60), 0, 0);
    while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setTime(day.getTime() + DAY);
    return day;
  }

  /** Runs a step at `at` when that is not after now; false when the step (and so the rest) is left out. */
  private at(at: Date): boolean {
    if (at.getTime() > this.now.getTime()) return false;
    this.clock.set(at);
    return true;
  }

  async make(n: number): Promise<void> {
    const r = generator(n * 7919);
    const pick = <T>(items: readonly T[]) => items[Math.floor(r() * items.length)];
    const chance = (p: number) => r() < p;
    const between = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
    const { social, casemanager, police, doctor, localteam, coordinator } = this.users;
    const lead = n % 3 === 0 ? casemanager : social;

    const u = r();
    const urgency: Urgency = u < 0.2 ? 'acute' : u < 0.55 ? 'urgent' : 'regular';
    let w = r() * MUNICIPALITIES.reduce((s, [, weight]) => s + weight, 0);
    const municipalityCode = MUNICIPALITIES.find(([, weight]) => (w -= weight) < 0)?.[0] ?? null;
    const violenceTypes = [...new Set([pick(VIOLENCE), ...(chance(0.3) ? [pick(VIOLENCE)] : [])])];
    const reportedAt = this.reportedAt(n, r);

    // One case in twelve (after the first quarter) is the family of an earlier case closed in the 12 months before.
    const earlier = n > this.total / 4 && chance(1 / 12) ? this.closedBefore(reportedAt) : undefined;
    const last = pick(LAST_NAMES);
    const birth = (ageLo: number, ageHi: number) =>
      new Date(reportedAt.getTime() - between(ageLo * 365, ageHi * 365) * DAY).toISOString().slice(0, 10);
    const family: PersonInput[] = earlier?.family ?? [
      { firstName: pick(FIRST_NAMES), lastName: last, dateOfBirth: birth(2, 16), familyRole: 'child', involvement: 'victim' },
      ...(chance(0.5)
        ? [
            {
              firstName: pick(FIRST_NAMES),
              lastName: last,
              dateOfBirth: birth(1, 17),
              familyRole: 'child' as const,
              involvement: 'witness' as const,
            },
          ]
        : []),
      { firstName: 'Ouder', lastName: last, familyRole: 'parent', involvement: 'none' },
      { firstName: 'Partner', lastName: last, familyRole: 'step_parent', involvement: 'alleged_perpetrator' },
    ];

    const summary = `${YEAR_MARKER}${String(n).padStart(4, '0')}): ${violenceTypes.join(', ')} reported by ${pick(SOURCES)}. Not real data.`;
    this.at(new Date(reportedAt.getTime() + between(0, 3) * HOUR));
    const file = await this.app.get(CasesService).open(lead, {
      urgency,
      source: pick(SOURCES),
      summary,
      reportedAt,
      municipalityCode,
      violenceTypes: [...violenceTypes],
      persons: family,
    });
    const made: Made = { id: file.id, family, closedAt: null, reReported: false };
    if (earlier) earlier.reReported = true;
    this.made.set(n, made);
    const team = this.app.get(TeamService);
    await team.add(lead, file.id, police.id);
    await team.add(lead, file.id, doctor.id);
    // The case file lists its persons in its own order: found by their part in the family.
    const victim = file.persons.find((p) => p.familyRole === 'child' && p.involvement === 'victim')!.id;
    const witness = file.persons.find((p) => p.familyRole === 'child' && p.involvement === 'witness')?.id;

    if (earlier) {
      if (!this.at(new Date(this.clock.now().getTime() + 2 * HOUR))) return;
      await this.app
        .get(CaseLinksService)
        .link(coordinator, file.id, { caseId: earlier.id, kind: 'rereport', note: 'Demo: the same family, reported again.' });
    }

    // Working days after the report, drawn around the targets of design.md §8 (some late).
    const days = (acute: [number, number], urgent: [number, number], regular: [number, number]) => {
      const [lo, hi] = urgency === 'acute' ? acute : urgency === 'urgent' ? urgent : regular;
      return addWorkingDays(reportedAt, between(lo, hi));
    };
    const intakeAt = new Date(days([0, 2], [1, 5], [2, 8]).getTime() + between(0, 5) * HOUR);
    if (!this.at(intakeAt)) return;
    const intake = this.app.get(IntakeService);
    await intake.schedule(lead, file.id, { scheduledAt: new Date(intakeAt.getTime() + DAY), participantIds: [police.id, doctor.id] });

    const interviews = this.app.get(InterviewsService);
    const interview = async (personId: string, at: Date, supplementary = false) => {
      if (!this.at(at)) return false;
      await interviews.add(police, file.id, {
        personId,
        kind: 'studio',
        conductedAt: new Date(at.getTime() - 2 * HOUR),
        durationMinutes: between(30, 70),
        location: 'Kindstudio MDCK, Haarlem',
        interviewerIds: [police.id],
        summary: 'Demo interview. Not real data.',
        ...(supplementary ? { supplementary: { reason: 'New facts after the first interview', approvedBy: 'OvJ Haarlem (demo)' } } : {}),
      });
      return true;
    };
    const interviewAt = days([1, 6], [3, 11], [4, 13]);
    if (!(await interview(victim, interviewAt))) return;
    if (witness && chance(0.7) && !(await interview(witness, new Date(interviewAt.getTime() + 3 * HOUR)))) return;
    if (chance(0.06) && !(await interview(victim, addWorkingDays(interviewAt, between(5, 15)), true))) return;

    const examined = chance(0.65);
    if (examined) {
      const at = days([0, 2], [1, 6], [2, 12]);
      if (!this.at(at)) return;
      await this.app.get(ExaminationsService).add(doctor, file.id, {
        personId: victim,
        examinedAt: new Date(at.getTime() - HOUR),
        context: 'forensic',
        consent: { givenBy: 'parent', basis: 'informed consent of the custodial parent' },
        findings: [],
        conclusion: pick(['consistent_with_inflicted', 'inconclusive', 'no_findings'] as const),
        evidence: [],
      });
    }

    const concludeAt = new Date(
      Math.max(days([3, 7], [6, 12], [9, 18]).getTime(), this.clock.now().getTime() + HOUR, intakeAt.getTime() + DAY + HOUR),
    );
    if (!this.at(new Date(concludeAt.getTime() - HOUR))) return;
    await this.app.get(AssessmentsService).add(lead, file.id, {
      instrument: 'LIRIK',
      answers: { demo: true },
      judgement: 'Demo judgement. Not real data.',
      safety: pick(['safe', 'conditionally_safe', 'unsafe'] as const),
      personIds: [victim],
    });
    if (!this.at(concludeAt)) return;
    await intake.conclude(lead, file.id, {
      decision: 'Demo: voluntary help with a safety plan. Not real data.',
      safety: 'conditionally_safe',
      leadUserId: lead.id,
      waivedDisciplines: examined ? [] : [{ discipline: 'forensic_medicine', reason: 'No injuries reported; examination not indicated' }],
    });

    if (chance(0.75)) {
      const conferences = this.app.get(ConferencesService);
      const scheduledAt = addWorkingDays(concludeAt, between(2, 12));
      const conference = await conferences.schedule(lead, file.id, { kind: 'planning', scheduledAt, chairId: lead.id });
      if (this.at(new Date(scheduledAt.getTime() + HOUR))) {
        await conferences.record(lead, conference.id, {
          heldAt: scheduledAt,
          familyParticipation: { mode: chance(0.7) ? 'present' : 'heard_before' },
          childView: { mode: 'heard', summary: 'Demo: the child wants to stay at home. Not real data.' },
        });
      }
    }

    const followUps = this.app.get(FollowUpsService);
    this.clock.set(concludeAt);
    for (const weeks of [1, 3, 6]) {
      const scheduledAt = new Date(concludeAt.getTime() + weeks * 7 * DAY);
      const f = await followUps.create(lead, file.id, {
        kind: pick(['home_visit', 'phone_call'] as const),
        scheduledAt,
        assigneeId: lead.id,
      });
      if (this.at(new Date(scheduledAt.getTime() + 2 * HOUR))) {
        const missed = chance(0.12);
        await followUps.update(lead, f.id, {
          version: f.version,
          status: missed ? 'missed' : 'done',
          outcome: missed ? 'Demo: nobody home. Not real data.' : 'Demo: went as agreed. Not real data.',
        });
      }
      this.clock.set(concludeAt);
    }

    let closer = lead;
    if (chance(0.55)) {
      const proposedAt = new Date(concludeAt.getTime() + between(20, 40) * DAY);
      if (!this.at(proposedAt)) return;
      const handovers = this.app.get(HandoversService);
      const h = await handovers.propose(lead, file.id, {
        toUserId: localteam.id,
        reason: 'Demo: the local team continues',
        checklist: CHECKLIST,
      });
      const meetingAt = new Date(proposedAt.getTime() + between(1, 3) * DAY);
      if (!this.at(meetingAt)) return;
      const met = await handovers.recordMeeting(lead, h.id, {
        heldAt: meetingAt,
        participantIds: [lead.id, localteam.id],
        familyPresent: chance(0.7),
        notes: 'Demo handover meeting. Not real data.',
      });
      // Most accepted within the five working days, some later.
      const acceptAt = new Date(
        Math.max(addWorkingDays(proposedAt, chance(0.8) ? between(1, 5) : between(6, 10)).getTime(), meetingAt.getTime() + HOUR),
      );
      if (!this.at(acceptAt)) return;
      await handovers.accept(localteam, h.id, {
        confirmInformed: true,
        note: 'Demo: fully informed. Not real data.',
        version: met.version,
      });
      closer = localteam;
    }

    if (!chance(0.6)) return;
    const closedAt = new Date(concludeAt.getTime() + between(60, 120) * DAY);
    if (!this.at(closedAt)) return;
    const aftercare = chance(0.85);
    await this.app
      .get(CasesService)
      .close(closer, file.id, 'Demo: the help is done. Not real data.', (tx, at) =>
        aftercare
          ? followUps.planAftercare(tx, { caseId: file.id, createdBy: closer.id, assigneeId: closer.id, closedAt: at })
          : Promise.resolve([]),
      );
    made.closedAt = closedAt;
    if (!aftercare) return;
    const checks = (await followUps.list(closer, file.id, { status: 'planned' }, 10)).items.filter((f) => f.kind === 'aftercare');
    for (const check of checks.sort((a, b) => new Date(a.scheduledAt).getTime() - new Date(b.scheduledAt).getTime())) {
      if (!this.at(new Date(new Date(check.scheduledAt).getTime() + DAY))) return;
      const v = r();
      await followUps.update(closer, check.id, {
        version: check.version,
        status: 'done',
        outcome: 'Demo aftercare check. Not real data.',
        aftercareOutcome: { violenceStopped: v < 0.65 ? 'yes' : v < 0.85 ? 'no' : 'unknown', safetyExperienced: between(4, 10) },
      });
    }
  }

  /** A case of this run closed in the 12 months before `at` (and at least a day before it). */
  private closedBefore(at: Date): Made | undefined {
    return [...this.made.values()].find(
      (m) => !m.reReported && m.closedAt && m.closedAt.getTime() < at.getTime() - DAY && m.closedAt.getTime() > at.getTime() - 360 * DAY,
    );
  }
}
