import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { ConfigService } from './config/config.service';
import { ServerEnvironment } from './config/environment';

/** Query parameters that may carry a credential; their values never reach the log. */
const SECRET_QUERY = /([?&](?:jwt|token|access_token|refresh_token|[a-z_]*secret[a-z_]*)=)[^&]*/gi;

/** Also redacts `tokenParam`, the configured service.jwt.query_param_name. */
export function redactUrl(url: string | undefined, tokenParam?: string): string | undefined {
  const redacted = url?.replace(SECRET_QUERY, '$1[REDACTED]');
  if (!redacted || !tokenParam) return redacted;
  const escaped = tokenParam.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return redacted.replace(new RegExp(`([?&]${escaped}=)[^&]*`, 'g'), '$1[REDACTED]');
}

/** Structured JSON logs; credentials (Authorization, cookies, token query parameters) are redacted. */
export function loggerOptions(env: ServerEnvironment, config: ConfigService): Params {
  return {
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: env.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[REDACTED]' },
      serializers: {
        req: (req: IncomingMessage & { id?: unknown; raw?: IncomingMessage }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url, config.get('service.jwt.query_param_name')),
          headers: { ...req.headers, authorization: req.headers.authorization ? '[REDACTED]' : undefined, cookie: req.headers.cookie ? '[REDACTED]' : undefined },
        }),
      },
    },
  };
}
