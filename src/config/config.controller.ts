import { Body, Controller, Delete, Get, Header, Headers, HttpCode, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { Consumes } from '../common/media-types';
import { ApiRequestContent } from '../common/openapi';
import { CurrentPrincipal, Principal } from '../common/principal';
import { ProblemDto } from '../common/problem.dto';
import { RequirePolicy } from '../common/access';
import { ConfigService } from './config.service';
import { configPressText } from './configpress-body';
import { ConfigOptionDto, ConfigPressJsonDto, SetConfigValueDto } from './dto/config.dto';

@ApiTags('config')
@ApiExtraModels(ConfigPressJsonDto)
@Controller()
export class ConfigController {
  constructor(private readonly config: ConfigService) {}

  @Get('config')
  @RequirePolicy('Read', 'Config:*')
  @ApiOperation({
    operationId: 'listConfigOptions',
    summary: 'Every option with its effective value, default and source',
  })
  @ApiOkResponse({ type: [ConfigOptionDto] })
  list(): ConfigOptionDto[] {
    return this.config.list();
  }

  @Get('config/:key')
  @RequirePolicy('Read', 'Config:{key}')
  @ApiOperation({ operationId: 'getConfigOption', summary: 'One option (AAM v6 alias names are accepted)' })
  @ApiOkResponse({ type: ConfigOptionDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  get(@Param('key') key: string): ConfigOptionDto {
    return this.config.view(key);
  }

  @Put('config/:key')
  @RequirePolicy('Edit', 'Config:{key}')
  @ApiOperation({
    operationId: 'setConfigOption',
    summary: 'Set an option in the runtime layer; applies to the next request',
    description: 'Secret options are refused (400): set them in the environment or the INI file.',
  })
  @ApiOkResponse({ type: ConfigOptionDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'The value is not valid for the option; nothing changed.' })
  @ApiNotFoundResponse({ type: ProblemDto })
  set(
    @Param('key') key: string,
    @Body() dto: SetConfigValueDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConfigOptionDto> {
    return this.config.set(key, dto.value, principal.userId);
  }

  @Delete('config/:key')
  @HttpCode(204)
  @RequirePolicy('Edit', 'Config:{key}')
  @ApiOperation({
    operationId: 'resetConfigOption',
    summary: 'Remove an option from the runtime layer; the lower layers apply again',
  })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDto })
  async unset(@Param('key') key: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.config.unset(key, principal.userId);
  }

  @Get('configpress')
  @RequirePolicy('Read', 'Config:*')
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiOperation({
    operationId: 'getConfigPress',
    summary: 'The runtime layer as ConfigPress INI text (secrets redacted)',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ schema: { type: 'string', example: '[aam]\nservice.jwt.expires_in = 3600\n' } })
  getIni(): string {
    return this.config.runtimeIni();
  }

  @Put('configpress')
  @RequirePolicy('Edit', 'Config:*')
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiOperation({
    operationId: 'replaceConfigPress',
    summary: 'Replace the whole runtime layer with INI text',
    description:
      "All or nothing: any error leaves the configuration unchanged and the 400 lists every line's error. " +
      'Secret options cannot be set here (environment or INI file only).',
  })
  @Consumes('text/plain', 'application/json')
  @ApiRequestContent({
    'text/plain': { schema: { type: 'string', example: '[aam]\nservice.jwt.expires_in = 3600\n' } },
    'application/json': { schema: { $ref: getSchemaPath(ConfigPressJsonDto) } },
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'The stored runtime layer.' })
  @ApiBadRequestResponse({ type: ProblemDto })
  putIni(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<string> {
    return this.config.replaceRuntimeIni(configPressText(body, contentType), principal.userId);
  }
}
