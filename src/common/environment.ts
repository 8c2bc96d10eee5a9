import { join, resolve } from 'node:path';
import { USERNAME } from './text-rules';

/**
 * Process-level settings that must be known before the database is reachable. This module and
 * the config catalogue are the only readers of process.env.
 */
export class ServerEnvironment {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
  readonly redisUrl?: string;
  /** Put before every Redis key this server writes (REDIS_KEY_PREFIX, default `jam:`), so deployments (and test runs) can share one Redis. */
  readonly redisKeyPrefix: string;
  /** The Redis pub/sub channel the instances of one deployment share (REDIS_EVENTS_CHANNEL). */
  readonly redisEventsChannel: string;
  readonly configPressFile?: string;
  readonly dataDir: string;
  readonly adminUsername: string;
  readonly adminPassword?: string;
  /** Off for the operator CLI: an operator creating an administrator on an empty database wants that one, not a second. */
  readonly seedsAdministrator: boolean;
  /**
   * Off for the operator CLI: it signs nothing, and a server may be running beside it still
   * signing with a key the CLI already sees as rotated out.
   */
  readonly servesTokens: boolean;
  readonly logLevel: string;
  /** Unset: JSON unless stdout is a terminal. */
  readonly logFormat?: 'json' | 'pretty';
  /** Environment variables access policies may read as `${ENV.NAME}` (POLICY_ENV_VARS, comma-separated): an allow-list, so no policy can read a secret. */
  readonly policyEnvNames: readonly string[];
  readonly raw: NodeJS.ProcessEnv;

  constructor(
    env: NodeJS.ProcessEnv = process.env,
    options: { seedsAdministrator?: boolean; servesTokens?: boolean } = {},
  ) {
    this.seedsAdministrator = options.seedsAdministrator ?? true;
    this.servesTokens = options.servesTokens ?? true;
    this.raw = env;
    this.port = Number(env.PORT ?? 3000);
    if (!Number.isInteger(this.port) || this.port < 0 || this.port > 65535)
      throw new Error(`PORT must be a port number, got '${env.PORT}'`);
    this.host = env.HOST || '0.0.0.0';
    this.dataDir = resolve(env.DATA_DIR ?? './data');
    this.databaseUrl = env.DATABASE_URL || `sqlite:${join(this.dataDir, 'jwt-access-manager.sqlite')}`;
    this.redisUrl = env.REDIS_URL || undefined;
    this.redisKeyPrefix = env.REDIS_KEY_PREFIX ?? 'jam:';
    if (!/^[A-Za-z0-9_.:-]{0,64}$/.test(this.redisKeyPrefix))
      throw new Error(`REDIS_KEY_PREFIX must be at most 64 letters, digits or _ . : -, got '${this.redisKeyPrefix}'`);
    this.redisEventsChannel = env.REDIS_EVENTS_CHANNEL || 'jwt-access-manager:events';
    this.configPressFile = env.CONFIGPRESS_FILE || undefined;
    // The API's rule for a username; stored lower-case (login lower-cases what it is given), so the seed is too.
    const adminUsername = (env.ADMIN_USERNAME || 'admin').trim();
    if (!USERNAME.pattern.test(adminUsername))
      throw new Error(
        `ADMIN_USERNAME must be ${USERNAME.minLength}-${USERNAME.maxLength} characters of letters, digits, . _ - (got '${env.ADMIN_USERNAME}')`,
      );
    this.adminUsername = adminUsername.toLowerCase();
    this.adminPassword = env.ADMIN_PASSWORD || undefined;
    this.logLevel = env.LOG_LEVEL || 'info';
    const logFormat = env.LOG_FORMAT || undefined;
    if (logFormat !== undefined && logFormat !== 'json' && logFormat !== 'pretty')
      throw new Error(
        `LOG_FORMAT must be json or pretty (or unset: pretty on a terminal, JSON otherwise), got '${logFormat}'`,
      );
    this.logFormat = logFormat;
    this.policyEnvNames = (env.POLICY_ENV_VARS ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    const badName = this.policyEnvNames.find((name) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name));
    if (badName) throw new Error(`POLICY_ENV_VARS must list environment variable names, got '${badName}'`);
  }
}
