import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_KEY } from '../common/access';
import type { AccessDeclaration } from '../common/access';
import type { RouteDeclaration } from './language';

/**
 * Checks services make themselves, beyond their routes' declarations: the analyzer must not call
 * a statement unreachable because no route names its action.
 */
const SERVICE_CHECKS: readonly RouteDeclaration[] = [{ action: 'ViewToken', resourceType: 'User' }];

/** Every action × resource type some route or service asks for, read from the routes once at start. */
@Injectable()
export class RouteDeclarations implements OnApplicationBootstrap {
  private declarations: RouteDeclaration[] = [...SERVICE_CHECKS];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const found = new Map<string, RouteDeclaration>(SERVICE_CHECKS.map((d) => [`${d.action} ${d.resourceType}`, d]));
    for (const wrapper of this.discovery.getControllers()) {
      const prototype = Object.getPrototypeOf(wrapper.instance) as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const access = this.reflector.getAllAndOverride<AccessDeclaration | undefined>(ACCESS_KEY, [
          prototype[name] as () => unknown,
          wrapper.metatype as () => unknown,
        ]);
        if (access?.kind !== 'policy') continue;
        const resourceType = access.resource.split(':')[0];
        found.set(`${access.action} ${resourceType}`, { action: access.action, resourceType });
      }
    }
    this.declarations = [...found.values()];
  }

  list(): readonly RouteDeclaration[] {
    return this.declarations;
  }
}
