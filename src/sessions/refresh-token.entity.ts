import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { timestamp } from '../database/columns';

/**
 * A refresh token, kept only as the SHA-256 of its value. It expires with its family. Once
 * rotated it is spent, and `sealedSuccessor` holds the pair that replaced it, encrypted under a
 * key only the spent token itself yields (see refresh-secret.ts): a retry can be answered with the
 * same pair, and a database leak yields no usable token.
 */
@Entity('refresh_tokens')
@Index('idx_refresh_tokens_hash', ['tokenHash'], { unique: true })
@Index('idx_refresh_tokens_family', ['familyId'])
export class RefreshToken {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'family_id', type: 'varchar', length: 36 })
  familyId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'parent_id', type: 'varchar', length: 36, nullable: true })
  parentId: string | null;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column(timestamp('issued_at'))
  issuedAt: Date;

  @Column(timestamp('spent_at', true))
  spentAt: Date | null;

  @Column({ name: 'sealed_successor', type: 'text', nullable: true })
  sealedSuccessor: string | null;
}
