import { Body, Controller, Get, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, UsersService, type Actor } from '@oneroof/identity';
import { CreateUserDto, toUserResponse, UpdateUserDto, UserDirectoryQueryDto, UserIdParam, UserPage, UserResponse } from './identity.dto';
import { ApiProblems } from '../openapi/decorators';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: UserResponse })
  @ApiProblems(409, 422)
  async create(@Body() body: CreateUserDto): Promise<UserResponse> {
    return toUserResponse(await this.users.create(body));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: UserResponse })
  @ApiProblems(409)
  async update(@CurrentActor() actor: Actor, @Param() params: UserIdParam, @Body() body: UpdateUserDto): Promise<UserResponse> {
    return toUserResponse(await this.users.update(params.id, body, actor));
  }

  /** The directory, for choosing a team member or a handover receiver. */
  @Get()
  @ApiOkResponse({ type: UserPage })
  @ApiProblems(403)
  async list(@CurrentActor() actor: Actor, @Query() query: UserDirectoryQueryDto): Promise<UserPage> {
    const page = await this.users.list(
      actor,
      {
        discipline: query.discipline,
        organisationId: query.organisationId,
        active: query.active === undefined ? undefined : query.active === 'true',
      },
      query.limit,
      query.cursor,
    );
    return { items: page.items.map(toUserResponse), nextCursor: page.nextCursor };
  }
}
