import { acceptsMediaType, hasBody, mediaTypeOf } from './media-types';

describe('mediaTypeOf', () => {
  it.each([
    ['application/json', 'application/json'],
    ['application/json; charset=utf-8', 'application/json'],
    ['Application/JSON ; charset=UTF-8', 'application/json'],
    ['text/plain;charset=utf-8', 'text/plain'],
    ['', ''],
  ])('reads %p as %p', (header, type) => {
    expect(mediaTypeOf(header)).toBe(type);
  });

  it('is undefined without a header', () => {
    expect(mediaTypeOf(undefined)).toBeUndefined();
  });
});

describe('acceptsMediaType', () => {
  it.each<[string | undefined, boolean]>([
    [undefined, false],
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['APPLICATION/JSON', true],
    ['text/plain', false],
    ['application/x-www-form-urlencoded', false],
    ['multipart/form-data; boundary=x', false],
    ['application/merge-patch+json', false],
    ['application/problem+json', false],
    ['application/jsonx', false],
    ['', false],
  ])('on a JSON-only route, %p is accepted: %p', (header, accepted) => {
    expect(acceptsMediaType(header, ['application/json'])).toBe(accepted);
  });

  it('accepts a form body only where the route declares it', () => {
    const form = 'application/x-www-form-urlencoded; charset=utf-8';
    expect(acceptsMediaType(form, ['application/json', 'application/x-www-form-urlencoded'])).toBe(true);
    expect(acceptsMediaType(form, ['application/json', 'text/plain'])).toBe(false);
  });
});

describe('hasBody', () => {
  it.each([
    [{}, false],
    [{ 'content-length': '0' }, false],
    [{ 'content-length': '2' }, true],
    [{ 'transfer-encoding': 'chunked' }, true],
  ])('%j → %s', (headers, expected) => {
    expect(hasBody(headers)).toBe(expected);
  });
});
