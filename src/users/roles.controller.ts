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
import { PageDto, PageQueryDto } from '../common/pagination';
import { ProblemDto } from '../common/problem.dto';
import { RequirePolicy } from '../common/access';
import { CreateRoleDto, RoleDto, UpdateRoleDto } from './dto/role.dto';
import { RolesService } from './roles.service';

const RolePageDto = PageDto(RoleDto, 'RolePageDto');

@ApiTags('roles')
@Controller('roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @RequirePolicy('List', 'Role:*')
  @ApiOperation({ operationId: 'listRoles', summary: 'List roles' })
  @ApiOkResponse({ type: RolePageDto })
  async list(@Query() query: PageQueryDto): Promise<InstanceType<typeof RolePageDto>> {
    const page = await this.roles.list(query);
    return { ...page, items: page.items.map((role) => RoleDto.of(role)) };
  }

  @Post()
  @RequirePolicy('Create', 'Role:*')
  @ApiOperation({ operationId: 'createRole', summary: 'Create a role' })
  @ApiCreatedResponse({ type: RoleDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'duplicate_role.' })
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateRoleDto): Promise<RoleDto> {
    return RoleDto.of(await this.roles.create(principal.userId, dto));
  }

  @Get(':slug')
  @RequirePolicy('Read', 'Role:{slug}')
  @ApiOperation({ operationId: 'getRole', summary: 'Read a role' })
  @ApiOkResponse({ type: RoleDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async get(@Param('slug') slug: string): Promise<RoleDto> {
    return RoleDto.of(await this.roles.get(slug));
  }

  @Patch(':slug')
  @RequirePolicy('Edit', 'Role:{slug}')
  @ApiOperation({ operationId: 'updateRole', summary: 'Rename or describe a role' })
  @ApiOkResponse({ type: RoleDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Body() dto: UpdateRoleDto,
  ): Promise<RoleDto> {
    return RoleDto.of(await this.roles.update(principal.userId, slug, dto));
  }

  @Delete(':slug')
  @HttpCode(204)
  @RequirePolicy('Delete', 'Role:{slug}')
  @ApiOperation({ operationId: 'deleteRole', summary: 'Delete a role no user holds' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'role_in_use or role_protected.' })
  async remove(@CurrentPrincipal() principal: Principal, @Param('slug') slug: string): Promise<void> {
    await this.roles.remove(principal.userId, slug);
  }
}
