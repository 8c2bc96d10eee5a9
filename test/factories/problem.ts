import type { Response } from 'supertest';

/** What an answer needs for the check: a supertest Response, or one read off a raw socket. */
type Answer = Pick<Response, 'status' | 'headers' | 'body'>;

/** Asserts an RFC 9457 problem document with the given status and stable code. */
export function expectProblem(response: Answer, status: number, code: string): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toEqual(
    expect.objectContaining({
      type: expect.any(String),
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
