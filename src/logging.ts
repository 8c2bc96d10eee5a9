import type { LoggerService } from '@nestjs/common';
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';

/** Query parameter names that may carry a credential; their values never reach the log. */
const SECRET_NAME = /^(jwt|token|access_token|refresh_token|id_token|password|.*secret.*)$/i;

/**
 * The URL as logged: every query parameter whose (decoded) name may carry a credential is
 * redacted, so `?%6Awt=` cannot smuggle a token past the check. `tokenParam` is the configured
 * service.jwt.query_param_name.
 */
export function redactUrl(url: string | undefined, tokenParam?: string): string | undefined {
  if (!url) return url;
  const at = url.indexOf('?');
  if (at < 0) return url;
  const parts = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      let name: string;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        return '[REDACTED]';
      }
      return SECRET_NAME.test(name) || name === tokenParam ? `${rawName}=[REDACTED]` : pair;
    });
  return `${url.slice(0, at)}?${parts.join('&')}`;
}

/** Set once the configuration is loaded; until then only the well-known names are redacted. */
export const logRedaction: { tokenParam: () => string | undefined } = { tokenParam: () => undefined };

interface LoggedRequest {
  id: string;
  method: string;
  url: string;
  ip: string;
}

/**
 * Fastify's own pino logger: structured JSON, one line per request and per response, cheaper
 * than an HTTP-logging middleware on every request. Request lines carry method, URL (credentials
 * redacted) and client address; headers and bodies are never logged.
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    serializers: {
      req: (req: LoggedRequest) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.url, logRedaction.tokenParam()),
        ip: req.ip,
      }),
    },
  };
}

/** Routes Nest's own log lines (start-up, errors) into the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: FastifyBaseLogger) {}

  log(message: unknown, context?: string): void {
    this.pino.info({ context }, String(message));
  }

  error(message: unknown, trace?: string, context?: string): void {
    this.pino.error({ context, trace }, String(message));
  }

  warn(message: unknown, context?: string): void {
    this.pino.warn({ context }, String(message));
  }

  debug(message: unknown, context?: string): void {
    this.pino.debug({ context }, String(message));
  }

  verbose(message: unknown, context?: string): void {
    this.pino.trace({ context }, String(message));
  }
}
