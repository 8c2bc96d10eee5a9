import { Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePolicy } from '../common/access';
import { CurrentPrincipal, Principal } from '../common/principal';
import { ProblemDto } from '../common/problem.dto';
import { EffectivePolicyDto } from './dto/effective-policy.dto';
import { PoliciesService } from './policies.service';
import { PolicyInspection } from './policy-inspection';

/** Policies attached to one user or one role, and what applies to a user in the end. */
@ApiTags('policies')
@Controller()
export class AttachmentsController {
  constructor(
    private readonly policies: PoliciesService,
    private readonly inspection: PolicyInspection,
  ) {}

  @Put('users/:id/policies/:policyId')
  @HttpCode(204)
  @RequirePolicy('Attach', 'Policy:{policyId}')
  @ApiOperation({ operationId: 'attachPolicyToUser', summary: 'Attach a policy to a user (idempotent)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such user or policy.' })
  async attachToUser(
    @CurrentPrincipal() principal: Principal,
    @Param('id') userId: string,
    @Param('policyId') policyId: string,
  ): Promise<void> {
    await this.policies.attach(principal.userId, policyId, { level: 'user', target: userId });
  }

  @Delete('users/:id/policies/:policyId')
  @HttpCode(204)
  @RequirePolicy('Attach', 'Policy:{policyId}')
  @ApiOperation({ operationId: 'detachPolicyFromUser', summary: 'Detach a policy from a user' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such policy, or not attached to the user.' })
  async detachFromUser(
    @CurrentPrincipal() principal: Principal,
    @Param('id') userId: string,
    @Param('policyId') policyId: string,
  ): Promise<void> {
    await this.policies.detach(principal.userId, policyId, { level: 'user', target: userId });
  }

  @Put('roles/:slug/policies/:policyId')
  @HttpCode(204)
  @RequirePolicy('Attach', 'Policy:{policyId}')
  @ApiOperation({ operationId: 'attachPolicyToRole', summary: "Attach a policy to a role's members (idempotent)" })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such role or policy.' })
  async attachToRole(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Param('policyId') policyId: string,
  ): Promise<void> {
    await this.policies.attach(principal.userId, policyId, { level: 'role', target: slug });
  }

  @Delete('roles/:slug/policies/:policyId')
  @HttpCode(204)
  @RequirePolicy('Attach', 'Policy:{policyId}')
  @ApiOperation({ operationId: 'detachPolicyFromRole', summary: 'Detach a policy from a role' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such policy, or not attached to the role.' })
  async detachFromRole(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Param('policyId') policyId: string,
  ): Promise<void> {
    await this.policies.detach(principal.userId, policyId, { level: 'role', target: slug });
  }

  @Get('users/:id/effective-policy')
  @RequirePolicy('List', 'Policy:*')
  @ApiOperation({
    operationId: 'getEffectivePolicy',
    summary: 'Every statement and Param that applies to the user, in evaluation order, with where it came from',
  })
  @ApiOkResponse({ type: EffectivePolicyDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  effective(@Param('id') userId: string): Promise<EffectivePolicyDto> {
    return this.inspection.effective(userId);
  }
}
