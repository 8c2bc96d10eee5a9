import { Column, Entity, PrimaryColumn } from 'typeorm';
import { timestamp } from '../database/columns';

/** An access policy: its document is stored as the JSON the API was given and compiled on load. */
@Entity('policies')
export class Policy {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 128, unique: true })
  name: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  description: string | null;

  @Column({ type: 'text' })
  document: string;

  @Column(timestamp('created_at'))
  createdAt: Date;

  @Column(timestamp('updated_at'))
  updatedAt: Date;
}
