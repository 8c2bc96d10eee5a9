import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ValidationArguments, ValidatorConstraintInterface } from 'class-validator';
import { IsIn, IsString, Validate, ValidatorConstraint } from 'class-validator';
import { IsOptionalButNotNull } from '../../common/optional';
import { PageQueryDto } from '../../common/pagination';
import { TextLength } from '../../common/text-length';
import { AUDIT_EVENT_TYPES, AuditEvent, AuditEventType } from '../audit-event.entity';
import type { ChainReport } from '../audit-chain.service';

/**
 * An RFC 3339 date-time (what OpenAPI's `format: date-time` means): a date, a time and an offset,
 * so that no instant depends on the server's time zone; a valid calendar date too.
 */
const DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

@ValidatorConstraint({ name: 'realDateTime' })
class IsRealDateTime implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || !DATE_TIME.test(value)) return false;
    // Day numbers the month does not have (2026-02-30) roll over in Date; refuse them instead.
    const [year, month, day] = value.slice(0, 10).split('-').map(Number);
    return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be an RFC 3339 date-time with an offset, e.g. 2026-12-01T00:00:00Z`;
  }
}

@ValidatorConstraint({ name: 'notBefore' })
class IsNotBefore implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const other = (args.object as Record<string, unknown>)[args.constraints[0] as string];
    // Only two valid instants are compared; a malformed one is reported by its own rule.
    if (typeof other !== 'string' || typeof value !== 'string') return true;
    const [since, until] = [Date.parse(other), Date.parse(value)];
    return Number.isNaN(since) || Number.isNaN(until) || until >= since;
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must not be before ${args.constraints[0] as string}`;
  }
}

export class ListAuditEventsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_EVENT_TYPES, description: 'Only events of this type.' })
  @IsOptionalButNotNull()
  @IsIn(AUDIT_EVENT_TYPES, { message: `type must be one of ${AUDIT_EVENT_TYPES.join(', ')}` })
  type?: AuditEventType;

  @ApiPropertyOptional({ description: 'Only events about this user (also a deleted one).' })
  @IsOptionalButNotNull()
  @IsString()
  @TextLength({ min: 1, max: 36 })
  user_id?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only events at or after this instant.' })
  @IsOptionalButNotNull()
  @Validate(IsRealDateTime)
  since?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Only events at or before this instant; not before since.',
  })
  @IsOptionalButNotNull()
  @Validate(IsRealDateTime)
  @Validate(IsNotBefore, ['since'])
  until?: string;
}

export class AuditEventDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ enum: AUDIT_EVENT_TYPES })
  type: AuditEventType;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ type: String, nullable: true, description: 'The account the event is about.' })
  user_id: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Who caused it; null for the operator CLI and failed logins.',
  })
  actor_id: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The client's address, where the event records one (logins).",
  })
  ip: string | null;

  @ApiPropertyOptional({ description: 'The token it concerns; present for token events.' })
  jti?: string;

  @ApiPropertyOptional({
    description: 'Why: the revocation reason, the login failure, the kind of account change.',
  })
  reason?: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What else the event records.' })
  detail: Record<string, unknown>;

  static of(event: AuditEvent): AuditEventDto {
    return {
      id: event.id,
      type: event.type,
      at: event.at.toISOString(),
      user_id: event.userId,
      actor_id: event.actorId,
      ip: event.ip,
      ...(event.jti === null ? {} : { jti: event.jti }),
      ...(event.reason === null ? {} : { reason: event.reason }),
      detail: event.detail,
    };
  }
}

export class ChainReportDto implements ChainReport {
  @ApiProperty({ description: 'Every row continues the chain from the prune anchor to the head, unaltered.' })
  ok: boolean;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Rows checked before the answer was known.' })
  checked: number;

  @ApiPropertyOptional({
    description:
      'The first row that does not continue the chain (edited, or after deleted rows); absent when ok, and ' +
      'when the newest rows were deleted (there is no row to name).',
  })
  first_broken_id?: string;
}
