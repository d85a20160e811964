import { Inject, Injectable } from '@nestjs/common';
import { Clock, Db, decodeCursor, toPage, type Page, type Tx } from '@oneroof/platform';
import type { Actor, Discipline, Role, User } from './domain';
import { assertAcceptablePassword } from './password-policy';
import { rolesProblem } from './auth/analyst-policy';
import { hashPassword } from './passwords';
import * as identity from './identity-repository';
import { toUser } from './user-rows';
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
      if (!(await identity.organisationExists(tx, input.organisationId))) throw unknownOrganisation();
      const row = await identity.insertUser(tx, {
        email: input.email.trim(),
        name: input.name,
        discipline: input.discipline,
        roles,
        organisationId: input.organisationId,
        passwordHash,
      });
      if (!row) {
        throw new IdentityError('conflict', 'EMAIL_TAKEN', 'A user with this email exists already.', {
          errors: [{ field: 'email', message: 'email is taken' }],
        });
      }
      return toUser(row);
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
        // Serialised (in the repository) so two admins cannot demote each other at once and leave none.
        if ((await identity.otherActiveAdmins(tx, id)) === 0) {
          throw new IdentityError('conflict', 'LAST_ADMIN', 'The last active admin cannot be deactivated or lose the admin role.');
        }
      }
      const updated = await identity.updateUser(tx, id, { name: changes.name ?? current.name, roles, active });
      // design.md §9: deactivation ends every session, so that reactivating revives none of them.
      // Issue 14: and withdraws their open handovers, both ways (libs/handovers handles the event).
      if (current.active && !active) {
        await this.sessions.endAllInTx(tx, id, 'deactivated');
        await this.deactivation.deactivated(tx, { userId: id, by, at: this.clock.now() });
      }
      return toUser(updated);
    });
  }

  private async lockUser(tx: Tx, id: string): Promise<User | undefined> {
    const row = await identity.lockUser(tx, id);
    return row ? toUser(row) : undefined;
  }

  async findById(id: string): Promise<User | undefined> {
    const row = await identity.findUser(this.db, id);
    return row ? toUser(row) : undefined;
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
    const rows = await identity.listUsers(
      this.db,
      { discipline: filter.discipline ?? null, organisationId: filter.organisationId ?? null, active },
      after,
      limit + 1,
    );
    return toPage(rows, limit, toUser, (r) => ({ name: r.name, id: r.id }), 'users');
  }

  /** Creates the bootstrap admin when no active admin exists yet (design.md §6), and says what it found. */
  async ensureBootstrapAdmin(email: string, password: string): Promise<'created' | 'admin_exists' | 'email_taken'> {
    const passwordHash = await hashPassword(password);
    // An admin administers; it holds no professional role, so it cannot open or read cases. An
    // existing account with this email is left as it is: a restart must never reactivate or promote anyone.
    return this.db.transaction((tx) => identity.insertBootstrapAdmin(tx, email, passwordHash));
  }
}
