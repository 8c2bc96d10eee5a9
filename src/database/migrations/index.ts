import { InitialSchema1764072000000 } from './1764072000000-initial-schema';
import { CredentialEpoch1796169600000 } from './1796169600000-credential-epoch';
import { AuditChain1796256000000 } from './1796256000000-audit-chain';
import { Sessions1796342400000 } from './1796342400000-sessions';
import { Policies1796428800000 } from './1796428800000-policies';

/** Every migration, oldest first; run on start by DatabaseModule and by the TypeORM CLI. */
export const MIGRATIONS = [
  InitialSchema1764072000000,
  CredentialEpoch1796169600000,
  AuditChain1796256000000,
  Sessions1796342400000,
  Policies1796428800000,
];
