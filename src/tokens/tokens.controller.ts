import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
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
import { NoStore } from '../common/no-store';
import { ProblemDto } from '../common/problem.dto';
import { RequirePolicy } from '../common/access';
import { IssuedTokenDto, IssueTokenDto, ListTokensQueryDto, TokenEntryDto, TokenFieldsQueryDto } from './dto/token.dto';
import { TokenViews } from './token-views';
import { TokensService } from './tokens.service';

const TokenPageDto = PageDto(TokenEntryDto, 'TokenPageDto');

@ApiTags('tokens')
@NoStore()
@Controller('users/:id/tokens')
export class TokensController {
  constructor(
    private readonly tokens: TokensService,
    private readonly views: TokenViews,
  ) {}

  @Get()
  @RequirePolicy('ListTokens', 'User:{id}')
  @ApiOperation({
    operationId: 'listTokens',
    summary: "The user's registry: live, expired and revoked tokens (kept for service.audit.retention_days)",
  })
  @ApiOkResponse({ type: TokenPageDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('id') userId: string,
    @Query() query: ListTokensQueryDto,
  ): Promise<InstanceType<typeof TokenPageDto>> {
    const page = await this.tokens.list(userId, query);
    return { ...page, items: this.views.entries(principal, userId, page.items, query.fields ?? []) };
  }

  @Post()
  @RequirePolicy('IssueToken', 'User:{id}')
  @ApiOperation({ operationId: 'issueToken', summary: "Issue an API token into the user's registry" })
  @ApiCreatedResponse({ type: IssuedTokenDto })
  @ApiBadRequestResponse({
    type: ProblemDto,
    description: 'Bad expiry, reserved or oversized claims, irrevocable not allowed.',
  })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({
    type: ProblemDto,
    description:
      'registry_full (service.jwt.registry_overflow is reject, or only irrevocable tokens fill it); account_not_active.',
  })
  async issue(
    @CurrentPrincipal() principal: Principal,
    @Param('id') userId: string,
    @Body() dto: IssueTokenDto,
  ): Promise<IssuedTokenDto> {
    return this.views.issued(await this.tokens.issue(principal, userId, dto));
  }

  @Get(':jti')
  @RequirePolicy('ListTokens', 'User:{id}')
  @ApiOperation({ operationId: 'getToken', summary: 'One registry entry' })
  @ApiOkResponse({ type: TokenEntryDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') userId: string,
    @Param('jti') jti: string,
    @Query() query: TokenFieldsQueryDto,
  ): Promise<TokenEntryDto> {
    const [entry] = this.views.entries(principal, userId, [await this.tokens.get(userId, jti)], query.fields ?? []);
    return entry;
  }

  @Post(':jti/refresh')
  @RequirePolicy('IssueToken', 'User:{id}')
  @ApiOperation({
    operationId: 'refreshToken',
    summary:
      'Replace a refreshable token: new jti, same lifetime length from now, claims kept; the old one is revoked (refreshed)',
  })
  @ApiCreatedResponse({ type: IssuedTokenDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({
    type: ProblemDto,
    description:
      'not_refreshable (also for irrevocable tokens), token_inactive (expired or revoked), account_not_active.',
  })
  async refresh(
    @CurrentPrincipal() principal: Principal,
    @Param('id') userId: string,
    @Param('jti') jti: string,
  ): Promise<IssuedTokenDto> {
    return this.views.issued(await this.tokens.refresh(principal, userId, jti));
  }

  @Delete(':jti')
  @HttpCode(204)
  @RequirePolicy('RevokeToken', 'User:{id}')
  @ApiOperation({ operationId: 'revokeToken', summary: 'Revoke one token; it is refused from the next request on' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'not_revocable.' })
  async revoke(
    @CurrentPrincipal() principal: Principal,
    @Param('id') userId: string,
    @Param('jti') jti: string,
  ): Promise<void> {
    await this.tokens.revoke(principal, userId, jti);
  }

  @Delete()
  @HttpCode(204)
  @RequirePolicy('RevokeToken', 'User:{id}')
  @ApiOperation({ operationId: 'revokeAllTokens', summary: 'Revoke every revocable token of the user' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDto })
  async revokeAll(@CurrentPrincipal() principal: Principal, @Param('id') userId: string): Promise<void> {
    await this.tokens.revokeAll(principal, userId);
  }
}
