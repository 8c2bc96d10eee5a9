import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
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
import { RequirePolicy } from '../common/access';
import { PageDto, PageQueryDto } from '../common/pagination';
import { CurrentPrincipal, Principal } from '../common/principal';
import { ProblemDto } from '../common/problem.dto';
import { PolicyDto, SavePolicyDto } from './dto/policy.dto';
import { SimulateDto, SimulationDto } from './dto/simulate.dto';
import { PoliciesService } from './policies.service';
import type { SavedPolicy } from './policies.service';
import { PolicyInspection } from './policy-inspection';

const PolicyPageDto = PageDto(PolicyDto, 'PolicyPageDto');
const dtoOf = ({ policy, warnings }: SavedPolicy) => PolicyDto.of(policy, warnings);

@ApiTags('policies')
@Controller('policies')
export class PoliciesController {
  constructor(
    private readonly policies: PoliciesService,
    private readonly inspection: PolicyInspection,
  ) {}

  @Get()
  @RequirePolicy('List', 'Policy:*')
  @ApiOperation({ operationId: 'listPolicies', summary: 'List access policies, by name' })
  @ApiOkResponse({ type: PolicyPageDto })
  async list(@Query() query: PageQueryDto): Promise<InstanceType<typeof PolicyPageDto>> {
    const page = await this.policies.list(query);
    return { ...page, items: page.items.map(dtoOf) };
  }

  @Post()
  @RequirePolicy('Create', 'Policy:*')
  @ApiOperation({
    operationId: 'createPolicy',
    summary: 'Create a policy; an invalid document is refused with the path of every error',
  })
  @ApiCreatedResponse({ type: PolicyDto, description: "The policy with the analyzer's warnings." })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'validation_failed: `errors` names each path.' })
  @ApiConflictResponse({ type: ProblemDto, description: 'duplicate_policy.' })
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: SavePolicyDto): Promise<PolicyDto> {
    return dtoOf(await this.policies.create(principal.userId, dto));
  }

  @Post('simulate')
  @HttpCode(200)
  @RequirePolicy('Read', 'Policy:*')
  @ApiOperation({
    operationId: 'simulatePolicy',
    summary: 'Decide an action on a resource for a user by its attached policies, as a request would',
  })
  @ApiOkResponse({ type: SimulationDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  simulate(@Body() dto: SimulateDto): Promise<SimulationDto> {
    return this.inspection.simulate(dto);
  }

  @Get(':id')
  @RequirePolicy('Read', 'Policy:{id}')
  @ApiOperation({ operationId: 'getPolicy', summary: 'Read a policy' })
  @ApiOkResponse({ type: PolicyDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async get(@Param('id') id: string): Promise<PolicyDto> {
    return dtoOf(await this.policies.get(id));
  }

  @Put(':id')
  @RequirePolicy('Edit', 'Policy:{id}')
  @ApiOperation({ operationId: 'updatePolicy', summary: 'Replace a policy; applies to the next request' })
  @ApiOkResponse({ type: PolicyDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'validation_failed: `errors` names each path.' })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'duplicate_policy.' })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() dto: SavePolicyDto,
  ): Promise<PolicyDto> {
    return dtoOf(await this.policies.update(principal.userId, id, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePolicy('Delete', 'Policy:{id}')
  @ApiOperation({ operationId: 'deletePolicy', summary: 'Delete a policy that is attached nowhere' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'policy_in_use.' })
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.policies.remove(principal.userId, id);
  }

  @Put(':id/default')
  @HttpCode(204)
  @RequirePolicy('Attach', 'Policy:{id}')
  @ApiOperation({ operationId: 'attachPolicyByDefault', summary: 'Apply a policy to every user (idempotent)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDto })
  async attachByDefault(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.policies.attach(principal.userId, id, { level: 'default', target: '' });
  }

  @Delete(':id/default')
  @HttpCode(204)
  @RequirePolicy('Attach', 'Policy:{id}')
  @ApiOperation({ operationId: 'detachPolicyByDefault', summary: 'Stop applying a policy to every user' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such policy, or not attached by default.' })
  async detachByDefault(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.policies.detach(principal.userId, id, { level: 'default', target: '' });
  }
}
