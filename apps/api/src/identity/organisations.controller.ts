import { Body, Controller, Get, Inject, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { OrganisationsService, Roles } from '@oneroof/identity';
import { ListQueryDto } from '../common/list-query.dto';
import { CreateOrganisationDto, OrganisationPage, OrganisationResponse, toOrganisationResponse } from './identity.dto';
import { ApiProblems } from '../openapi/decorators';

@ApiTags('organisations')
@Controller('organisations')
export class OrganisationsController {
  constructor(@Inject(OrganisationsService) private readonly organisations: OrganisationsService) {}

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: OrganisationResponse })
  @ApiProblems(409)
  async create(@Body() body: CreateOrganisationDto): Promise<OrganisationResponse> {
    return toOrganisationResponse(await this.organisations.create(body));
  }

  @Get()
  @ApiOkResponse({ type: OrganisationPage })
  async list(@Query() query: ListQueryDto): Promise<OrganisationPage> {
    const page = await this.organisations.list(query.limit, query.cursor);
    return { items: page.items.map(toOrganisationResponse), nextCursor: page.nextCursor };
  }
}
