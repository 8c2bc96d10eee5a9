import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePolicy } from '../common/access';
import { NoStore } from '../common/no-store';
import { PageDto } from '../common/pagination';
import { CurrentPrincipal, Principal } from '../common/principal';
import { ProblemDto } from '../common/problem.dto';
import { ListSessionsQueryDto, SessionEntryDto } from './dto/session.dto';
import { SessionsService } from './sessions.service';

const SessionPageDto = PageDto(SessionEntryDto, 'SessionPageDto');

/** A user's login sessions (token families): what a "signed-in devices" page lists and ends. */
@ApiTags('sessions')
@NoStore()
@Controller('users/:id/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @RequirePolicy('ListTokens', 'User:{id}')
  @ApiOperation({
    operationId: 'listSessions',
    summary: "The user's login sessions, newest first (ended ones kept for service.audit.retention_days)",
  })
  @ApiOkResponse({ type: SessionPageDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('id') userId: string,
    @Query() query: ListSessionsQueryDto,
  ): Promise<InstanceType<typeof SessionPageDto>> {
    const page = await this.sessions.list(userId, query);
    return { ...page, items: page.items.map((family) => this.sessions.entryOf(family, principal.claims.fam)) };
  }

  @Delete(':familyId')
  @HttpCode(204)
  @RequirePolicy('RevokeToken', 'User:{id}')
  @ApiOperation({
    operationId: 'revokeSession',
    summary: 'End one session: its access and refresh tokens are refused from the next request on',
  })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDto })
  async revoke(
    @CurrentPrincipal() principal: Principal,
    @Param('id') userId: string,
    @Param('familyId') familyId: string,
  ): Promise<void> {
    await this.sessions.revokeUserSession(userId, familyId, principal.userId);
  }
}
