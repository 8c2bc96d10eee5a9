import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditService } from '../audit/audit.service';
import { clientIpOf } from '../common/client-ip';
import { Clock } from '../common/clock';
import type { Principal } from '../common/principal';
import type { RateLimitDeclaration } from '../common/rate-limit';
import { RATE_LIMIT_KEY } from '../common/rate-limit';
import { ConfigService } from '../config/config.service';
import { PolicyEvaluator } from '../policies/policy-evaluator';
import type { RequestFacts } from '../policies/policy-context';
import { hashRefreshToken } from '../sessions/refresh-secret';
import { RateLimitCounters } from './counters';
import { RateLimitedError } from './errors';
import { LoginLockout } from './login-lockout';
import { WINDOW_SECONDS, writeRateLimitHeaders } from './rate-limit-headers';
import { windowAt } from './windows';

type LimitedRequest = FastifyRequest & { user?: Principal };

/** One count: which limit, whose, and how many the window allows. */
interface Plan {
  name: 'login' | 'refresh' | 'token';
  subject: string;
  limit: number;
  /** For the 429's detail: "for this client IP", ... */
  what: string;
}

/** A field of a JSON or form body, when it is a string (the guard runs before validation). */
function bodyField(request: FastifyRequest, name: string): string | undefined {
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body) || Buffer.isBuffer(body)) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Rate limits, after authentication and authorization (ARCHITECTURE.md): per client IP on the
 * login routes, per refresh token on refresh, per token (its jti; the limit a policy Param may set)
 * on every authenticated route. Counted before the handler, so a failed login counts like a
 * successful one. Fixed one-minute windows of the server's clock; each limit is read from the
 * config on every request (0: off). Then, on a password login, the account lockout.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly logger = new Logger('RateLimit');

  constructor(
    private readonly reflector: Reflector,
    private readonly config: ConfigService,
    private readonly evaluator: PolicyEvaluator,
    private readonly counters: RateLimitCounters,
    private readonly lockout: LoginLockout,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<LimitedRequest>();
    const declared = this.reflector.getAllAndOverride<RateLimitDeclaration | undefined>(RATE_LIMIT_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const plan = this.planOf(declared, request);
    if (plan && plan.limit > 0) await this.count(plan, request, context.switchToHttp().getResponse<FastifyReply>());
    if (declared?.lockout) await this.lockout.refuseIfLocked(bodyField(request, 'username'));
    return true;
  }

  private planOf(declared: RateLimitDeclaration | undefined, request: LimitedRequest): Plan | undefined {
    if (declared?.limit === 'login')
      return {
        name: 'login',
        subject: clientIpOf(request),
        limit: this.config.get('service.rate_limit.login'),
        what: 'from this client IP',
      };
    if (declared?.limit === 'refresh') {
      // Never the raw value: the same hash the session store keeps (a registry token's too).
      const presented = bodyField(request, 'refresh_token') ?? bodyField(request, 'token');
      if (presented === undefined) return undefined;
      return {
        name: 'refresh',
        subject: hashRefreshToken(presented),
        limit: this.config.get('service.rate_limit.refresh'),
        what: 'with this refresh token',
      };
    }
    const principal = request.user;
    if (!principal) return undefined;
    const facts: RequestFacts = {
      query: request.query as RequestFacts['query'],
      headers: request.headers,
      params: (request.params ?? {}) as RequestFacts['params'],
    };
    return {
      name: 'token',
      subject: principal.claims.jti,
      limit: this.evaluator.option(principal, 'service.rate_limit.token', facts),
      what: 'with this token',
    };
  }

  private async count(plan: Plan, request: LimitedRequest, reply: FastifyReply): Promise<void> {
    const window = windowAt(this.clock.nowSeconds(), WINDOW_SECONDS);
    const key = `${plan.name}:${plan.subject}:${window.index}`;
    const count = await this.counters.increment(key, window.secondsLeft);
    writeRateLimitHeaders(reply, plan.limit, count, window);
    if (count <= plan.limit) return;
    // Once per key and window, however many instances refuse it: the first to mark it records it.
    if ((await this.counters.increment(`audited:${key}`, window.secondsLeft)) === 1)
      await this.recordRefusal(plan, request, window.end);
    throw new RateLimitedError(plan.what, window.secondsLeft);
  }

  private async recordRefusal(plan: Plan, request: LimitedRequest, windowEnd: number): Promise<void> {
    const principal = request.user;
    try {
      await this.audit.record({
        type: 'rate_limited',
        userId: principal?.userId ?? null,
        actorId: principal?.userId ?? null,
        ip: clientIpOf(request),
        jti: plan.name === 'token' ? plan.subject : null,
        reason: plan.name,
        detail: { limit: plan.limit, window_end: new Date(windowEnd * 1000).toISOString() },
      });
    } catch (error) {
      // The 429 stands either way; an audit write that fails (database down) must not make it a 500.
      this.logger.error(`Could not record a rate_limited event: ${String(error)}`);
    }
  }
}
