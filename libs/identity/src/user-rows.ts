import type { Discipline, Organisation, OrganisationKind, Role, User } from './domain';

/** Columns every user query selects; never the password hash, which only login reads. */
export const USER_COLUMNS = 'u.id, u.email, u.name, u.discipline, u.roles, u.organisation_id, u.active, u.created_at';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  discipline: Discipline;
  roles: Role[];
  organisation_id: string;
  active: boolean;
  created_at: Date;
}

export const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  discipline: row.discipline,
  roles: row.roles,
  organisationId: row.organisation_id,
  active: row.active,
  createdAt: row.created_at,
});

export interface OrganisationRow {
  id: string;
  name: string;
  kind: OrganisationKind;
  created_at: Date;
}

export const toOrganisation = (row: OrganisationRow): Organisation => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  createdAt: row.created_at,
});
