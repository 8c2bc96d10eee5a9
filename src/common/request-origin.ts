import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** scheme://host[:port] of the request, for links the server hands out. */
export const RequestOrigin = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<{ protocol: string; host: string }>();
  return `${request.protocol}://${request.host}`;
});
