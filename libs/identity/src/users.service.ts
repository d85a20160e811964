import { Inject, Injectable } from '@nestjs/common';
import { Clock, Db, decodeCursor, toPage, type Page, type Tx } from '@oneroof/platform';
import type { Actor, Discipline, Role, User } from './domain';
import { assertAcceptablePassword } from './password-policy';
import { rolesProblem } from './auth/analyst-policy';
import { hashPassword } from './passwords';
import { toUser, USER_COLUMNS, type UserRow } from './user-rows';
import { IdentityError } from './identity-errors';
import { SessionsService } from './sessions.service';
import { DeactivationHooks } from './deactivation-hooks';

export interface NewUser {
  email: string;
  name: string;
  password: string;
  discipline: Discipline;
  roles?: Role[];
  organisationId: string;
}

export interface UserChanges {
  name?: string;
  roles?: Role[];
  active?: boolean;
}

const unknownOrganisation = () =>
  new IdentityError('rule', 'UNKNOWN_ORGANISATION', 'The organisation does not exist.', {
    errors: [{ field: 'organisationId', message: 'organisationId names no organisation' }],
  });

/** design.md §8: the analyst role stands alone (auth/analyst-policy.ts); 422 naming `roles` otherwise. */
function requireRolesStandAlone(roles: Role[]): void {
  const problem = rolesProblem(roles);
  if (problem)
    throw new IdentityError('rule', 'ANALYST_STANDS_ALONE', 'An analyst holds no other role.', {
      errors: [{ field: 'roles', message: problem }],
    });
}

@Injectable()
export class UsersService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(DeactivationHooks) private readonly deactivation: DeactivationHooks,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async create(input: NewUser): Promise<User> {
    assertAcceptablePassword(input.password, { email: input.email, name: input.name });
    const passwordHash = await hashPassword(input.password);
    const roles: Role[] = input.roles && input.roles.length > 0 ? [...new Set(input.roles)] : ['professional'];
    requireRolesStandAlone(roles);
    return this.db.transaction(async (tx) => {
      const organisation = await tx.one(`SELECT 1 FROM organisations WHERE id = $1`, [input.organisationId]);
      if (!organisation) throw unknownOrganisation();
      const rows = await tx.query<UserRow>(
        `INSERT INTO users AS u (email, name, discipline, roles, organisation_id, password_hash)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (lower(email)) DO NOTHING
         RETURNING ${USER_COLUMNS}`,
        [input.email.trim(), input.name, input.discipline, roles, input.organisationId, passwordHash],
      );
      if (rows.length === 0) {
        throw new IdentityError('conflict', 'EMAIL_TAKEN', 'A user with this email exists already.', {
          errors: [{ field: 'email', message: 'email is taken' }],
        });
      }
      return toUser(rows[0]);
    });
  }

  /** `by`: the admin making the change, for the audit events of what a deactivation ends in other contexts. */
  async update(id: string, changes: UserChanges, by: Actor | null = null): Promise<User> {
    return this.db.transaction(async (tx) => {
      const current = await this.lockUser(tx, id);
      if (!current) throw new IdentityError('not_found', 'USER_NOT_FOUND', 'The user does not exist.');
      const roles = changes.roles && changes.roles.length > 0 ? [...new Set(changes.roles)] : current.roles;
      requireRolesStandAlone(roles);
      const active = changes.active ?? current.active;
      const losesAdmin = current.active && current.roles.includes('admin') && (!active || !roles.includes('admin'));
      if (losesAdmin) {
        // Serialise admin changes so two admins cannot demote each other at once and leave none.
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext('oneroof.last_admin'))`);
        const others = await tx.one<{ n: number }>(
          `SELECT count(*)::int AS n FROM users WHERE active AND 'admin' = ANY(roles) AND id <> $1`,
          [id],
        );
        if (!others || others.n === 0) {
          throw new IdentityError('conflict', 'LAST_ADMIN', 'The last active admin cannot be deactivated or lose the admin role.');
        }
      }
      const rows = await tx.query<UserRow>(
        `UPDATE users AS u SET name = $2, roles = $3, active = $4, updated_at = now()
         WHERE id = $1 RETURNING ${USER_COLUMNS}`,
        [id, changes.name ?? current.name, roles, active],
      );
      // design.md §9: deactivation ends every session, so that reactivating revives none of them.
      // Issue 14: and withdraws their open handovers, both ways (libs/handovers handles the event).
      if (current.active && !active) {
        await this.sessions.endAllInTx(tx, id, 'deactivated');
        await this.deactivation.deactivated(tx, { userId: id, by, at: this.clock.now() });
      }
      return toUser(rows[0]);
    });
  }

  private async lockUser(tx: Tx, id: string): Promise<User | undefined> {
    const row = await tx.one<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1 FOR UPDATE`, [id]);
    return row ? toUser(row) : undefined;
  }

  async findById(id: string): Promise<User | undefined> {
    const rows = await this.db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [id]);
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  /**
   * The directory: active users, for choosing a team member or a receiver. Deactivated ones only
   * for an admin who asks (`active: false`); anyone else asking gets 403.
   */
  async list(
    viewer: Pick<Actor, 'roles'>,
    filter: { discipline?: Discipline; organisationId?: string; active?: boolean },
    limit: number,
    cursor?: string,
  ): Promise<Page<User>> {
    const active = filter.active ?? true;
    if (!active && !viewer.roles.includes('admin')) {
      throw new IdentityError('forbidden', 'ROLE_REQUIRED', 'Only an admin may list deactivated users.');
    }
    const after = decodeCursor(cursor, 'users', { name: 'text', id: 'uuid' });
    const rows = await this.db.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users u
       WHERE ($1::text IS NULL OR u.discipline = $1)
         AND ($2::uuid IS NULL OR u.organisation_id = $2)
         AND ($3::text IS NULL OR (lower(u.name), u.id) > (lower($3::text), $4::uuid))
         AND u.active = $6
       ORDER BY lower(u.name), u.id LIMIT $5`,
      [filter.discipline ?? null, filter.organisationId ?? null, after?.name ?? null, after?.id ?? null, limit + 1, active],
    );
    return toPage(rows, limit, toUser, (r) => ({ name: r.name, id: r.id }), 'users');
  }

  /** Creates the bootstrap admin when no active admin exists yet (design.md §6), and says what it found. */
  async ensureBootstrapAdmin(email: string, password: string): Promise<'created' | 'admin_exists' | 'email_taken'> {
    const passwordHash = await hashPassword(password);
    return this.db.transaction(async (tx) => {
      // Two API processes starting together must not both create one.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('oneroof.bootstrap_admin'))`);
      const admin = await tx.one(`SELECT 1 FROM users WHERE 'admin' = ANY(roles) AND active`);
      if (admin) return 'admin_exists';
      let organisation = await tx.one<{ id: string }>(`SELECT id FROM organisations WHERE kind = 'centre' ORDER BY created_at LIMIT 1`);
      organisation ??= await tx.one<{ id: string }>(
        `INSERT INTO organisations (name, kind) VALUES ('OneRoof centre', 'centre')
         ON CONFLICT (lower(name)) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      );
      // An admin administers; it holds no professional role, so it cannot open or read cases. An
      // existing account with this email is left as it is: a restart must never reactivate or promote anyone.
      const inserted = await tx.query(
        `INSERT INTO users (email, name, discipline, roles, organisation_id, password_hash)
         VALUES ($1, 'Administrator', 'social_work', '{admin}', $2, $3)
         ON CONFLICT (lower(email)) DO NOTHING
         RETURNING id`,
        [email, organisation!.id, passwordHash],
      );
      return inserted.length > 0 ? 'created' : 'email_taken';
    });
  }
}
