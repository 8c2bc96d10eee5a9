import { ApiProperty } from '@nestjs/swagger';
import { IsDefined } from 'class-validator';

export class ConfigOptionDto {
  @ApiProperty({ example: 'service.jwt.expires_in' })
  key: string;

  @ApiProperty({
    description: 'Effective value (secrets shown as ********).',
    oneOf: [{ type: 'string' }, { type: 'integer' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }],
    example: 86400,
  })
  value: unknown;

  @ApiProperty({
    description: 'Built-in default.',
    oneOf: [{ type: 'string' }, { type: 'integer' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }],
    example: 86400,
  })
  default: unknown;

  @ApiProperty({ enum: ['default', 'file', 'env', 'database'], description: 'The layer the value comes from.' })
  source: string;

  @ApiProperty()
  description: string;

  @ApiProperty({ description: 'Secret options are write-only: their value is always redacted.' })
  secret: boolean;
}

export class SetConfigValueDto {
  @ApiProperty({
    description:
      'The new value: a JSON value of the option\'s type, or its text form as in an INI file: "3600"; ' +
      'true/false, yes/no, on/off or 1/0 for booleans; "header,cookie" for lists.',
    oneOf: [{ type: 'string' }, { type: 'integer' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }],
    example: 3600,
  })
  @IsDefined()
  value: unknown;
}

export class ConfigPressJsonDto {
  @ApiProperty({ example: '[aam]\nservice.jwt.expires_in = 3600\n' })
  ini: string;
}
