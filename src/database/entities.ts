import { AuditEvent } from '../audit/audit-event.entity';
import { ConfigValue } from '../config/config-value.entity';
import { RegistryToken } from '../tokens/token.entity';
import { Role } from '../users/role.entity';
import { User } from '../users/user.entity';

export const ENTITIES = [User, Role, RegistryToken, ConfigValue, AuditEvent];
