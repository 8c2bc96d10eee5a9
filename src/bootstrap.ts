import fastifyCookie from '@fastify/cookie';
import { Logger, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply } from 'fastify';
import { AppModule } from './app.module';
import { ignoreLabelWithoutBody } from './common/bodyless.hook';
import { answerClientError } from './common/client-errors';
import { installClientIp } from './common/client-ip';
import { discardUnreadableBody } from './common/media-types';
import type { Clock } from './common/clock';
import { setUpOpenApi } from './common/openapi';
import { refuseUnsafeInput } from './common/request-input.hook';
import { sendProblem } from './common/problem.filter';
import { DOCS_PAGES, registerSecurityHeaders } from './common/security-headers';
import { ConfigService } from './config/config.service';
import type { ListeningAddress } from './config/public-origin';
import { reachableOrigin } from './config/public-origin';
import type { ServerEnvironment } from './common/environment';
import type { LogDestination, LogRedaction } from './logging';
import { AccessLog, chooseLogFormat, loggerOptions, logStream, PinoNestLogger, stdoutDestination } from './logging';

/** Request bodies are small JSON documents; anything larger is refused with 413 before parsing. */
const BODY_LIMIT_BYTES = 256 * 1024;

/** What tests replace: the clock, and where the log goes (stdout otherwise). */
export interface AppOverrides {
  clock?: Clock;
  logDestination?: LogDestination;
}

/** Builds the configured application (shared by main.ts and the e2e tests). */
export async function createApp(env: ServerEnvironment, overrides: AppOverrides = {}): Promise<NestFastifyApplication> {
  const destination = overrides.logDestination ?? stdoutDestination();
  const logFormat = chooseLogFormat(env.logFormat, destination.isTTY === true);
  // Until the configuration is loaded only the well-known credential names are redacted.
  const redaction: LogRedaction = { tokenParam: () => undefined };
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // service.rate_limit.trust_proxy decides, per request: common/client-ip.ts.
    trustProxy: false,
    logger: loggerOptions(env.logLevel, redaction, logStream(logFormat, destination)),
    logController: new AccessLog(),
    // What Fastify's router and Node's parser refuse never reaches Nest's filter: answer it the same way.
    frameworkErrors: (error: FastifyError, _request: unknown, reply: FastifyReply) =>
      sendProblem(reply, error, new Logger('Errors')),
    clientErrorHandler: answerClientError,
  });
  adapter.getInstance().addContentTypeParser('*', { parseAs: 'buffer' }, discardUnreadableBody);
  adapter.getInstance().addHook('onRequest', ignoreLabelWithoutBody);
  adapter.getInstance().addHook('preValidation', refuseUnsafeInput);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(env, overrides.clock), adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(new PinoNestLogger(adapter.getInstance().log, logFormat, destination));
  // Nest holds start-up lines back until listen(); flushed now, the seed's notice and any start-up
  // failure reach the log even when the app never listens (the e2e tests, a failed migration).
  app.flushLogs();
  const config = app.get(ConfigService);
  redaction.tokenParam = () => config.get('service.jwt.query_param_name');
  installClientIp(adapter.getInstance(), () => config.get('service.rate_limit.trust_proxy'));
  await app.register(fastifyCookie);
  registerSecurityHeaders(app, [DOCS_PAGES]);
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
      { path: '.well-known/jwks.json', method: RequestMethod.GET },
    ],
  });

  setUpOpenApi(
    app,
    {
      containers: config.get('service.jwt.bearer'),
      queryParam: config.get('service.jwt.query_param_name'),
      cookie: config.get('service.jwt.cookie_name'),
    },
    () => {
      const configured = config.get('service.public_url');
      const address: ListeningAddress | string | null = app.getHttpServer().address();
      return {
        url: reachableOrigin(configured, typeof address === 'object' && address ? address : undefined, env.port),
        description: configured ? 'service.public_url' : 'This server (service.public_url is not set).',
      };
    },
  );
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
