import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, RequirePolicy } from '../common/access';
import { Consumes } from '../common/media-types';
import { NoStore } from '../common/no-store';
import { ClientIp } from '../common/principal';
import { ProblemDto } from '../common/problem.dto';
import { IntrospectionDto, TokenRequestDto } from './dto/token-endpoints.dto';
import { TokenEndpoints } from './token-endpoints';

/** The OAuth token endpoints other services call: revocation (RFC 7009) and introspection (RFC 7662). */
@ApiTags('auth')
@NoStore()
@Controller('auth')
export class TokenEndpointsController {
  constructor(private readonly endpoints: TokenEndpoints) {}

  @Post('revoke')
  @HttpCode(200)
  @Public()
  @Consumes('application/json', 'application/x-www-form-urlencoded')
  @ApiOperation({
    operationId: 'revokeOAuthToken',
    summary: 'Revoke a refresh, access or API token (RFC 7009); holding it is the authority',
    description:
      'Always 200, also for an unknown, expired or already revoked token. A refresh token or a session access ' +
      'token ends its whole session; an API token is revoked in the registry (irrevocable ones stay valid).',
  })
  @ApiOkResponse({ description: 'Done (or nothing to do).' })
  @ApiBadRequestResponse({ type: ProblemDto })
  async revoke(@Body() dto: TokenRequestDto): Promise<void> {
    await this.endpoints.revoke(dto.token);
  }

  @Post('introspect')
  @HttpCode(200)
  @RequirePolicy('Introspect', 'Token:*')
  @Consumes('application/json', 'application/x-www-form-urlencoded')
  @ApiOperation({
    operationId: 'introspectToken',
    summary: 'Whether a token is active, and what it is (RFC 7662)',
    description:
      'Anything that could not authenticate a request (expired, revoked, forged, unknown, spent, or its account ' +
      'blocked) is `{active: false}` and nothing more.',
  })
  @ApiOkResponse({ type: IntrospectionDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  introspect(@Body() dto: TokenRequestDto, @ClientIp() ip: string): Promise<IntrospectionDto> {
    return this.endpoints.introspect(dto.token, ip);
  }
}
