import { Column, Entity, JoinTable, ManyToMany, PrimaryColumn } from 'typeorm';
import { timestamp } from '../database/columns';
import { Role } from './role.entity';

export const ACCOUNT_STATUSES = ['active', 'blocked'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

@Entity('users')
export class User {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  username: string;

  /** Stored lower-cased so uniqueness and login by email ignore case on every driver. */
  @Column({ type: 'varchar', length: 254, unique: true })
  email: string;

  @Column({ name: 'display_name', type: 'varchar', length: 128, nullable: true })
  displayName: string | null;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: AccountStatus;

  /**
   * Counts security-relevant changes (password, email, roles, block, delete). Every token carries
   * the value it was issued under (`cep`) and is refused once they differ: see users/credentials.
   */
  @Column({ name: 'credential_epoch', type: 'integer', default: 0 })
  credentialEpoch: number;

  /** When the epoch last moved; also what tokens from before epochs existed are judged by. */
  @Column(timestamp('credentials_changed_at'))
  credentialsChangedAt: Date;

  @Column(timestamp('created_at'))
  createdAt: Date;

  @Column(timestamp('updated_at'))
  updatedAt: Date;

  @ManyToMany(() => Role, { eager: true })
  @JoinTable({
    name: 'user_roles',
    joinColumn: { name: 'user_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'role_slug', referencedColumnName: 'slug' },
  })
  roles: Role[];
}
