import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import { PASSWORD_MAX_LENGTH } from '../common/text-rules';

/**
 * The estimate runs on the event loop and its cost grows steeply with length and with l33t
 * characters: a crafted password (`0Q` + `p@55w0rd!l3tm31n$unsh1n3` repeated) took 200-300 ms
 * per check at 64 characters and 20 substitutions, stalling every other request. At 40
 * characters and 3 substitutions the worst crafted input measured takes about 35 ms, and 40
 * characters that are hard to guess make a password hard to guess whatever follows.
 */
export const ESTIMATED_LENGTH = 40;

/** How many l33t substitutions the estimate tries at once; each one more multiplies its work. */
export const L33T_MAX_SUBSTITUTIONS = 3;

/** Built once: ranking the dictionaries takes about half a second. */
const estimator = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  translations: english.translations,
  maxLength: ESTIMATED_LENGTH,
  l33tMaxSubstitutions: L33T_MAX_SUBSTITUTIONS,
});

export interface StrengthContext {
  minLength: number;
  /** zxcvbn score (0–4) a password must reach. */
  minScore: number;
  username?: string;
  email?: string;
}

/**
 * Why a password is too weak, or an empty list. Following NIST SP 800-63B there are no
 * composition rules: a length range, not built on the username or email, and an estimate of how
 * guessable it is (zxcvbn: common passwords, dictionary words, names, keyboard patterns,
 * sequences, dates, l33t, and the user's own username and email) that must reach `minScore`.
 */
export function passwordWeaknesses(password: string, context: StrengthContext): string[] {
  const problems: string[] = [];
  if (password.length < context.minLength) problems.push(`must be at least ${context.minLength} characters long`);
  if (password.length > PASSWORD_MAX_LENGTH)
    return [...problems, `must be at most ${PASSWORD_MAX_LENGTH} characters long`];
  const lower = password.toLowerCase();
  const localPart = context.email?.split('@')[0];
  const names = [context.username, localPart].filter((n): n is string => !!n && n.length >= 3);
  if (names.some((name) => lower.includes(name.toLowerCase()))) problems.push('must not contain the username or email');
  const inputs = [context.username, context.email, localPart].filter((n): n is string => !!n);
  const { score, feedback } = estimator.check(password, inputs);
  if (score < context.minScore) {
    const why = [feedback.warning, ...feedback.suggestions].filter((s): s is string => !!s);
    problems.push(
      `is too easy to guess (strength ${score} of 4, at least ${context.minScore} needed)` +
        (why.length ? `: ${why.join(' ')}` : ''),
    );
  }
  return problems;
}
