import { Column, Entity, PrimaryColumn } from 'typeorm';
import { timestamp } from '../database/columns';

/** The runtime ConfigPress layer: one row per option set through the API. */
@Entity('config_values')
export class ConfigValue {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  key: string;

  /** JSON-encoded typed value. */
  @Column({ type: 'text' })
  value: string;

  @Column(timestamp('updated_at'))
  updatedAt: Date;

  @Column({ name: 'updated_by', type: 'varchar', length: 36, nullable: true })
  updatedBy: string | null;
}
