/** A few of the most used passwords; the length and variety rules catch the rest of the weak ones. */
const COMMON = new Set([
  'password',
  'password1',
  'password12',
  'password123',
  'password1234',
  '1234567890',
  '12345678910',
  'qwertyuiop',
  'qwerty123456',
  'iloveyou123',
  'administrator',
  'letmein1234',
  'welcome1234',
  'changeme123',
  'passw0rd123',
  'abc123456789',
  'trustno1234',
  '1q2w3e4r5t',
  '1qaz2wsx3edc',
  'qwerty12345',
  'football123',
  'baseball123',
]);

export interface StrengthContext {
  minLength: number;
  username?: string;
  email?: string;
}

/**
 * Why a password is too weak, or an empty list. Rules: the configured minimum length (at most
 * 256), at least three kinds of character (lower, upper, digit, other) unless the password is a
 * passphrase of 16+ characters, not a common password, and not built on the username or email.
 */
export function passwordWeaknesses(password: string, context: StrengthContext): string[] {
  const problems: string[] = [];
  if (password.length < context.minLength) problems.push(`must be at least ${context.minLength} characters long`);
  if (password.length > 256) problems.push('must be at most 256 characters long');
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (kinds < 3 && password.length < 16)
    problems.push('must mix at least three of: lower case, upper case, digits, symbols (or be 16+ characters)');
  if (/^(.)\1+$/.test(password)) problems.push('must not repeat one character');
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) problems.push('is a commonly used password');
  const names = [context.username, context.email?.split('@')[0]].filter((n): n is string => !!n && n.length >= 3);
  if (names.some((name) => lower.includes(name.toLowerCase()))) problems.push('must not contain the username or email');
  return problems;
}
