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

  it('reports the first offending key in document order, a nested one before a later top-level one', () => {
    expect(prototypeKeyIn({ a: { b: { toString: 1 } }, constructor: 2, c: { valueOf: 3 } })).toEqual({
      field: 'a',
      key: 'toString',
    });
    expect(prototypeKeyIn({ a: [1, { valueOf: 1 }], b: { toString: 1 } })).toEqual({ field: 'a', key: 'valueOf' });
    expect(prototypeKeyIn([{ x: 1 }, { constructor: 1 }, { toString: 1 }])).toEqual({ field: '1', key: 'constructor' });
  });
});
