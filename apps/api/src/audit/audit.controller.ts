import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  AuditOversight,
  AuditSearch,
  AuditVerifier,
  parseCheckpointToken,
  type AuditSearchFilter,
  type CheckpointView,
} from '@oneroof/audit';
import { CurrentActor, Roles, type Actor } from '@oneroof/identity';
import { AuditCheckpointResponse, AuditEventPage, AuditSearchQueryDto, AuditVerifyQueryDto, AuditVerifyResponse } from './audit.dto';

const checkpointOf = (view: CheckpointView | null): AuditCheckpointResponse | null =>
  view && { position: view.position, hash: view.hash, at: view.at?.toISOString() ?? null, source: view.source };

/** Coordinator oversight of the audit trail. Every query is itself one audit event, in its own transaction (design.md §3). */
@ApiTags('audit')
@Controller('audit')
@Roles('coordinator')
@ApiForbiddenResponse({ description: 'the caller is not a coordinator' })
export class AuditController {
  constructor(
    @Inject(AuditOversight) private readonly oversight: AuditOversight,
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
    const named = { caseId: query.caseId ?? null, personIds: query.personId ? [query.personId] : [] };
    return this.oversight.run(actor, { action: 'audit.search', ...named }, () => this.search.search(filter, query.limit, query.cursor));
  }

  @Get('verify')
  @ApiOkResponse({ type: AuditVerifyResponse })
  @ApiBadRequestResponse({ description: 'problem+json naming checkpoint when it is not <position>:<hash>:<signature>' })
  @ApiConflictResponse({ description: 'problem+json VERIFY_RUNNING: another verification is running; try again when it has finished' })
  async verify(@Query() query: AuditVerifyQueryDto, @CurrentActor() actor: Actor): Promise<AuditVerifyResponse> {
    const checkpoint = query.checkpoint === undefined ? undefined : (parseCheckpointToken(query.checkpoint) ?? undefined);
    return this.oversight.run(actor, { action: 'audit.verify' }, async () => {
      const verified = await this.verifier.verify({ checkpoint, full: query.full === 'true' });
      return {
        ...verified,
        lastCheckpoint: checkpointOf(verified.lastCheckpoint),
        brokenCheckpoint: checkpointOf(verified.brokenCheckpoint),
      };
    });
  }
}
