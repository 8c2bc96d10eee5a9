import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/access';
import { SigningService } from './signing.service';

@ApiTags('auth')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly signing: SigningService) {}

  @Get('jwks.json')
  @Public()
  @ApiOperation({ summary: 'Public signing keys (RFC 7517); empty for HMAC algorithms' })
  @ApiOkResponse({ schema: { type: 'object', properties: { keys: { type: 'array', items: { type: 'object' } } } } })
  jwks(): { keys: Record<string, unknown>[] } {
    return this.signing.jwks();
  }
}
