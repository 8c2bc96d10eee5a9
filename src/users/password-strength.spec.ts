import { passwordWeaknesses } from './password-strength';

const MIX = 'must mix at least three of: lower case, upper case, digits, symbols (or be 16+ characters)';

describe('passwordWeaknesses', () => {
  it.each([
    ['lower, upper and digits', 'Kettle7Drum'],
    ['lower, digits and symbols', 'kettle7drum!'],
    ['upper, digits and symbols', 'KETTLE7DRUM!'],
    ['all four kinds', 'K3ttle-Drum!'],
    ['a 16+ character passphrase of one kind', 'correct horse battery staple'.replace(/ /g, '')],
    ['a 16+ character passphrase with spaces', 'correct horse battery'],
  ])('accepts %s', (_case, password) => {
    expect(passwordWeaknesses(password, { minLength: 10 })).toEqual([]);
  });

  it.each([
    ['9 characters', 'Kettle7Dr', ['must be at least 10 characters long']],
    ['exactly 10 characters', 'Kettle7Dru', []],
  ])('checks the minimum length: %s', (_case, password, problems) => {
    expect(passwordWeaknesses(password, { minLength: 10 })).toEqual(problems);
  });

  it('refuses more than 256 characters', () => {
    expect(passwordWeaknesses('Ab1'.repeat(86), { minLength: 10 })).toEqual(['must be at most 256 characters long']);
    expect(passwordWeaknesses('Ab1'.repeat(85) + 'x', { minLength: 10 })).toEqual([]);
  });

  it.each([
    ['only lower case', 'kettledrums'],
    ['lower case and digits', 'kettle7drum'],
    ['upper case and symbols', 'KETTLE-DRUM!'],
    ['15 characters of one kind', 'kettledrumskett'],
  ])('asks for variety in a short password with %s', (_case, password) => {
    expect(passwordWeaknesses(password, { minLength: 10 })).toEqual([MIX]);
  });

  it('does not ask for variety from 16 characters on', () => {
    expect(passwordWeaknesses('kettledrumskettl', { minLength: 10 })).toEqual([]);
  });

  it('refuses one repeated character however long', () => {
    expect(passwordWeaknesses('a'.repeat(20), { minLength: 10 })).toEqual(['must not repeat one character']);
  });

  it.each(['password123', 'Password123', 'PASSWORD1234', 'Administrator', 'qwertyuiop'])(
    'refuses the common password %p',
    (password) => {
      expect(passwordWeaknesses(password, { minLength: 8 })).toContain('is a commonly used password');
    },
  );

  it.each([
    ['the username', { username: 'alice' }, 'Alice-2026!x'],
    ['the username in another case', { username: 'ALICE' }, 'xx-alice-2026X'],
    ['the email local part', { email: 'bob.smith@example.com' }, 'Bob.Smith-2026'],
  ])('refuses a password containing %s', (_case, who, password) => {
    expect(passwordWeaknesses(password, { minLength: 10, ...who })).toEqual(['must not contain the username or email']);
  });

  it.each([
    ['a username shorter than 3 characters', { username: 'al' }, 'Kettle7al-Drum'],
    ['the email domain', { email: 'bob@kettle.com' }, 'Kettle7Drum!'],
    ['an unrelated username', { username: 'carol' }, 'Kettle7Drum!'],
  ])('does not hold %s against the password', (_case, who, password) => {
    expect(passwordWeaknesses(password, { minLength: 10, ...who })).toEqual([]);
  });

  it('lists every problem at once', () => {
    expect(passwordWeaknesses('alice', { minLength: 10, username: 'alice' })).toEqual([
      'must be at least 10 characters long',
      MIX,
      'must not contain the username or email',
    ]);
  });
});
