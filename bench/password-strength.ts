import { ESTIMATED_LENGTH, L33T_MAX_SUBSTITUTIONS, passwordWeaknesses } from '../src/users/password-strength';

/**
 * Times the password-strength estimate on inputs crafted to make it slow (l33t-heavy, repeated
 * dictionary words, keyboard walks, digit runs, dates) at 64, 128 and 256 characters, best of 3
 * per input. Run with `npx ts-node --transpile-only bench/password-strength.ts`.
 */
const PATTERNS: Record<string, string> = {
  'l33t phrase': '0Qp@55w0rd!l3tm31n$unsh1n3',
  'l33t symbols': '4@$$!|3|0|1+7',
  'l33t word': 'p@55w0rd',
  'l33t digits': '1!|3@4$5',
  'dictionary words': 'passwordmonkeydragon',
  'keyboard walk': 'qwertyuiop[]asdfghjkl;zxcvbnm,./',
  digits: '1234567890',
  dates: '19/12/2026',
};
const RULES = { minLength: 10, minScore: 3 };

passwordWeaknesses('warm-up-Horse-battery-9', RULES);
let worst = { ms: 0, name: '' };
for (const length of [64, 128, 256]) {
  for (const [name, pattern] of Object.entries(PATTERNS)) {
    const password = pattern.repeat(Math.ceil(length / pattern.length)).slice(0, length);
    let best = Infinity;
    for (let run = 0; run < 3; run += 1) {
      const start = process.hrtime.bigint();
      passwordWeaknesses(password, RULES);
      best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
    }
    console.log(`${`${name}, ${length}`.padEnd(24)} ${best.toFixed(1)} ms`);
    if (best > worst.ms) worst = { ms: best, name: `${name}, ${length}` };
  }
}
console.log(
  `worst ${worst.ms.toFixed(1)} ms (${worst.name}) at ${ESTIMATED_LENGTH} characters, ${L33T_MAX_SUBSTITUTIONS} substitutions`,
);
