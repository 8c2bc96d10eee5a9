import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Problem } from './problem';
import { problemOf } from './problem';

/** What Node's HTTP parser refused, as the problem the client gets. */
export function clientErrorProblem(code: string | undefined): Problem {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return problemOf('header_fields_too_large', 'The request headers exceed the size limit.');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return problemOf('request_timeout', 'The request did not arrive in time.');
    case 'HPE_INVALID_METHOD':
      return problemOf('unknown_method', 'The request method is not one this server knows.');
    default:
      return problemOf('malformed_request', 'The request is not valid HTTP/1.1.');
  }
}

/**
 * Fastify's clientErrorHandler: a request Node could not parse never reaches Fastify's routing,
 * so its answer is written to the socket here, as a problem document like every other error.
 * The connection closes after it: the parser lost its place in the stream.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // A reset connection has nobody left to answer (as Node and Fastify do by default).
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const problem = clientErrorProblem(error.code);
    const body = JSON.stringify(problem.body);
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
        'Content-Type: application/problem+json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'X-Content-Type-Options: nosniff\r\n' +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}
