import { ESTIMATED_LENGTH, L33T_MAX_SUBSTITUTIONS, passwordWeaknesses } from './password-strength';

const RULES = { minLength: 10, minScore: 3 };
const guessable = (score: number, needed = 3) =>
  expect.stringMatching(new RegExp(`^is too easy to guess \\(strength ${score} of 4, at least ${needed} needed\\)`));

describe('passwordWeaknesses', () => {
  it.each([
    ['a passphrase of uncommon words', 'correct-Horse-battery-9'],
    ['lower-case words alone (no composition rule)', 'correcthorsebatterystaple'],
    ['a passphrase with spaces', 'correct horse battery staple'],
    ['mixed words and digits', 'Kettle7Drum'],
    ['random characters', 'q8V#xT2m!Lp9'],
  ])('accepts %s', (_case, password) => {
    expect(passwordWeaknesses(password, RULES)).toEqual([]);
  });

  it.each([
    ['Password123!', 1, 'This is similar to a commonly used password.'],
    ['abcdefghijklmnop', 0, 'Common character sequences like "abc" are easy to guess.'],
    ['qwertyuiop123', 1, 'This is similar to a commonly used password.'],
    ['aaaaaaaaaaaaaaaaaaaa', 0, 'Repeated characters like "aaa" are easy to guess.'],
    ['Ab1Ab1Ab1Ab1Ab1', 1, 'Repeated character patterns like "abcabcabc" are easy to guess.'],
    ['password1234', 1, 'This is similar to a commonly used password.'],
  ])('refuses the guessable %p, saying why and what to do', (password, score, warning) => {
    const problems = passwordWeaknesses(password, RULES);
    expect(problems).toEqual([guessable(score)]);
    expect(problems[0]).toContain(warning);
    expect(problems[0]).toContain('Add more words that are less common.');
  });

  it.each([
    [0, 'Password123!', []],
    [1, 'Password123!', []],
    [2, 'Password123!', [guessable(1, 2)]],
    [3, 'Kettle7Drum', []],
    [4, 'Kettle7Drum', [guessable(3, 4)]],
  ])('asks for the configured score %i', (minScore, password, problems) => {
    expect(passwordWeaknesses(password, { minLength: 10, minScore })).toEqual(problems);
  });

  it.each([
    ['9 characters', 'q8V#xT2m!', ['must be at least 10 characters long']],
    ['exactly 10 characters', 'q8V#xT2m!L', []],
  ])('checks the minimum length: %s', (_case, password, problems) => {
    expect(passwordWeaknesses(password, RULES)).toEqual(problems);
  });

  it('refuses more than 256 characters without estimating them', () => {
    expect(passwordWeaknesses('x'.repeat(257), RULES)).toEqual(['must be at most 256 characters long']);
    expect(passwordWeaknesses('correct-Horse-battery-9'.repeat(11).slice(0, 256), RULES)).toEqual([]);
  });

  it('caps what the estimate analyses, so a crafted password cannot stall the event loop', () => {
    expect({ ESTIMATED_LENGTH, L33T_MAX_SUBSTITUTIONS }).toEqual({ ESTIMATED_LENGTH: 40, L33T_MAX_SUBSTITUTIONS: 3 });
  });

  it('estimates the first ESTIMATED_LENGTH characters, so what follows neither rescues nor spoils them', () => {
    expect(passwordWeaknesses('a'.repeat(ESTIMATED_LENGTH) + 'q8V#xT2m!Lp9-correct-Horse-battery', RULES)).toEqual([
      guessable(0),
    ]);
    expect(
      passwordWeaknesses('correct-Horse-battery-9'.padEnd(ESTIMATED_LENGTH, 'x') + 'a'.repeat(100), RULES),
    ).toEqual([]);
  });

  it.each([
    ['the username', { username: 'alice' }, 'Alice-correct-Horse-9'],
    ['the username in another case', { username: 'ALICE' }, 'xx-alice-battery-2026X'],
    ['the email local part', { email: 'bob.smith@example.com' }, 'Bob.Smith-kettle-drum-7'],
  ])('refuses a password containing %s', (_case, who, password) => {
    expect(passwordWeaknesses(password, { ...RULES, ...who })).toEqual(['must not contain the username or email']);
  });

  it.each([
    ['the username reversed', { username: 'zephyrinequill' }, 'llIuqeniryhpeZ'],
    ['the email local part in l33t', { email: 'zephyrinequill@example.org' }, 'z3phyr1n3qu1ll'],
  ])('counts %s as guessable, though it is strong for anyone else', (_case, who, password) => {
    expect(passwordWeaknesses(password, RULES)).toEqual([]);
    const problems = passwordWeaknesses(password, { ...RULES, ...who });
    expect(problems).toEqual([guessable(0)]);
    expect(problems[0]).toContain('There should not be any personal or page related data.');
  });

  it.each([
    ['a username shorter than 3 characters', { username: 'al' }, 'Kettle7al-Drum'],
    ['the email domain', { email: 'bob@kettle.com' }, 'q8V#xT2m!Lp9'],
    ['an unrelated username', { username: 'carol' }, 'q8V#xT2m!Lp9'],
  ])('does not hold %s against the password', (_case, who, password) => {
    expect(passwordWeaknesses(password, { ...RULES, ...who })).toEqual([]);
  });

  it('lists every problem at once', () => {
    expect(passwordWeaknesses('alice', { ...RULES, username: 'alice' })).toEqual([
      'must be at least 10 characters long',
      'must not contain the username or email',
      guessable(0),
    ]);
  });
});
