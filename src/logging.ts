import type { LoggerService } from '@nestjs/common';
import { LogController } from 'fastify';
import pino from 'pino';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { prettyFactory } from 'pino-pretty';

/**
 * Query parameter names (or parts of them) that may carry a credential; their values never reach
 * the log. Substrings on purpose: `reset_token` or `client_secret` are as secret as `token`.
 */
const SECRET_NAME = /jwt|token|password|passwd|passphrase|secret|api_?key|authorization|bearer/i;

/** How often a name is percent-decoded: `%256Awt` is `jwt` to a server that decodes twice. */
const MAX_DECODE_ROUNDS = 4;

/** The name as a server might read it, or null when it cannot be decoded. */
function decodeName(raw: string): string | null {
  let name = raw;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
    let next: string;
    try {
      next = decodeURIComponent(name.replace(/\+/g, ' '));
    } catch {
      return null;
    }
    if (next === name) return name;
    name = next;
  }
  return name;
}

/**
 * Whether a decoded name may carry a credential: the whole name, or any part of a nested or
 * array name (`a[jwt]`, `jwt[0]`, `jwt.x`), compared without case and surrounding spaces.
 */
function isSecretName(name: string, tokenParam: string | undefined): boolean {
  const wanted = tokenParam?.toLowerCase();
  const parts = [name, name.split('[')[0], ...name.split(/[[\].]/)].map((part) => part.trim().toLowerCase());
  return parts.some((part) => SECRET_NAME.test(part) || (wanted !== undefined && part === wanted));
}

/**
 * The URL as logged: every query parameter whose name may carry a credential is redacted, in
 * whatever shape the name arrives (encoded, nested, array, repeated, any case). A name that
 * cannot be decoded makes the whole query redacted: what it means to a parser is unknown.
 * `tokenParam` is the configured service.jwt.query_param_name.
 */
export function redactUrl(url: string | undefined, tokenParam?: string): string | undefined {
  if (!url) return url;
  const at = url.indexOf('?');
  if (at < 0) return url;
  const path = url.slice(0, at);
  const pairs = url.slice(at + 1).split('&');
  const redacted: string[] = [];
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const name = decodeName(rawName);
    if (name === null) return `${path}?[REDACTED]`;
    redacted.push(isSecretName(name, tokenParam) ? `${rawName}=[REDACTED]` : pair);
  }
  return `${path}?${redacted.join('&')}`;
}

/** The configured token parameter, read per request: it is known only once the configuration is loaded. */
export interface LogRedaction {
  tokenParam: () => string | undefined;
}

export type LogFormat = 'json' | 'pretty';

/** Somewhere log text goes: stdout, or a buffer in tests. */
export interface LogDestination {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * Where the server logs by default: stdout, written asynchronously (pino's sonic-boom) unless a
 * person is watching. A synchronous write per record held the event loop on every request; the
 * buffered records are flushed when the process exits, a crash included (pino registers it). A
 * terminal keeps synchronous writes, so that what a person reads appears at once and in order.
 */
export function stdoutDestination(): LogDestination {
  if (process.stdout.isTTY) return process.stdout;
  return pino.destination({ dest: process.stdout.fd, sync: false });
}

/** JSON for machines unless a person is watching; LOG_FORMAT decides when it is set. */
export function chooseLogFormat(forced: LogFormat | undefined, destinationIsTty: boolean): LogFormat {
  return forced ?? (destinationIsTty ? 'pretty' : 'json');
}

/**
 * The stream pino writes to. Pretty lines are formatted in-process, synchronously, so they keep
 * their order with the password notice, which is written to the same destination.
 */
export function logStream(format: LogFormat, destination: LogDestination): LogDestination {
  if (format === 'json') return destination;
  const pretty = prettyFactory({
    colorize: destination.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,context',
    messageFormat: '{if context}[{context}] {end}{msg}',
  });
  return { write: (line: string) => destination.write(pretty(line)) };
}

interface LoggedRequest {
  id: string;
  method: string;
  url: string;
  ip: string;
}

/**
 * Fastify's own pino logger, cheaper than an HTTP-logging middleware on every request. Request
 * records carry method, URL (credentials redacted) and client address; headers (Authorization,
 * Cookie) and bodies are never logged.
 */
export function loggerOptions(
  level: string,
  redaction: LogRedaction,
  stream: LogDestination,
): FastifyServerOptions['logger'] {
  return {
    level,
    stream,
    serializers: {
      req: (req: LoggedRequest) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.url, redaction.tokenParam()),
        ip: req.ip,
      }),
    },
  };
}

/**
 * One access record per request, written once the answer is sent: request, status and time taken.
 * Fastify's own request logging writes two, one on arrival and one on completion, and serialising
 * and writing a record is a measurable share of a cheap request's CPU (docs/benchmarks.md).
 */
export class AccessLog extends LogController {
  incomingRequest(): void {}

  requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const record = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...record, err: error }, 'request errored');
    else reply.log.info(record, 'request completed');
  }
}

/**
 * What the seed logs once, on the first start, when it generated the administrator's password.
 * Matched by shape (users/ sits below this file and does not import it).
 */
export interface GeneratedPasswordNotice {
  generatedAdministrator: { username: string; password: string };
}

export function isGeneratedPasswordNotice(message: unknown): message is GeneratedPasswordNotice {
  const admin = (message as Partial<GeneratedPasswordNotice> | null)?.generatedAdministrator;
  return typeof admin?.username === 'string' && typeof admin.password === 'string';
}

/** The framed block a person sees on the first start (and from the CLI): the password on a line of its own. */
export function passwordBlock(
  username: string,
  password: string,
  headline = 'Administrator account created. Its password is shown this once:',
  hint = 'Log in with it and change it; set ADMIN_PASSWORD to choose it instead.',
): string {
  const lines = [headline, '', `  username: ${username}`, `  password: ${password}`, '', hint];
  const width = Math.max(...lines.map((line) => line.length));
  const rule = `+${'-'.repeat(width + 2)}+`;
  return ['', rule, ...lines.map((line) => `| ${line.padEnd(width)} |`), rule, ''].join('\n') + '\n';
}

/** Nest's start-up chatter (one line per module and per route) that only a developer debugging wiring wants. */
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Routes Nest's own log lines (start-up, errors) into the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(
    private readonly pino: FastifyBaseLogger,
    private readonly format: LogFormat,
    private readonly destination: LogDestination,
  ) {}

  log(message: unknown, context?: string): void {
    if (this.announce(message)) return;
    if (context && START_UP_CONTEXTS.has(context)) this.pino.debug({ context }, String(message));
    else this.pino.info({ context }, String(message));
  }

  error(message: unknown, trace?: string, context?: string): void {
    this.pino.error({ context, trace }, String(message));
  }

  warn(message: unknown, context?: string): void {
    if (this.announce(message)) return;
    this.pino.warn({ context }, String(message));
  }

  debug(message: unknown, context?: string): void {
    this.pino.debug({ context }, String(message));
  }

  verbose(message: unknown, context?: string): void {
    this.pino.trace({ context }, String(message));
  }

  /**
   * The generated password is the operator's one chance to log in, so it is shown whatever
   * LOG_LEVEL says: framed on its own for a person, one record for a log collector.
   */
  private announce(message: unknown): boolean {
    if (!isGeneratedPasswordNotice(message)) return false;
    const { username, password } = message.generatedAdministrator;
    if (this.format === 'pretty') {
      this.destination.write(passwordBlock(username, password));
    } else {
      this.pino
        .child({ context: 'Seed' }, { level: 'warn' })
        .warn({ username, password }, `Created administrator '${username}' with a generated password, shown once`);
    }
    return true;
  }
}

/**
 * The operator CLI's Nest logger: what an operator must see (warnings, errors, one line each,
 * no stack trace) goes to stderr, so stdout carries only the command's own answer.
 */
export class CliLogger implements LoggerService {
  constructor(private readonly destination: LogDestination = process.stderr) {}

  log(): void {}

  error(message: unknown, _trace?: string, context?: string): void {
    // A failed start reaches the command, which reports it once, in its own words.
    if (context !== 'ExceptionHandler') this.destination.write(`${String(message)}\n`);
  }

  warn(message: unknown): void {
    this.destination.write(`${String(message)}\n`);
  }
}
