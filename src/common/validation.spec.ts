import { ValidationError } from '@nestjs/common';
import { plainToInstance, Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested, validateSync } from 'class-validator';
import { flattenValidationErrors } from './validation';

class Address {
  @IsString()
  city: string;
}

class Item {
  @IsString()
  name: string;

  @IsInt()
  @Min(1)
  quantity: number;
}

class Order {
  @IsString()
  reference: string;

  @ValidateNested()
  @Type(() => Address)
  address: Address;

  @ValidateNested({ each: true })
  @Type(() => Item)
  items: Item[];
}

const validate = (body: object) =>
  flattenValidationErrors(
    validateSync(plainToInstance(Order, body), {
      whitelist: true,
      forbidNonWhitelisted: true,
      validationError: { target: false, value: false },
    }),
  );

describe('flattenValidationErrors', () => {
  it('returns nothing for a valid body', () => {
    expect(validate({ reference: 'r1', address: { city: 'Oslo' }, items: [{ name: 'a', quantity: 1 }] })).toEqual([]);
  });

  it('names top-level, nested and array fields by path', () => {
    const errors = validate({
      reference: 5,
      address: { city: 7 },
      items: [
        { name: 'a', quantity: 1 },
        { name: 'b', quantity: 0 },
      ],
    });
    expect(errors).toEqual([
      { field: 'reference', message: 'reference must be a string' },
      { field: 'address.city', message: 'city must be a string' },
      { field: 'items[1].quantity', message: 'quantity must not be less than 1' },
    ]);
  });

  it('reports every constraint of a field', () => {
    expect(validate({ reference: 'r', address: { city: 'x' }, items: [{ name: 'a', quantity: 'many' }] })).toEqual([
      { field: 'items[0].quantity', message: 'quantity must not be less than 1' },
      { field: 'items[0].quantity', message: 'quantity must be an integer number' },
    ]);
  });

  it('rewrites "property x should not exist" to "unknown field x", at any depth', () => {
    expect(
      validate({
        reference: 'r',
        admin: true,
        address: { city: 'x', zip: '1' },
        items: [{ name: 'a', quantity: 1, price: 3 }],
      }),
    ).toEqual([
      { field: 'admin', message: 'unknown field admin' },
      { field: 'address.zip', message: 'unknown field zip' },
      { field: 'items[0].price', message: 'unknown field price' },
    ]);
  });

  it.each<[string, ValidationError[], { field: string; message: string }[]]>([
    ['an error without constraints or children', [{ property: 'x' }], []],
    [
      'a numeric child under a parent as an index',
      [{ property: 'list', children: [{ property: '2', constraints: { c: 'bad' } }] }],
      [{ field: 'list[2]', message: 'bad' }],
    ],
    [
      'a numeric property at top level as a plain name',
      [{ property: '0', constraints: { c: 'bad' } }],
      [{ field: '0', message: 'bad' }],
    ],
    [
      'nested arrays',
      [{ property: 'grid', children: [{ property: '1', children: [{ property: '0', constraints: { c: 'bad' } }] }] }],
      [{ field: 'grid[1][0]', message: 'bad' }],
    ],
    [
      'a message that only contains the whitelist phrase',
      [{ property: 'a', constraints: { c: 'note: property a should not exist' } }],
      [{ field: 'a', message: 'note: property a should not exist' }],
    ],
  ])('handles %s', (_case, errors, out) => {
    expect(flattenValidationErrors(errors)).toEqual(out);
  });
});
