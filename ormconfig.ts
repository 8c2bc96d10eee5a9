import { DataSource } from 'typeorm';
import { ServerEnvironment } from './src/common/environment';
import { dataSourceOptions } from './src/database/data-source-options';
import { ENTITIES } from './src/entities';

/** The DataSource the TypeORM CLI uses (npm run typeorm -- migration:run|revert|show). */
export default new DataSource(dataSourceOptions(new ServerEnvironment().databaseUrl, ENTITIES));
