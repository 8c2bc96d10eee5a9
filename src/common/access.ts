import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Action, ResourceTemplate } from './actions';
import { ProblemDto } from './problem.dto';

export const ACCESS_KEY = 'access';

/** Options listing client addresses that a route admits without a token (the config catalogue defines them). */
export type AddressListOption = 'service.metrics.allow_ips';

export type AccessDeclaration =
  | { kind: 'public' }
  | { kind: 'policy'; action: Action; resource: ResourceTemplate; orFromAddressesIn?: AddressListOption }
  | { kind: 'skip'; reason: string };

/** Anyone may call the route; no bearer token is looked at. */
export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessDeclaration);

const authenticated = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiUnauthorizedResponse({
      type: ProblemDto,
      description:
        'Missing, invalid, expired or revoked token (code: invalid_token, token_expired, token_revoked, ...).',
    }),
  );

/**
 * The caller must be authenticated and allowed `action` on `resource` (`{param}` filled from the
 * route). Also documents the route: bearer scheme, 401/403 problems and an `x-policy` extension.
 * With `orFromAddressesIn`, a request from an address that option lists is admitted without a
 * token instead (a Prometheus server scraping `/metrics`).
 */
export const RequirePolicy = (
  action: Action,
  resource: ResourceTemplate,
  options: { orFromAddressesIn?: AddressListOption } = {},
) =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'policy', action, resource, ...options } satisfies AccessDeclaration),
    authenticated(),
    ApiForbiddenResponse({
      type: ProblemDto,
      description: `Policies do not allow '${action}' on '${resource}' (code: access_denied).`,
    }),
    ApiExtension('x-policy', {
      action,
      resource,
      ...(options.orFromAddressesIn && { or_from_addresses_in: options.orFromAddressesIn }),
    }),
  );

const admittedByAddress = new WeakSet<object>();

/** JwtAuthGuard admitted this request by its client address (`orFromAddressesIn`): it has no principal. */
export function admitByAddress(request: object): void {
  admittedByAddress.add(request);
}

export function isAdmittedByAddress(request: object): boolean {
  return admittedByAddress.has(request);
}

/** Authenticated, but the route's own service decides access (say why). */
export const SkipPolicy = (reason: string) =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'skip', reason } satisfies AccessDeclaration),
    authenticated(),
    ApiExtension('x-policy', { skip: reason }),
  );
