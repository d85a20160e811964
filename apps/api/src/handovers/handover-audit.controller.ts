import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { HandoverAuditService, toCsv } from '@oneroof/handovers';
import { CurrentActor, RequiresStepUp, Roles, whenCsv, type Actor } from '@oneroof/identity';
import type { FastifyReply } from 'fastify';
import { HandoverReportQueryDto, HandoverReportResponse, toHandoverReportResponse } from './handovers.dto';

/**
 * The coordinators' handover audit (design.md §4). Lives with the handovers edge, under the
 * `/api/audit` prefix that the audit trail's own controller shares.
 */
@ApiTags('audit')
@Controller('audit')
@Roles('coordinator')
@ApiForbiddenResponse({ description: 'the caller is not a coordinator' })
export class HandoverAuditController {
  constructor(@Inject(HandoverAuditService) private readonly audit: HandoverAuditService) {}

  @Get('handovers')
  // design.md §9: a CSV export needs a recent second factor (for a user who has one).
  @RequiresStepUp(whenCsv)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    type: HandoverReportResponse,
    description: 'format=csv: the rows as RFC 4180 CSV with a header row; delimiter=semicolon for Dutch spreadsheets',
  })
  async report(
    @CurrentActor() actor: Actor,
    @Query() query: HandoverReportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HandoverReportResponse | string> {
    const report = await this.audit.report(actor, {
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
    });
    if (query.format === 'csv') {
      void reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="handover-audit.csv"');
      return toCsv(report.items, query.delimiter === 'semicolon' ? ';' : ',');
    }
    return toHandoverReportResponse(report);
  }
}
