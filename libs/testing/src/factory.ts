import { randomUUID } from 'node:crypto';
import { hashPassword, type Discipline, type OrganisationKind, type Role, type TokenService } from '@oneroof/identity';
import type { Db } from '@oneroof/platform';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;
const testPasswordHash = () => (passwordHash ??= hashPassword(TEST_PASSWORD));

export interface TestUser {
  id: string;
  email: string;
  name: string;
  discipline: Discipline;
  roles: Role[];
  organisationId: string;
  token: string;
  /** The session (design.md §9) the token belongs to, opened for the test as a login would. */
  sessionId: string;
  /** `Bearer <token>`, for supertest's set('Authorization', …). */
  auth: string;
}

/**
 * Makes organisations and users of any discipline and role in one call, each with a ready token,
 * so that access matrices are tables rather than pages of setup.
 */
export class Factory {
  private counter = 0;
  constructor(
    private readonly db: Db,
    private readonly tokens: TokenService,
  ) {}

  async organisation(kind: OrganisationKind = 'centre', name?: string): Promise<{ id: string; name: string; kind: OrganisationKind }> {
    const orgName = name ?? `Organisation ${++this.counter} ${randomUUID().slice(0, 8)}`;
    const [row] = await this.db.query<{ id: string }>(`INSERT INTO organisations (name, kind) VALUES ($1, $2) RETURNING id`, [
      orgName,
      kind,
    ]);
    return { id: row.id, name: orgName, kind };
  }

  async user(
    options: { discipline?: Discipline; roles?: Role[]; organisationId?: string; email?: string; name?: string; active?: boolean } = {},
  ): Promise<TestUser> {
    const discipline = options.discipline ?? 'social_work';
    const roles = options.roles ?? ['professional'];
    const organisationId = options.organisationId ?? (await this.organisation()).id;
    const n = ++this.counter;
    const email = options.email ?? `${discipline}.${n}.${randomUUID().slice(0, 8)}@test.oneroof`;
    const name = options.name ?? `${discipline} user ${n}`;
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO users (email, name, discipline, roles, organisation_id, password_hash, active) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [email, name, discipline, roles, organisationId, await testPasswordHash(), options.active ?? true],
    );
    const [session] = await this.db.query<{ id: string }>(
      `INSERT INTO sessions (user_id, expires_at, user_agent, ip) VALUES ($1, now() + interval '12 hours', 'test factory', '127.0.0.1') RETURNING id`,
      [row.id],
    );
    const { accessToken } = this.tokens.issue(row.id, session.id);
    return {
      id: row.id,
      email,
      name,
      discipline,
      roles,
      organisationId,
      token: accessToken,
      sessionId: session.id,
      auth: `Bearer ${accessToken}`,
    };
  }

  admin(options: { organisationId?: string } = {}): Promise<TestUser> {
    return this.user({ ...options, roles: ['admin'] });
  }

  coordinator(options: { organisationId?: string; discipline?: Discipline } = {}): Promise<TestUser> {
    return this.user({ ...options, roles: ['professional', 'coordinator'] });
  }
}
