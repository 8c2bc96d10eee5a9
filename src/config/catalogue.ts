import { proxyTrustProblem } from '../common/client-ip';
import { isAddressOrRange } from '../common/address-list';

/**
 * The ConfigPress option catalogue: the single source of every option's type, default, range,
 * description and secrecy. The README table and GET /config are generated from it.
 */
export type OptionType = 'int' | 'bool' | 'string' | 'enum' | 'list';

export interface OptionSpec {
  type: OptionType;
  default: number | boolean | string | string[];
  description: string;
  min?: number;
  max?: number;
  /** Allowed values for `enum`, or for each item of a `list`. */
  values?: readonly string[];
  /** Regular expression a string, or each item of a `list` without `values`, must match. */
  pattern?: RegExp;
  /** What each item of a `list` must also be, beyond its pattern: the check, and how an error and the README name it. */
  items?: { accepts: (item: string) => boolean; description: string; plural: string };
  /** A `list` that may be empty (written as an empty string in INI and environment text). */
  allowEmpty?: boolean;
  secret?: boolean;
  /** A rule no pattern can say (ranges, items that exclude each other): why a parsed value is refused, or undefined. */
  check?: (value: string[]) => string | undefined;
  /** AAM v6 names accepted as synonyms. */
  aliases?: string[];
}

const DAY = 86400;
const TEN_YEARS = 10 * 365 * DAY;

export const SIGNING_ALGORITHMS = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;
export const BEARER_CONTAINERS = ['header', 'query_param', 'cookie'] as const;

export const CATALOGUE = {
  'service.jwt.signing_algorithm': {
    type: 'enum',
    default: 'HS256',
    values: SIGNING_ALGORITHMS,
    description: 'Algorithm every token is signed and verified with; the token header never picks it.',
    aliases: ['authentication.jwt.algorithm'],
  },
  'service.jwt.signing_secret': {
    type: 'string',
    default: '',
    secret: true,
    description:
      'HMAC secret (at least 32 characters; environment or INI file only). Empty: a random key is generated into the data directory.',
    aliases: ['authentication.jwt.secret'],
  },
  'service.jwt.private_cert_path': {
    type: 'string',
    default: '',
    description:
      'PEM private key for RS*/ES*/EdDSA algorithms (EdDSA: Ed25519): a readable regular file of at most 64 KiB, checked whenever ' +
      'set, whatever the algorithm. Empty: a key pair is generated into the data directory at start-up (a ' +
      'runtime switch of algorithm needs a key that already exists).',
    aliases: ['authentication.jwt.privateCertPath'],
  },
  'service.jwt.private_cert_passphrase': {
    type: 'string',
    default: '',
    secret: true,
    description:
      'Passphrase of an encrypted PEM key in service.jwt.private_cert_path (environment or INI file only). Empty: the key is not encrypted.',
  },
  'service.jwt.public_cert_path': {
    type: 'string',
    default: '',
    description:
      'PEM public key (or certificate) matching service.jwt.private_cert_path, checked like it. Empty: derived from the private key.',
    aliases: ['authentication.jwt.publicCertPath'],
  },
  'service.jwt.verification_secret': {
    type: 'string',
    default: '',
    secret: true,
    description:
      'An HMAC secret that verifies tokens but never signs (at least 32 characters; environment or INI file only): ' +
      'the previous service.jwt.signing_secret after a rotation, or the next one before every instance signs with it. Empty: none.',
  },
  'service.jwt.verification_cert_path': {
    type: 'string',
    default: '',
    description:
      'PEM public key (or certificate, or private key: only its public half is read) that verifies tokens of ' +
      'service.jwt.signing_algorithm but never signs: the previous key after a rotation, or the next one before every ' +
      'instance signs with it. Checked like service.jwt.public_cert_path. Empty: none.',
  },
  'service.jwt.issuer': {
    type: 'string',
    default: 'jwt-access-manager',
    pattern: /^\S{1,200}$/,
    description: 'The iss claim of issued tokens; tokens with another issuer are refused.',
  },
  'service.jwt.audience': {
    type: 'string',
    default: 'api',
    pattern: /^\S{1,200}$/,
    description: 'The aud claim of issued tokens; tokens for another audience are refused.',
  },
  'service.jwt.clock_tolerance': {
    type: 'int',
    default: 30,
    min: 0,
    max: 300,
    description: 'Seconds of leeway when checking exp, nbf and iat.',
  },
  'service.jwt.expires_in': {
    type: 'int',
    default: DAY,
    min: 60,
    max: TEN_YEARS,
    description: 'Default lifetime in seconds of registry (API) tokens.',
    aliases: ['authentication.jwt.expires'],
  },
  'service.jwt.access_expires_in': {
    type: 'int',
    default: 900,
    min: 30,
    max: DAY,
    description: 'Lifetime in seconds of session access tokens issued at login.',
  },
  'service.jwt.refresh_expires_in': {
    type: 'int',
    default: 30 * DAY,
    min: 60,
    max: 365 * DAY,
    description: 'Lifetime in seconds of refresh tokens (not extended by rotation).',
  },
  'service.jwt.refresh_reuse_interval': {
    type: 'int',
    default: 10,
    min: 0,
    max: 300,
    description: 'Seconds during which presenting the just-spent refresh token counts as a retry.',
  },
  'service.jwt.bearer': {
    type: 'list',
    default: ['header', 'query_param', 'cookie'],
    values: BEARER_CONTAINERS,
    description: 'Where a token is looked for, in order; the first hit wins.',
  },
  'service.jwt.query_param_name': {
    type: 'string',
    default: 'jwt',
    pattern: /^[A-Za-z0-9_.-]{1,64}$/,
    description: 'Query parameter that may carry the token.',
  },
  'service.jwt.cookie_name': {
    type: 'string',
    default: 'jwt_token',
    pattern: /^[A-Za-z0-9_.-]{1,64}$/,
    description: 'Cookie that may carry the token.',
  },
  'service.jwt.cookie_origin_allowlist': {
    type: 'list',
    default: [] as string[],
    allowEmpty: true,
    pattern: /^https?:\/\/([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/,
    description:
      'Origins (scheme://host[:port], no path) besides service.public_url whose pages may send POST, PUT, ' +
      'PATCH or DELETE with the token cookie, e.g. a console on another host. Others get 403 csrf_rejected.',
  },
  'service.jwt.login_redirect_allowlist': {
    type: 'list',
    default: [] as string[],
    allowEmpty: true,
    pattern: /^https?:\/\/([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/,
    description:
      'Origins (scheme://host[:port], no path) besides this server that GET /auth/jwt-login may redirect to with a ' +
      'session in the URL fragment (redirect_to); any other target is refused with 400.',
  },
  'service.jwt.client_id': {
    type: 'string',
    default: 'jwt-access-manager',
    pattern: /^\S{1,200}$/,
    description: 'The client_id claim (RFC 9068) of session access tokens from a first-party login.',
  },
  'service.jwt.registry_size': {
    type: 'int',
    default: 10,
    min: 1,
    max: 1000,
    description: 'Live API tokens one user may hold in the registry.',
    aliases: ['authentication.jwt.registryLimit'],
  },
  'service.jwt.registry_overflow': {
    type: 'enum',
    default: 'evict',
    values: ['evict', 'reject'],
    description: 'At a full registry: evict the oldest live token, or reject the new one with 409.',
  },
  'service.jwt.max_claims_bytes': {
    type: 'int',
    default: 4096,
    min: 64,
    // The stored claim set must fit a MySQL TEXT column (64 KiB) with the reserved claims.
    max: 32768,
    description: "Largest size in bytes of a token's additional claims, as JSON.",
  },
  'service.jwt.allow_irrevocable': {
    type: 'bool',
    default: false,
    description: 'Allow registry tokens with revocable=false (they skip the revocation lookup).',
  },
  'service.cache.ttl': {
    type: 'int',
    default: 30,
    min: 0,
    max: 300,
    description:
      'Seconds an instance trusts what it cached of a token, session or account for authentication without asking ' +
      "the database. Its own changes evict at once, other instances' changes arrive over Redis (REDIS_URL); without " +
      'Redis this is how long another instance may still accept a token revoked elsewhere. 0 turns the caches off.',
  },
  'service.cache.max_entries': {
    type: 'int',
    default: 10000,
    min: 100,
    max: 1000000,
    description:
      'Entries each authentication cache (registry tokens, sessions, accounts) holds; the least recently used go first.',
  },
  'service.public_url': {
    type: 'string',
    default: '',
    // An origin and nothing else: userinfo would be shown in GET /config and in every signed URL.
    pattern: /^(https?:\/\/([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?)?$/,
    description:
      'Public origin of this server (scheme://host[:port]: no user, path, query or fragment), used in ' +
      "signed login URLs and as the server's own origin for the cookie's cross-site check (e.g. " +
      'https://auth.example.com). Empty: http://localhost:<PORT> (and, for the cross-site check, ' +
      "http://127.0.0.1:<PORT> and http://[::1]:<PORT>); never taken from the request's Host header.",
  },
  'service.password.min_length': {
    type: 'int',
    default: 10,
    min: 8,
    max: 128,
    description: 'Shortest password accepted.',
  },
  'service.password.min_score': {
    type: 'int',
    default: 3,
    min: 0,
    max: 4,
    description:
      'Least zxcvbn strength score (0 too guessable … 4 very unguessable) a new password must reach; its username and email count against it.',
  },
  'service.revocation.password_changed': {
    type: 'bool',
    default: true,
    description: 'Revoke every token of an account whose password changes.',
  },
  'service.revocation.email_changed': {
    type: 'bool',
    default: true,
    description: 'Revoke every token of an account whose email changes.',
  },
  'service.revocation.roles_changed': {
    type: 'bool',
    default: true,
    description: 'Revoke every token of an account whose roles change.',
  },
  'service.revocation.account_blocked': {
    type: 'bool',
    default: true,
    description: 'Revoke every token of an account when it is blocked (a blocked account is refused either way).',
  },
  'service.revocation.account_deleted': {
    type: 'bool',
    default: true,
    description: 'Revoke every token of an account when it is deleted (a deleted account is refused either way).',
  },
  'service.audit.retention_days': {
    type: 'int',
    default: 90,
    min: 1,
    max: 3650,
    description: 'Days revoked and expired tokens and audit events are kept.',
  },
  'service.audit.prune_enabled': {
    type: 'bool',
    default: true,
    description:
      'Run the retention job: every service.audit.prune_interval seconds it deletes audit events older than ' +
      'service.audit.retention_days, registry tokens that expired and sessions that ended longer ago than that.',
  },
  'service.audit.prune_interval': {
    type: 'int',
    default: 3600,
    min: 60,
    max: 7 * DAY,
    description: 'Seconds between two runs of the retention job (the first runs one interval after start-up).',
  },
  'service.audit.prune_batch_size': {
    type: 'int',
    default: 500,
    min: 1,
    max: 10000,
    description: 'Rows the retention job deletes per transaction, so that no lock is held for long.',
  },
  'service.rate_limit.login': {
    type: 'int',
    default: 5,
    min: 0,
    max: 100000,
    description:
      'Requests per client IP per minute to POST /auth/login and GET /auth/jwt-login, failed or not; 0: no limit.',
  },
  'service.rate_limit.token': {
    type: 'int',
    default: 60,
    min: 0,
    max: 1000000,
    description:
      'Authenticated requests per token (its jti) per minute; 0: no limit. A policy Param may set it per principal.',
  },
  'service.rate_limit.refresh': {
    type: 'int',
    default: 10,
    min: 0,
    max: 100000,
    description: 'Requests per refresh token (counted by its hash) per minute to POST /auth/refresh; 0: no limit.',
  },
  'service.rate_limit.trust_proxy': {
    type: 'list',
    default: [] as string[],
    allowEmpty: true,
    pattern: /^[0-9A-Fa-f:.]{1,45}(\/\d{1,3})?$/,
    check: proxyTrustProblem,
    items: {
      accepts: (item: string) => /^\d{1,2}$/.test(item) || isAddressOrRange(item),
      description: 'a hop count, or an IP address or CIDR range of a proxy',
      plural: 'proxy addresses and CIDR ranges, or one hop count',
    },
    description:
      'Which proxies X-Forwarded-For is believed from, for the client IP (rate limits, audit, sessions, ${USER.ip}). ' +
      'Empty: none, the connecting address is the client. A hop count (1-10): the nearest that many proxies. Or ' +
      'addresses and CIDR ranges of the trusted proxies (e.g. 10.0.0.0/8,::1); the client is the first address, ' +
      'from the right, that is not one of them.',
  },
  'service.secure_login.brute_force_lockout': {
    type: 'bool',
    default: false,
    description:
      'Lock an account (by the username or email given, existing or not) out of password login for ' +
      'service.secure_login.time_window after service.secure_login.login_attempts failed logins. Off by default: ' +
      'anyone who knows a username could keep its owner (an administrator too) locked out, while the per-IP ' +
      'service.rate_limit.login already slows guessing; turn it on against guessing spread over many addresses.',
  },
  'service.secure_login.login_attempts': {
    type: 'int',
    default: 5,
    min: 1,
    max: 1000,
    description: 'Failed logins for one account, within service.secure_login.time_window, that lock it out.',
  },
  'service.secure_login.time_window': {
    type: 'int',
    default: 1200,
    min: 60,
    max: 7 * DAY,
    description:
      'Seconds in which failed logins are counted towards the lockout, and how long a locked-out account stays locked.',
  },
  'service.metrics.allow_ips': {
    type: 'list',
    // Empty by default: behind a reverse proxy on the same host every request comes from loopback,
    // so allowing loopback by default would publish the metrics to the internet.
    default: [] as string[],
    allowEmpty: true,
    pattern: /^[0-9A-Fa-f:.]+(\/\d{1,3})?$/,
    items: {
      accepts: isAddressOrRange,
      description: 'an IP address or a CIDR range (10.0.0.0/8, ::1, fd00::/8)',
      plural: 'IP addresses or CIDR ranges',
    },
    description:
      'Client addresses (IPs or CIDR ranges) that may read GET /metrics without a token, e.g. the Prometheus ' +
      "server's. Others need a bearer token allowed Read on Metrics. The address is the request's client address " +
      '(the TCP peer, unless a trusted proxy setting says otherwise). Empty: a token is always needed.',
  },
} satisfies Record<string, OptionSpec>;

export type OptionKey = keyof typeof CATALOGUE;

type ValueOf<S> = S extends { type: 'int' }
  ? number
  : S extends { type: 'bool' }
    ? boolean
    : S extends { type: 'list' }
      ? string[]
      : string;
export type OptionValue<K extends OptionKey> = ValueOf<(typeof CATALOGUE)[K]>;

export const OPTION_KEYS = Object.keys(CATALOGUE) as OptionKey[];

const ALIASES = new Map<string, OptionKey>();
for (const key of OPTION_KEYS) {
  for (const alias of (CATALOGUE[key] as OptionSpec).aliases ?? []) ALIASES.set(alias, key);
}

/** Resolves an option name or one of its AAM v6 aliases to the canonical key. */
export function resolveKey(name: string): OptionKey | undefined {
  // Own properties only: "constructor" or "__proto__" are not options.
  if (Object.hasOwn(CATALOGUE, name)) return name as OptionKey;
  return ALIASES.get(name);
}

export function specOf(key: OptionKey): OptionSpec {
  return CATALOGUE[key];
}

/** SERVICE_JWT_EXPIRES_IN for service.jwt.expires_in. */
export function envNameOf(key: OptionKey): string {
  return key.toUpperCase().replace(/[.-]/g, '_');
}
