import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CASE_LINK_KINDS, CaseLinksService, type CaseLink, type CaseLinkKind, type CaseLinks } from '@oneroof/cases';
import { CurrentActor, Roles, type Actor } from '@oneroof/identity';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { MaxChars } from '../common/limits';
import { ApiProblems } from '../openapi/decorators';
import { CaseIdParam } from './cases.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class NewCaseLinkDto {
  @ApiProperty({ format: 'uuid', description: 'the other case (for a re-report: the earlier one)' }) @IsUUID() caseId: string;
  @ApiProperty({ enum: CASE_LINK_KINDS }) @IsIn(CASE_LINK_KINDS) kind: CaseLinkKind;
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MaxChars(2000) note?: string;
}

export class RereportDismissalDto {
  @ApiProperty({ format: 'uuid', description: 'the earlier case of the possible re-report' }) @IsUUID() caseId: string;
}

export class CaseLinkResponse {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() reference: string;
  @ApiProperty({ enum: CASE_LINK_KINDS }) kind: CaseLinkKind;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ format: 'date-time' }) linkedAt: string;
}

export class PossibleRereportResponse {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() reference: string;
  @ApiProperty({ format: 'date-time' }) foundAt: string;
}

export class CaseLinkList {
  @ApiProperty({ type: [CaseLinkResponse] }) items: CaseLinkResponse[];
  @ApiProperty({ type: [PossibleRereportResponse], description: 'open matches, for coordinators only (empty for others)' })
  possibleRereports: PossibleRereportResponse[];
}

const toLinkResponse = (l: CaseLink): CaseLinkResponse => ({
  caseId: l.caseId,
  reference: l.reference,
  kind: l.kind,
  note: l.note,
  linkedAt: l.linkedAt.toISOString(),
});
const toLinkList = (l: CaseLinks): CaseLinkList => ({
  items: l.items.map(toLinkResponse),
  possibleRereports: l.possibleRereports.map((m) => ({ caseId: m.caseId, reference: m.reference, foundAt: m.foundAt.toISOString() })),
});

/** design.md §8 re-reports and links. */
@ApiTags('cases')
@Controller('cases/:id/links')
export class CaseLinksController {
  constructor(@Inject(CaseLinksService) private readonly links: CaseLinksService) {}

  @Get()
  @ApiOkResponse({ type: CaseLinkList })
  async list(@CurrentActor() actor: Actor, @Param() params: CaseIdParam): Promise<CaseLinkList> {
    return toLinkList(await this.links.list(actor, params.id));
  }

  @Post()
  @Roles('coordinator')
  @ApiCreatedResponse({ type: CaseLinkResponse })
  @ApiProblems(403, 409, 422)
  async link(@CurrentActor() actor: Actor, @Param() params: CaseIdParam, @Body() body: NewCaseLinkDto): Promise<CaseLinkResponse> {
    return toLinkResponse(await this.links.link(actor, params.id, body));
  }

  /** The coordinator's dismissal of a possible re-report: not the same family. Answers the case's links as they are now. */
  @Post('dismissals')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOkResponse({ type: CaseLinkList })
  @ApiProblems(403, 422)
  async dismiss(@CurrentActor() actor: Actor, @Param() params: CaseIdParam, @Body() body: RereportDismissalDto): Promise<CaseLinkList> {
    await this.links.dismiss(actor, params.id, body.caseId);
    return toLinkList(await this.links.list(actor, params.id));
  }
}
