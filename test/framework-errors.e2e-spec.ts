import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';

import type { ErrorCode } from '../src/common/error-codes';
import { expectProblem } from './factories/problem';
import { useTestApp } from './fixture';

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** Sends bytes no HTTP client library would send, and reads the answer until the server closes. */
function sendRaw(port: number, text: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, body] = received.split('\r\n\r\n', 2);
      const [statusLine, ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) as Record<string, unknown> });
    });
  });
}

const expectRawProblem = (response: RawResponse, status: number, code: ErrorCode) => {
  expectProblem(response, status, code);
  expect(response.headers['x-content-type-options']).toBe('nosniff');
};

describe("the framework's own errors are problem documents too", () => {
  const t = useTestApp();
  let port: number;
  let userId: string;

  beforeAll(async () => {
    userId = (await t.createUser()).id;
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  const admin = () => t.admin();

  it('answers an over-long path parameter with 414 uri_too_long', async () => {
    const response = await t.http.get(`/api/v1/users/${'a'.repeat(500)}`).set(admin());
    expectProblem(response, 414, 'uri_too_long');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each(['/api/v1/users/%ZZ', '/api/v1/users/%E0%A4%A'])(
    'answers the broken encoding of %s with 400 invalid_url',
    async (path) => {
      const response = await t.http.get(path).set(admin());
      expectProblem(response, 400, 'invalid_url');
      expect(response.body.detail).not.toContain('%');
    },
  );

  it('answers headers over the size limit with 431 header_fields_too_large', async () => {
    const response = await sendRaw(
      port,
      `GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(20000)}\r\n\r\n`,
    );
    expectRawProblem(response, 431, 'header_fields_too_large');
    expect(response.headers.connection).toBe('close');
  });

  it('answers a method Node does not know with 400 unknown_method', async () => {
    const response = await sendRaw(port, 'FOO /api/v1/users HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expectRawProblem(response, 400, 'unknown_method');
  });

  it('answers a request that is not HTTP with 400 malformed_request', async () => {
    const response = await sendRaw(port, 'GET /health HTTP/1.1\r\nHost localhost\r\n\r\n');
    expectRawProblem(response, 400, 'malformed_request');
  });

  // Swagger UI's static files (/docs) honour Range and If-Match; their refusals keep their meaning.
  it('answers a Range outside a static file with 416 range_not_satisfiable', async () => {
    const response = await t.http.get('/docs/swagger-ui.css').set('range', 'bytes=99999999-');
    expectProblem(response, 416, 'range_not_satisfiable');
  });

  it('answers an If-Match that does not hold for a static file with 412 precondition_failed', async () => {
    const response = await t.http.get('/docs/swagger-ui.css').set('if-match', '"not-this-file"');
    expectProblem(response, 412, 'precondition_failed');
  });

  it('answers a known method no route takes (PROPFIND) with a 404 problem', async () => {
    const response = await sendRaw(
      port,
      'PROPFIND /api/v1/users HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    );
    expectRawProblem(response, 404, 'not_found');
  });

  describe('a JSON null body', () => {
    it('is refused on PATCH /users/{id} like any body that is not an object', async () => {
      const response = await t.http.patch(`/api/v1/users/${userId}`).set(admin()).type('json').send('null');
      expectProblem(response, 400, 'validation_failed');
      expect(response.body.errors).toEqual([{ field: 'body', message: 'body must be a JSON object' }]);
    });

    it('is refused on POST /users/{id}/tokens, and no token is issued', async () => {
      const before = (await t.http.get(`/api/v1/users/${userId}/tokens`).set(admin()).expect(200)).body.total;
      const response = await t.http.post(`/api/v1/users/${userId}/tokens`).set(admin()).type('json').send('null');
      expectProblem(response, 400, 'validation_failed');
      expect((await t.http.get(`/api/v1/users/${userId}/tokens`).set(admin()).expect(200)).body.total).toBe(before);
    });

    it('is not the same as no body, which POST /users/{id}/tokens still takes', async () => {
      await t.http.post(`/api/v1/users/${userId}/tokens`).set(admin()).expect(201);
      await t.http.post(`/api/v1/users/${userId}/tokens`).set(admin()).send({}).expect(201);
    });
  });
});
