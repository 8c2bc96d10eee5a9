import { compileWildcard, wildcardCovers } from './wildcard';

describe('compileWildcard', () => {
  it.each<[string, string, boolean]>([
    ['User:1', 'User:1', true],
    ['User:1', 'User:10', false],
    ['User:*', 'User:', true],
    ['User:*', 'User:42', true],
    ['User:*', 'Role:42', false],
    ['*', 'anything', true],
    ['*:GET', 'Route:/x:GET', true],
    ['*:GET', 'Route:/x:GETS', false],
    ['Route:/api/*/tokens:*', 'Route:/api/v1/users/{id}/tokens:POST', true],
    ['Route:/api/*/tokens:*', 'Route:/api/v1/users/{id}:POST', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'acb', false],
    // The middle piece must end before the tail begins: `ab` and the tail `b` cannot share a letter.
    ['x*ab*b', 'xab', false],
    ['x*ab*b', 'xabb', true],
    ['**', '', true],
    ['a**', 'a', true],
  ])('%s against %s: %p', (pattern, input, expected) => {
    expect(compileWildcard(pattern)(input)).toBe(expected);
  });
});

describe('wildcardCovers', () => {
  it.each<[string, string, boolean]>([
    ['User:*', 'User:1', true],
    ['User:*', 'User:a*', true],
    ['User:1', 'User:*', false],
    ['*', 'User:*', true],
    ['User:a*', 'User:*', false],
    ['Config:service.*', 'Config:service.jwt.*', true],
    ['Config:*.jwt.*', 'Config:service.*', false],
  ])('%s covers %s: %p', (outer, inner, expected) => {
    expect(wildcardCovers(outer, inner)).toBe(expected);
  });
});
