import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditSearch, AuditVerifier, AuditWriter, parseCheckpointToken, type AuditSearchFilter, type CheckpointView } from '@oneroof/audit';
import { CurrentActor, Roles, type Actor } from '@oneroof/identity';
import { Db } from '@oneroof/platform';
import { AuditCheckpointResponse, AuditEventPage, AuditSearchQueryDto, AuditVerifyQueryDto, AuditVerifyResponse } from './audit.dto';

const actorOf = (actor: Actor) => ({ id: actor.id, discipline: actor.discipline, organisationId: actor.organisationId });
const checkpointOf = (view: CheckpointView | null): AuditCheckpointResponse | null =>
  view && { position: view.position, hash: view.hash, at: view.at?.toISOString() ?? null, source: view.source };

/** Coordinator oversight of the audit trail. Every query is itself one audit event, in its own transaction (design.md §3). */
@ApiTags('audit')
@Controller('audit')
@Roles('coordinator')
@ApiForbiddenResponse({ description: 'the caller is not a coordinator' })
export class AuditController {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(AuditSearch) private readonly search: AuditSearch,
    @Inject(AuditVerifier) private readonly verifier: AuditVerifier,
  ) {}

  @Get('events')
  @ApiOkResponse({ type: AuditEventPage })
  @ApiBadRequestResponse({ description: 'problem+json naming the invalid fields' })
  async events(@Query() query: AuditSearchQueryDto, @CurrentActor() actor: Actor): Promise<AuditEventPage> {
    const filter: AuditSearchFilter = {
      caseId: query.caseId,
      actorId: query.actorId,
      personId: query.personId,
      action: query.action,
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
    };
    return this.db.transaction(async (tx) => {
      const page = await this.search.search(filter, query.limit, query.cursor);
      await this.audit.record(tx, {
        actor: actorOf(actor),
        action: 'audit.search',
        resourceType: 'audit_log',
        caseId: query.caseId ?? null,
        personIds: query.personId ? [query.personId] : [],
        outcome: 'success',
        purpose: 'coordinator_oversight',
      });
      return page;
    });
  }

  @Get('verify')
  @ApiOkResponse({ type: AuditVerifyResponse })
  @ApiBadRequestResponse({ description: 'problem+json naming checkpoint when it is not <position>:<hash>:<signature>' })
  async verify(@Query() query: AuditVerifyQueryDto, @CurrentActor() actor: Actor): Promise<AuditVerifyResponse> {
    const checkpoint = query.checkpoint === undefined ? undefined : (parseCheckpointToken(query.checkpoint) ?? undefined);
    return this.db.transaction(async (tx) => {
      const verified = await this.verifier.verify({ checkpoint });
      const result: AuditVerifyResponse = {
        ...verified,
        lastCheckpoint: checkpointOf(verified.lastCheckpoint),
        brokenCheckpoint: checkpointOf(verified.brokenCheckpoint),
      };
      await this.audit.record(tx, {
        actor: actorOf(actor),
        action: 'audit.verify',
        resourceType: 'audit_log',
        outcome: 'success',
        purpose: 'coordinator_oversight',
      });
      return result;
    });
  }
}
