import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AccessLogService } from '@oneroof/cases';
import { CurrentActor, RequiresStepUp, Roles, type Actor } from '@oneroof/identity';
import { AuditEventPage } from '../audit/audit.dto';
import { ListQueryDto } from '../common/list-query.dto';
import { CaseIdParam } from './cases.dto';

@ApiTags('audit')
@Controller()
@Roles('coordinator')
// design.md §9: the access logs need a recent second factor (for a user who has one).
@RequiresStepUp()
export class AccessLogController {
  constructor(@Inject(AccessLogService) private readonly accessLog: AccessLogService) {}

  @Get('cases/:id/access-log')
  @ApiOkResponse({ type: AuditEventPage })
  async ofCase(@CurrentActor() actor: Actor, @Param() params: CaseIdParam, @Query() query: ListQueryDto): Promise<AuditEventPage> {
    return this.accessLog.ofCase(actor, params.id, query.limit, query.cursor);
  }

  @Get('persons/:id/access-log')
  @ApiOkResponse({ type: AuditEventPage })
  async ofPerson(@CurrentActor() actor: Actor, @Param() params: CaseIdParam, @Query() query: ListQueryDto): Promise<AuditEventPage> {
    return this.accessLog.ofPerson(actor, params.id, query.limit, query.cursor);
  }
}
