import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ServerEnvironment } from '../common/environment';
import { AccessDeniedError } from '../common/errors';
import type { Action } from '../common/actions';
import type { Principal } from '../common/principal';
import type { TokenClaims } from '../common/token-claims';
import { ConfigService } from '../config/config.service';
import type { OptionKey, OptionValue } from '../config/catalogue';
import { parseOptionValue } from '../config/values';
import { allowedResources, checkRoute, decide, resolveParam } from './language';
import type { Decision, PolicyContext } from './language';
import { PolicyLanguageOptions } from './language-options';
import type { ParamKey } from './language-options';
import { contextOf } from './policy-context';
import type { DeploymentFacts, RequestFacts } from './policy-context';
import { PolicySnapshots } from './policy-snapshot';

/** An account as Param conditions see it. */
export interface AccountFacts {
  id: string;
  username: string;
  email: string;
  roles: string[];
}

/**
 * Authorization decisions against the principal's attached policies (default, roles, user), from
 * the in-process snapshot: no database round trip. Routes ask through PolicyGuard; services that
 * learn the resource only after loading data ask here directly, one resource or a batch.
 */
@Injectable()
export class PolicyEvaluator {
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly config: Readonly<Record<string, unknown>>;

  constructor(
    private readonly snapshots: PolicySnapshots,
    private readonly clock: Clock,
    private readonly configService: ConfigService,
    options: PolicyLanguageOptions,
    environment: ServerEnvironment,
  ) {
    this.env = Object.fromEntries(options.envNames.map((name) => [name, environment.raw[name]]));
    const readable = new Set<string>(options.configKeys);
    // Read on use: an option changed at runtime is seen by the very next decision.
    this.config = new Proxy(
      {},
      {
        get: (_, key) =>
          typeof key === 'string' && readable.has(key) ? configService.get(key as OptionKey) : undefined,
        has: (_, key) => typeof key === 'string' && readable.has(key),
      },
    );
  }

  deployment(): DeploymentFacts {
    return { env: this.env, config: this.config, now: this.clock.now() };
  }

  context(principal: Principal, request?: RequestFacts): PolicyContext {
    return contextOf(principal, request, this.deployment());
  }

  decide(principal: Principal, action: Action, resource: string, request?: RequestFacts): Decision {
    return decide(this.effectiveOf(principal), action, resource, this.context(principal, request));
  }

  isAllowed(principal: Principal, action: Action, resource: string, request?: RequestFacts): boolean {
    return this.decide(principal, action, resource, request).decision === 'allow';
  }

  require(principal: Principal, action: Action, resource: string, request?: RequestFacts): void {
    if (!this.isAllowed(principal, action, resource, request)) throw new AccessDeniedError(action, resource);
  }

  /** Which of `resources` the principal may do `action` on, in their order: for filtered listings. */
  allowed(principal: Principal, action: Action, resources: readonly string[], request?: RequestFacts): string[] {
    return allowedResources(this.effectiveOf(principal), action, resources, this.context(principal, request));
  }

  /** A `Route:` restriction: deny only when a matching Route statement decides so. */
  checkRoute(principal: Principal, path: string, method: string, request?: RequestFacts): Decision {
    return checkRoute(this.effectiveOf(principal), path, method, this.context(principal, request));
  }

  /** The value the principal's policies give `key`, or undefined when none sets it. */
  param(principal: Principal, key: ParamKey, request?: RequestFacts): unknown {
    return resolveParam(this.effectiveOf(principal), key, this.context(principal, request))?.value;
  }

  /**
   * A config option as it applies to the principal: a policy Param's value when one sets it and
   * it is a valid value of the option (checked like any other layer's), else the config's.
   */
  option<K extends ParamKey>(principal: Principal, key: K, request?: RequestFacts): OptionValue<K> {
    const override = this.param(principal, key, request);
    if (override !== undefined) {
      const parsed = parseOptionValue(key, override);
      if (parsed.ok) return parsed.value as OptionValue<K>;
    }
    return this.configService.get(key);
  }

  /**
   * The same for an account outside a request of its own (an administrator issuing it a token, a
   * login starting its session): USER markers see the account, JWT markers see no claims.
   */
  optionForAccount<K extends ParamKey>(account: AccountFacts, key: K, ip = ''): OptionValue<K> {
    const principal: Principal = {
      userId: account.id,
      username: account.username,
      email: account.email,
      roles: account.roles,
      claims: {} as TokenClaims,
      ip,
      tokenContainer: 'header',
    };
    return this.option(principal, key);
  }

  private effectiveOf(principal: Principal) {
    return this.snapshots.effectiveFor(principal.userId, principal.roles);
  }
}
