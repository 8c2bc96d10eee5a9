import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ValidationFailedError } from './errors';

/**
 * Routes that take no query DTO take no query parameters either: an unknown field is a 400 there
 * too, as in bodies. Routes with a query DTO are checked by the ValidationPipe instead. Runs after
 * authentication, which has already removed the bearer token's own query parameter.
 */
@Injectable()
export class UnknownQueryGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const query = context.switchToHttp().getRequest<{ query?: Record<string, unknown> }>().query ?? {};
    const names = Object.keys(query);
    if (names.length === 0 || this.takesQuery(context)) return true;
    throw new ValidationFailedError(names.map((name) => ({ field: name, message: `unknown field ${name}` })));
  }

  private takesQuery(context: ExecutionContext): boolean {
    const args =
      (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) as object | undefined) ??
      {};
    return Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.QUERY));
  }
}
