import { Inject, Injectable } from '@nestjs/common';
import { Db, decodeCursor, toPage, type Page } from '@oneroof/platform';
import type { Organisation, OrganisationKind } from './domain';
import { toOrganisation, type OrganisationRow } from './user-rows';
import { IdentityError } from './identity-errors';

@Injectable()
export class OrganisationsService {
  constructor(@Inject(Db) private readonly db: Db) {}

  async create(input: { name: string; kind: OrganisationKind }): Promise<Organisation> {
    const rows = await this.db.query<OrganisationRow>(
      `INSERT INTO organisations (name, kind) VALUES ($1, $2)
       ON CONFLICT (lower(name)) DO NOTHING
       RETURNING id, name, kind, created_at`,
      [input.name, input.kind],
    );
    if (rows.length === 0) {
      throw new IdentityError('conflict', 'ORGANISATION_NAME_TAKEN', 'An organisation with this name exists already.', {
        errors: [{ field: 'name', message: 'name is taken' }],
      });
    }
    return toOrganisation(rows[0]);
  }

  async list(limit: number, cursor?: string): Promise<Page<Organisation>> {
    const after = decodeCursor(cursor, 'organisations', { name: 'text', id: 'uuid' });
    const rows = await this.db.query<OrganisationRow>(
      `SELECT id, name, kind, created_at FROM organisations
       WHERE ($1::text IS NULL OR (lower(name), id) > (lower($1::text), $2::uuid))
       ORDER BY lower(name), id LIMIT $3`,
      [after?.name ?? null, after?.id ?? null, limit + 1],
    );
    return toPage(rows, limit, toOrganisation, (r) => ({ name: r.name, id: r.id }), 'organisations');
  }

  async exists(id: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM organisations WHERE id = $1`, [id]);
    return rows.length > 0;
  }
}
