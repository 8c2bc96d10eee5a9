import { AuditChainHead } from './audit/audit-chain.entity';
import { AuditEvent } from './audit/audit-event.entity';
import { ConfigValue } from './config/config-value.entity';
import { PolicyAttachment } from './policies/policy-attachment.entity';
import { Policy } from './policies/policy.entity';
import { RefreshToken } from './sessions/refresh-token.entity';
import { SessionFamily } from './sessions/session-family.entity';
import { RegistryToken } from './tokens/token.entity';
import { Role } from './users/role.entity';
import { User } from './users/user.entity';

/**
 * Every entity of the server, for DataSources built outside Nest (the TypeORM CLI, schema tests).
 * The running server does not read this list: each module registers its own.
 */
export const ENTITIES = [
  User,
  Role,
  RegistryToken,
  ConfigValue,
  AuditEvent,
  AuditChainHead,
  SessionFamily,
  RefreshToken,
  Policy,
  PolicyAttachment,
];
