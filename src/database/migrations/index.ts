import { InitialSchema1764072000000 } from './1764072000000-initial-schema';

/** Every migration, oldest first; run on start by DatabaseModule and by the TypeORM CLI. */
export const MIGRATIONS = [InitialSchema1764072000000];
