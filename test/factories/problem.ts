import type { Response } from 'supertest';
import type { ErrorCode } from '../../src/common/error-codes';
import { problemType, statusOf } from '../../src/common/error-codes';

/** What an answer needs for the check: a supertest Response, or one read off a raw socket. */
type Answer = Pick<Response, 'status' | 'headers' | 'body'>;

/**
 * Asserts an RFC 9457 problem document with the given status and stable code, and that the code
 * is answered with its catalogue status and points at its entry in docs/errors.md.
 */
export function expectProblem(response: Answer, status: number, code: ErrorCode): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  expect({ code, status: statusOf(code) }).toEqual({ code, status });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toEqual(
    expect.objectContaining({
      type: problemType(code),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      code,
    }),
  );
}

/** The fields named in a validation problem's `errors`, sorted and without duplicates. */
export function errorFields(response: Response): string[] {
  const errors = (response.body?.errors ?? []) as { field: string }[];
  return [...new Set(errors.map((e) => e.field))].sort();
}
