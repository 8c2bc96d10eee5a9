import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '../common/principal';
import { PageDto } from '../common/pagination';
import { ProblemDto } from '../common/problem.dto';
import { RequirePolicy } from '../common/access';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserDto } from './dto/user.dto';
import { UsersService } from './users.service';

const UserPageDto = PageDto(UserDto, 'UserPageDto');

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @RequirePolicy('Create', 'User:*')
  @ApiOperation({ operationId: 'createUser', summary: 'Create a user' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiBadRequestResponse({
    type: ProblemDto,
    description: 'Invalid fields, weak password or unknown role (validation_failed).',
  })
  @ApiConflictResponse({ type: ProblemDto, description: 'duplicate_username or duplicate_email.' })
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateUserDto): Promise<UserDto> {
    return UserDto.of(await this.users.create(principal.userId, dto));
  }

  @Get()
  @RequirePolicy('List', 'User:*')
  @ApiOperation({ operationId: 'listUsers', summary: 'List users, paginated, optionally filtered by ?search=' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  async list(@Query() query: ListUsersQueryDto): Promise<InstanceType<typeof UserPageDto>> {
    const page = await this.users.list(query);
    return { ...page, items: page.items.map((user) => UserDto.of(user)) };
  }

  @Get(':id')
  @RequirePolicy('Read', 'User:{id}')
  @ApiOperation({ operationId: 'getUser', summary: 'Read a user' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async get(@Param('id') id: string): Promise<UserDto> {
    return UserDto.of(await this.users.get(id));
  }

  @Patch(':id')
  @RequirePolicy('Edit', 'User:{id}')
  @ApiOperation({
    operationId: 'updateUser',
    summary: 'Update email, display name, roles or status',
    description: 'Email, role and block changes revoke every token of the account (configurable).',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'duplicate_email, or last_administrator.' })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserDto> {
    return UserDto.of(await this.users.update(principal.userId, id, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePolicy('Delete', 'User:{id}')
  @ApiOperation({ operationId: 'deleteUser', summary: 'Delete a user and revoke all of its tokens' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'last_administrator.' })
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.users.remove(principal.userId, id);
  }
}
