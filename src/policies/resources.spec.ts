import { resolveResource } from './resources';

describe('resolveResource', () => {
  it.each([
    ['User:{id}', { id: '42' }, 'User:42'],
    ['User:*', {}, 'User:*'],
    ['Role:{slug}', { slug: 'editor' }, 'Role:editor'],
    ['Config:{key}', { key: 'service.jwt.expires_in' }, 'Config:service.jwt.expires_in'],
    ['Config:{key}', { key: 'authentication.jwt.expires' }, 'Config:service.jwt.expires_in'],
    ['Config:{key}', { key: 'no.such.option' }, 'Config:no.such.option'],
    ['Config:*', {}, 'Config:*'],
  ] as const)('resolves %s with %j to %s', (template, params, expected) => {
    expect(resolveResource(template, params)).toBe(expected);
  });
});

describe('resolveResource without the parameter it names', () => {
  it('refuses loudly instead of checking an empty id', () => {
    expect(() => resolveResource('User:{id}', {})).toThrow('{id}');
    expect(() => resolveResource('User:{id}', { id: '' })).toThrow('{id}');
  });
});
