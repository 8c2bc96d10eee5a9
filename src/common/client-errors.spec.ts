import { PassThrough } from 'node:stream';
import { answerClientError, clientErrorProblem } from './client-errors';

describe('clientErrorProblem', () => {
  it.each<[string | undefined, number, string]>([
    ['HPE_HEADER_OVERFLOW', 431, 'header_fields_too_large'],
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, 'request_timeout'],
    ['HPE_INVALID_METHOD', 400, 'unknown_method'],
    ['HPE_INVALID_HEADER_TOKEN', 400, 'malformed_request'],
    [undefined, 400, 'malformed_request'],
  ])('answers %s with %i %s', (code, status, problemCode) => {
    const problem = clientErrorProblem(code);
    expect(problem.status).toBe(status);
    expect(problem.body).toEqual(expect.objectContaining({ status, code: problemCode }));
  });
});

describe('answerClientError', () => {
  const errorWith = (code: string) => Object.assign(new Error(code), { code });

  it('writes a problem document and closes the connection', () => {
    const socket = new PassThrough();
    // destroy(error) re-emits the parser's error on the socket, as Node's own handler does.
    socket.on('error', () => undefined);
    const write = jest.spyOn(socket, 'write');
    answerClientError(errorWith('HPE_HEADER_OVERFLOW'), socket);
    expect(write).toHaveBeenCalledTimes(1);
    expect(String(write.mock.calls[0][0])).toMatch(
      /^HTTP\/1\.1 431 Request Header Fields Too Large\r\nContent-Type: application\/problem\+json; charset=utf-8\r\n/,
    );
    expect(socket.destroyed).toBe(true);
  });

  it('writes nothing to a connection the client reset', () => {
    const socket = new PassThrough();
    const write = jest.spyOn(socket, 'write');
    answerClientError(errorWith('ECONNRESET'), socket);
    expect(socket.destroyed).toBe(false);
    expect(write).not.toHaveBeenCalled();
  });
});
