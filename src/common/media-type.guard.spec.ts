import { Body, Controller, Module, Post } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { MediaTypeGuard } from './media-type.guard';
import { Consumes } from './media-types';
import { ProblemFilter } from './problem.filter';

/** Until the routes that take forms (refresh, revoke, introspect) exist, these stand in for them. */
@Controller()
class EchoController {
  @Post('json')
  json(@Body() body: unknown): unknown {
    return { body };
  }

  @Post('form')
  @Consumes('application/json', 'application/x-www-form-urlencoded')
  form(@Body() body: unknown): unknown {
    return { body };
  }
}

@Module({
  controllers: [EchoController],
  providers: [
    { provide: APP_GUARD, useClass: MediaTypeGuard },
    { provide: APP_FILTER, useClass: ProblemFilter },
  ],
})
class EchoModule {}

describe('MediaTypeGuard over HTTP (real Fastify body parsers)', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(EchoModule, new FastifyAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  const post = (url: string, contentType: string | undefined, payload?: string) =>
    app.inject({ method: 'POST', url, headers: contentType ? { 'content-type': contentType } : {}, payload });

  it('lets a route that declares forms take a form body', async () => {
    const response = await post('/form', 'application/x-www-form-urlencoded', 'token=abc&token_type_hint=x');
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ body: { token: 'abc', token_type_hint: 'x' } });
  });

  it('still takes JSON on a route that declares forms', async () => {
    const response = await post('/form', 'application/json; charset=utf-8', '{"token":"abc"}');
    expect(response.statusCode).toBe(201);
  });

  it.each([
    ['application/x-www-form-urlencoded', 'roles=administrator&roles=administrator'],
    ['text/plain', '{"a":1}'],
  ])('refuses %s on a route that takes JSON only, before the handler runs', async (type, payload) => {
    const response = await post('/json', type, payload);
    expect(response.statusCode).toBe(415);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toEqual(
      expect.objectContaining({ code: 'unsupported_media_type', detail: 'Send application/json.' }),
    );
  });

  it('refuses text/plain on a route that takes JSON and forms', async () => {
    const response = await post('/form', 'text/plain', 'token=abc');
    expect(response.statusCode).toBe(415);
    expect(response.json()).toEqual(
      expect.objectContaining({ detail: 'Send application/json or application/x-www-form-urlencoded.' }),
    );
  });

  it('takes a request with no body and no Content-Type', async () => {
    expect((await post('/json', undefined)).statusCode).toBe(201);
  });
});
