import { ApiProperty } from '@nestjs/swagger';
import { PageQueryDto } from '../../common/pagination';
import { FAMILY_REVOKE_REASONS, FamilyRevokeReason } from '../session-family.entity';

export const SESSION_STATUSES = ['active', 'expired', 'revoked'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export class ListSessionsQueryDto extends PageQueryDto {}

/** One login session (a token family) as the API shows it; its tokens themselves are never shown. */
export class SessionEntryDto {
  @ApiProperty({ format: 'uuid', description: "The family id: the `fam` claim of the session's access tokens." })
  id: string;

  @ApiProperty({ format: 'date-time', description: 'When the login started it.' })
  created_at: string;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'The last rotation; null before any.',
  })
  last_refreshed_at: string | null;

  @ApiProperty({ format: 'date-time', description: 'The absolute end fixed at login.' })
  expires_at: string;

  @ApiProperty({ nullable: true, type: String, description: 'The client address of the login.' })
  client_ip: string | null;

  @ApiProperty({ enum: SESSION_STATUSES })
  status: SessionStatus;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  revoked_at: string | null;

  // null is listed in the enum too (OpenAPI 3.0's nullable does not add it to an enum's values).
  @ApiProperty({
    enum: [...FAMILY_REVOKE_REASONS, null],
    nullable: true,
    description: 'Why it ended; null while it has not.',
  })
  revoke_reason: FamilyRevokeReason | null;

  @ApiProperty({ description: 'Whether the token of this request belongs to this session.' })
  current: boolean;
}
