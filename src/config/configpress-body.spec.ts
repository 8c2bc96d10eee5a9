import { ValidationFailedError } from '../common/errors';
import { configPressText } from './configpress-body';

const INI = 'service.jwt.registry_size = 5\n';
const NOT_INI = [{ field: 'body', message: 'send the INI text as text/plain, or JSON {"ini": "..."}' }];

/** The field errors configPressText refuses a body with. */
function refusal(body: unknown, contentType: string | undefined): unknown {
  try {
    configPressText(body, contentType);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailedError);
    return (error as ValidationFailedError).errors;
  }
  throw new Error('the body was taken');
}

describe('the INI text of a PUT /configpress body', () => {
  it.each(['text/plain', 'text/plain; charset=utf-8', 'Text/Plain'])('is a %s body as it is', (type) => {
    expect(configPressText(INI, type)).toBe(INI);
  });

  it.each(['application/json', 'text/plain', undefined])('is the ini field of an object (sent as %s)', (type) => {
    expect(configPressText({ ini: INI }, type)).toBe(INI);
  });

  it('takes an empty ini', () => {
    expect(configPressText({ ini: '' }, 'application/json')).toBe('');
  });

  it.each<[string, unknown, string | undefined]>([
    ['a bare JSON string', INI, 'application/json'],
    ['a string without a Content-Type', INI, undefined],
    ['an array', [INI], 'application/json'],
    ['null', null, 'application/json'],
    ['a number', 5, 'application/json'],
  ])('is refused for %s', (_case, body, type) => {
    expect(refusal(body, type)).toEqual(NOT_INI);
  });

  it.each<[string, unknown]>([
    ['missing', {}],
    ['a number', { ini: 5 }],
    ['a list of lines', { ini: [INI] }],
  ])('is refused when ini is %s', (_case, body) => {
    expect(refusal(body, 'application/json')).toEqual([{ field: 'ini', message: 'ini must be a string' }]);
  });

  it('names every unknown field, after a bad ini', () => {
    expect(refusal({ text: INI, ini: 1, more: true }, 'application/json')).toEqual([
      { field: 'ini', message: 'ini must be a string' },
      { field: 'text', message: 'unknown field text' },
      { field: 'more', message: 'unknown field more' },
    ]);
  });

  it('refuses unknown fields beside a good ini', () => {
    expect(refusal({ ini: INI, extra: 1 }, 'application/json')).toEqual([
      { field: 'extra', message: 'unknown field extra' },
    ]);
  });
});
