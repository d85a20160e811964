import { Inject, Injectable } from '@nestjs/common';
import { Db, decodeCursor, toPage, type Page } from '@oneroof/platform';
import type { Organisation, OrganisationKind } from './domain';
import * as identity from './identity-repository';
import { toOrganisation } from './user-rows';
import { IdentityError } from './identity-errors';

@Injectable()
export class OrganisationsService {
  constructor(@Inject(Db) private readonly db: Db) {}

  async create(input: { name: string; kind: OrganisationKind }): Promise<Organisation> {
    const row = await identity.insertOrganisation(this.db, input);
    if (!row) {
      throw new IdentityError('conflict', 'ORGANISATION_NAME_TAKEN', 'An organisation with this name exists already.', {
        errors: [{ field: 'name', message: 'name is taken' }],
      });
    }
    return toOrganisation(row);
  }

  async list(limit: number, cursor?: string): Promise<Page<Organisation>> {
    const after = decodeCursor(cursor, 'organisations', { name: 'text', id: 'uuid' });
    const rows = await identity.listOrganisations(this.db, after, limit + 1);
    return toPage(rows, limit, toOrganisation, (r) => ({ name: r.name, id: r.id }), 'organisations');
  }

  async exists(id: string): Promise<boolean> {
    return identity.organisationExists(this.db, id);
  }
}
