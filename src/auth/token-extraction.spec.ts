import type { Container, ExtractionSettings, TokenSource } from './token-extraction';
import { extractToken } from './token-extraction';

const settings = (order: Container[] = ['header', 'query_param', 'cookie']): ExtractionSettings => ({
  order,
  queryParam: 'jwt',
  cookieName: 'jwt_token',
});

const all: TokenSource = {
  headers: { authorization: 'Bearer from-header' },
  query: { jwt: 'from-query' },
  cookies: { jwt_token: 'from-cookie' },
};

describe('extractToken', () => {
  it.each<[string, TokenSource, Container[], { token: string; container: Container } | null]>([
    [
      'the header first in the default order',
      all,
      ['header', 'query_param', 'cookie'],
      { token: 'from-header', container: 'header' },
    ],
    [
      'the query parameter when there is no header',
      { ...all, headers: {} },
      ['header', 'query_param', 'cookie'],
      { token: 'from-query', container: 'query_param' },
    ],
    [
      'the cookie when it is the only one',
      { headers: {}, cookies: { jwt_token: 'from-cookie' } },
      ['header', 'query_param', 'cookie'],
      { token: 'from-cookie', container: 'cookie' },
    ],
    ['the cookie first in a custom order', all, ['cookie', 'header'], { token: 'from-cookie', container: 'cookie' }],
    [
      'the query parameter first in a custom order',
      all,
      ['query_param', 'cookie', 'header'],
      { token: 'from-query', container: 'query_param' },
    ],
    ['nothing from containers left out of the order', { ...all, headers: {} }, ['header'], null],
    ['nothing when no container has a token', { headers: {} }, ['header', 'query_param', 'cookie'], null],
    ['nothing with an empty order', all, [], null],
  ])('takes %s', (_case, request, order, result) => {
    expect(extractToken(request, settings(order))).toEqual(result);
  });

  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc', 'abc'],
    ['BEARER abc', 'abc'],
    ['Bearer \t abc  ', 'abc'],
  ])('reads the Authorization header %p', (header, token) => {
    expect(extractToken({ headers: { authorization: header } }, settings(['header']))).toEqual({
      token,
      container: 'header',
    });
  });

  it.each(['Basic dXNlcjpwYXNz', 'Token abc', 'Bearer', 'Bearer ', 'Bearerabc', 'Bearer abc def', 'abc'])(
    'ignores the Authorization header %p and goes on to the next container',
    (header) => {
      expect(extractToken({ ...all, headers: { authorization: header } }, settings())).toEqual({
        token: 'from-query',
        container: 'query_param',
      });
    },
  );

  it('ignores an Authorization header given as an array', () => {
    expect(extractToken({ headers: { authorization: ['Bearer a', 'Bearer b'] } }, settings(['header']))).toBeNull();
  });

  it.each<[string, TokenSource]>([
    ['an empty query parameter', { headers: {}, query: { jwt: '' }, cookies: { jwt_token: 'from-cookie' } }],
    [
      'a repeated query parameter (array)',
      { headers: {}, query: { jwt: ['a', 'b'] }, cookies: { jwt_token: 'from-cookie' } },
    ],
    [
      'a query parameter of another name',
      { headers: {}, query: { token: 'x' }, cookies: { jwt_token: 'from-cookie' } },
    ],
    ['no query at all', { headers: {}, cookies: { jwt_token: 'from-cookie' } }],
  ])('skips %s', (_case, request) => {
    expect(extractToken(request, settings())).toEqual({ token: 'from-cookie', container: 'cookie' });
  });

  it.each<[string, TokenSource]>([
    ['an empty cookie', { headers: {}, cookies: { jwt_token: '' } }],
    ['a cookie of another name', { headers: {}, cookies: { other: 'x' } }],
    ['no cookies at all', { headers: {} }],
  ])('finds nothing with %s', (_case, request) => {
    expect(extractToken(request, settings(['cookie']))).toBeNull();
  });

  it('uses the configured query parameter and cookie names', () => {
    const custom: ExtractionSettings = {
      order: ['query_param', 'cookie'],
      queryParam: 'access_token',
      cookieName: 'sid',
    };
    expect(extractToken({ headers: {}, query: { jwt: 'wrong', access_token: 'right' } }, custom)).toEqual({
      token: 'right',
      container: 'query_param',
    });
    expect(extractToken({ headers: {}, cookies: { jwt_token: 'wrong', sid: 'right' } }, custom)).toEqual({
      token: 'right',
      container: 'cookie',
    });
  });
});
