import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/access';
import { EcJwkDto, JwkSetDto, OkpJwkDto, RsaJwkDto } from './dto/jwk.dto';
import { SigningService } from './signing.service';

@ApiTags('auth')
@ApiExtraModels(RsaJwkDto, EcJwkDto, OkpJwkDto)
@Controller('.well-known')
export class JwksController {
  constructor(private readonly signing: SigningService) {}

  @Get('jwks.json')
  @Public()
  @ApiOperation({ operationId: 'getJwks', summary: 'Public signing keys (RFC 7517); empty for HMAC algorithms' })
  @ApiOkResponse({ type: JwkSetDto })
  jwks(): JwkSetDto {
    return this.signing.jwks();
  }
}
