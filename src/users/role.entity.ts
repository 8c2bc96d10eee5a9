import { Column, Entity, PrimaryColumn } from 'typeorm';
import { timestamp } from '../database/columns';

@Entity('roles')
export class Role {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  slug: string;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  description: string | null;

  @Column(timestamp('created_at'))
  createdAt: Date;

  @Column(timestamp('updated_at'))
  updatedAt: Date;
}
