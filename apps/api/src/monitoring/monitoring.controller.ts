import { Controller, Get, Header, Inject, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequiresStepUp, Roles, whenCsv, type Actor } from '@oneroof/identity';
import { FORMATS, GROUP_BYS, indicatorsCsv, MonitoringService, type Format, type GroupBy } from '@oneroof/monitoring';
import { invalid } from '@oneroof/platform';
import { IsIn, IsOptional } from 'class-validator';
import { IsIsoDateTime } from '../common/iso-date-time';

export class IndicatorsQueryDto {
  @ApiProperty({ format: 'date-time', description: 'start of the period over reportedAt (inclusive)' }) @IsIsoDateTime() from: string;
  @ApiProperty({ format: 'date-time', description: 'end of the period (exclusive)' }) @IsIsoDateTime() to: string;
  @ApiPropertyOptional({ enum: GROUP_BYS, default: 'month' }) @IsOptional() @IsIn(GROUP_BYS) groupBy?: GroupBy;
  @ApiPropertyOptional({ enum: FORMATS, default: 'json' }) @IsOptional() @IsIn(FORMATS) format?: Format;
}

export class IndicatorRowResponse {
  @ApiProperty() group: string;
  @ApiProperty() indicator: string;
  @ApiProperty({ type: Number, nullable: true }) value: number | null;
  @ApiProperty({ type: Number, nullable: true }) n: number | null;
  @ApiProperty() suppressed: boolean;
}
export class DefinitionResponse {
  @ApiProperty() indicator: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: ['count', 'working days', 'share'] }) unit: string;
  @ApiPropertyOptional() impactmonitor?: string;
}
export class IndicatorsResponse {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ enum: GROUP_BYS }) groupBy: GroupBy;
  @ApiProperty({ type: [IndicatorRowResponse] }) rows: IndicatorRowResponse[];
  @ApiProperty({ type: [DefinitionResponse] }) definitions: DefinitionResponse[];
}

interface Reply {
  header(name: string, value: string): Reply;
  send(body: string): void;
}

/** design.md §8 Monitoring: figures only, for coordinators and analysts. */
@ApiTags('monitoring')
@Controller('monitoring')
export class MonitoringController {
  constructor(@Inject(MonitoringService) private readonly monitoring: MonitoringService) {}

  @Get('indicators')
  @Roles('coordinator', 'analyst')
  // design.md §9: a CSV export needs a recent second factor (for a user who has one).
  @RequiresStepUp(whenCsv)
  @Header('Cache-Control', 'private, no-store')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: IndicatorsResponse })
  async indicators(
    @CurrentActor() actor: Actor,
    @Query() query: IndicatorsQueryDto,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<IndicatorsResponse | string> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (to.getTime() <= from.getTime()) throw invalid([{ field: 'to', message: 'to must be after from' }]);
    const result = await this.monitoring.indicators(actor, from, to, query.groupBy ?? 'month');
    if (query.format === 'csv') {
      reply.header('Content-Type', 'text/csv; charset=utf-8');
      reply.header('Content-Disposition', 'attachment; filename="indicators.csv"');
      return indicatorsCsv(result.rows);
    }
    return { ...result, from: from.toISOString(), to: to.toISOString() };
  }
}
