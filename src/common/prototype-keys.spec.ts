import { prototypeKeyIn } from './prototype-keys';

describe('prototypeKeyIn', () => {
  it.each([
    [{ dept: 'x', tags: ['a', { b: 1 }] }, undefined],
    [{ constructor: 7 }, { field: '', key: 'constructor' }],
    [{ additional_claims: { a: [{ prototype: 1 }] } }, { field: 'additional_claims', key: 'prototype' }],
    [{ claims: { hasOwnProperty: 1 } }, { field: 'claims', key: 'hasOwnProperty' }],
    ['constructor', undefined],
  ])('%j → %j', (value, found) => {
    expect(prototypeKeyIn(value)).toEqual(found);
  });
});
