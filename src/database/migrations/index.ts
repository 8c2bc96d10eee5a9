import { InitialSchema1764072000000 } from './1764072000000-initial-schema';
import { CredentialEpoch1796169600000 } from './1796169600000-credential-epoch';

/** Every migration, oldest first; run on start by DatabaseModule and by the TypeORM CLI. */
export const MIGRATIONS = [InitialSchema1764072000000, CredentialEpoch1796169600000];
