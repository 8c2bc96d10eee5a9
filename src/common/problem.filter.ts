import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { acceptedMediaTypes } from './media-types';
import { toProblem } from './problem';

/** The one place that writes error responses: every failure leaves as application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    sendProblem(reply, error, this.logger);
  }
}

export function sendProblem(reply: FastifyReply, error: unknown, logger: Logger): void {
  const problem = toProblem(error, acceptedMediaTypes(reply.request));
  if (problem.status >= 500) {
    logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  reply
    .status(problem.status)
    .headers(problem.headers)
    .header('content-type', 'application/problem+json; charset=utf-8')
    // Also set by helmet, whose hooks do not run for errors Fastify's router answers itself.
    .header('x-content-type-options', 'nosniff');
  reply.send(JSON.stringify(problem.body));
}
