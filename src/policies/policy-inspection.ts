import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '../common/errors';
import type { Principal } from '../common/principal';
import type { TokenClaims } from '../common/token-claims';
import { UsersService } from '../users/users.service';
import type { EffectivePolicyDto } from './dto/effective-policy.dto';
import type { SimulateDto, SimulationDto } from './dto/simulate.dto';
import { PolicyEvaluator } from './policy-evaluator';
import { PolicySnapshots } from './policy-snapshot';

/** A document's statements or params as written: one object or an array of them. */
function entriesOf(document: string, key: 'Statement' | 'Param'): Record<string, unknown>[] {
  const value = (JSON.parse(document) as Record<string, unknown>)[key];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]) as Record<string, unknown>[];
}

/** `Route:/api/v1/users/{id}:DELETE` → the path and the method. */
function routeOf(resource: string): { path: string; method: string } | null {
  const match = /^Route:(\/.*):([A-Za-z]+)$/.exec(resource);
  return match ? { path: match[1], method: match[2] } : null;
}

/** What administrators ask about a user's access: the statements that apply, and what they decide. */
@Injectable()
export class PolicyInspection {
  constructor(
    private readonly users: UsersService,
    private readonly snapshots: PolicySnapshots,
    private readonly evaluator: PolicyEvaluator,
  ) {}

  async effective(userId: string): Promise<EffectivePolicyDto> {
    const user = await this.users.get(userId);
    const attached = this.snapshots.attachedTo(
      user.id,
      user.roles.map((role) => role.slug),
    );
    const statements = attached.flatMap(({ candidate, role }) => {
      const row = this.snapshots.policy(candidate.policyId)!.row;
      const written = entriesOf(row.document, 'Statement');
      return candidate.policy.statements.map((statement) => ({
        policy_id: row.id,
        policy_name: row.name,
        level: candidate.level,
        ...(role ? { role } : {}),
        statement_index: statement.index,
        statement: written[statement.index],
      }));
    });
    const params = attached.flatMap(({ candidate }) => {
      const row = this.snapshots.policy(candidate.policyId)!.row;
      const written = entriesOf(row.document, 'Param');
      return candidate.policy.params.map((param) => ({
        policy_id: row.id,
        policy_name: row.name,
        level: candidate.level,
        param_index: param.index,
        param: written[param.index],
      }));
    });
    return { user_id: user.id, statements, params };
  }

  /** Decides as the guard would for the user, with the context given instead of a request's. */
  async simulate(dto: SimulateDto): Promise<SimulationDto> {
    const user = await this.users.get(dto.user_id);
    const context = dto.context ?? {};
    const principal: Principal = {
      userId: user.id,
      username: user.username,
      email: user.email,
      roles: user.roles.map((role) => role.slug),
      claims: (context.jwt ?? { sub: user.id, token_use: 'access' }) as TokenClaims,
      ip: context.ip ?? '127.0.0.1',
      tokenContainer: 'header',
    };
    const request = { query: context.query, headers: context.headers, params: context.params };
    if (dto.resource.startsWith('Route:')) {
      const route = routeOf(dto.resource);
      if (!route)
        throw new ValidationFailedError([{ field: 'resource', message: 'a route is written Route:<path>:<METHOD>' }]);
      return this.evaluator.checkRoute(principal, route.path, route.method, request);
    }
    if (!dto.action)
      throw new ValidationFailedError([
        { field: 'action', message: 'action is required for a resource other than Route:' },
      ]);
    return this.evaluator.decide(principal, dto.action, dto.resource, request);
  }
}
