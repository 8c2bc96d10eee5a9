import { buildEffectivePolicy, compilePolicy, decide } from '../src/policies/language';
import type { Candidate, EffectivePolicy, LanguageOptions, PolicyContext } from '../src/policies/language';
import type { Action } from '../src/common/actions';
import { ASKED, ATTACHED, CONTEXTS, KNOWN } from './policy-decision.fixtures';
import { command, machine, recordSection } from './record';

/**
 * Times one policy decision in process: `decide()` for a principal with three attached policies
 * of 20 statements (bench/policy-decision.fixtures.ts), the effective policy built once as the
 * server caches it. Refuses to time anything if a decision worked out by hand comes out
 * otherwise, and writes its table into docs/benchmarks.md.
 *
 * Method: every decision of the timed pass is timed on its own between two hrtime.bigint()
 * reads, so p99 is the 99th percentile of single decisions (timing batches would average the
 * slow ones away). The cost of the two reads is measured too and reported, not subtracted: the
 * percentiles are upper bounds. decisions/s comes from a separate pass without per-call timers.
 * Requests cycle through every context and resource in a fixed shuffled order, so the branch
 * predictor and the inline caches see the variety a server does.
 *
 * Run with `npm run bench:policy`; POLICY_BENCH_DECISIONS tunes the count.
 */
const DECISIONS = Number(process.env.POLICY_BENCH_DECISIONS ?? 200_000);
const WARM_UP = 20_000;
const TARGET_P99_US = 20;
const OPTIONS: LanguageOptions = { paramKeys: [], envNames: [], configKeys: [] };

interface Request {
  action: Action;
  resource: string;
  context: PolicyContext;
}

function effectivePolicy(): EffectivePolicy {
  const candidates: Candidate[] = ATTACHED.map(({ policyId, level, document }, order) => {
    const result = compilePolicy(document, OPTIONS);
    if (!result.ok) throw new Error(`${policyId} does not compile: ${JSON.stringify(result.errors)}`);
    return { policyId, level, order, policy: result.policy };
  });
  return buildEffectivePolicy(candidates);
}

/** The problems with the known decisions; empty when every one comes out as worked out. */
function wrongDecisions(effective: EffectivePolicy): string[] {
  return KNOWN.flatMap(({ why, context, action, resource, expected }) => {
    const { decision, matched } = decide(effective, action, resource, CONTEXTS[context]);
    const got = { decision, matched };
    return JSON.stringify(got) === JSON.stringify(expected)
      ? []
      : [
          `${action} ${resource} (${context}): ${why}\n  expected ${JSON.stringify(expected)}\n  got      ${JSON.stringify(got)}`,
        ];
  });
}

/** Every asked resource from every context, in an order shuffled by a fixed seed so runs compare. */
function requests(): Request[] {
  const all = Object.values(CONTEXTS).flatMap((context) =>
    ASKED.map(([action, resource]) => ({ action, resource, context })),
  );
  let seed = 14;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all;
}

const allows = (effective: EffectivePolicy, list: readonly Request[], count: number) => {
  let allowed = 0;
  for (let i = 0; i < count; i++) {
    const { action, resource, context } = list[i % list.length];
    if (decide(effective, action, resource, context).decision === 'allow') allowed++;
  }
  return allowed;
};

function timerCostNs(): number {
  const samples = new Float64Array(100_000);
  for (let i = 0; i < samples.length; i++) {
    const start = process.hrtime.bigint();
    samples[i] = Number(process.hrtime.bigint() - start);
  }
  return percentile(samples.sort(), 0.5);
}

/** Nearest rank of a sorted sample. */
const percentile = (sorted: Float64Array, p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];

function main(): number {
  const effective = effectivePolicy();
  const wrong = wrongDecisions(effective);
  if (wrong.length) {
    console.error(
      `policy decision benchmark: ${wrong.length} decision(s) are wrong, nothing timed\n${wrong.join('\n')}`,
    );
    return 1;
  }
  const list = requests();
  const distinctAllows = allows(effective, list, list.length);
  const expectedAllows = allows(effective, list, DECISIONS);
  allows(effective, list, WARM_UP);

  const samples = new Float64Array(DECISIONS);
  let allowed = 0;
  for (let i = 0; i < DECISIONS; i++) {
    const { action, resource, context } = list[i % list.length];
    const start = process.hrtime.bigint();
    const { decision } = decide(effective, action, resource, context);
    samples[i] = Number(process.hrtime.bigint() - start);
    if (decision === 'allow') allowed++;
  }
  const started = process.hrtime.bigint();
  const throughputAllows = allows(effective, list, DECISIONS);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (allowed !== expectedAllows || throughputAllows !== expectedAllows) {
    console.error(
      `the same requests were decided differently: ${expectedAllows}, ${allowed}, ${throughputAllows} allowed`,
    );
    return 1;
  }

  const mean = samples.reduce((sum, ns) => sum + ns, 0) / DECISIONS;
  samples.sort();
  const us = (ns: number) => (ns / 1000).toFixed(2);
  const p99 = percentile(samples, 0.99) / 1000;
  const statementCount = effective.statements.length;
  const rows = [
    ['p50', `${us(percentile(samples, 0.5))} µs`],
    ['p99', `${us(percentile(samples, 0.99))} µs`],
    ['p99.9', `${us(percentile(samples, 0.999))} µs`],
    ['max', `${us(samples[samples.length - 1])} µs`],
    ['mean', `${us(mean)} µs`],
    ['decisions/s (untimed pass)', `${Math.round(DECISIONS / seconds).toLocaleString('en-US')}`],
    ['timer cost per sample (included above)', `${us(timerCostNs())} µs`],
  ];
  const verdict = p99 < TARGET_P99_US ? 'met' : 'NOT met';
  const table = ['| measure | value |', '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${value} |`)].join(
    '\n',
  );
  const body = `
${DECISIONS.toLocaleString('en-US')} decisions of \`decide()\` after ${WARM_UP.toLocaleString('en-US')} warm-up ones, for one principal with ${ATTACHED.length} attached policies (default, role and user level) of ${statementCount} statements in all.
The requests cycle through ${list.length} different ones, ${distinctAllows} of them allowed: ${ASKED.length} action/resource pairs from ${Object.keys(CONTEXTS).length} contexts (IPv4, IPv6, IPv4-mapped and blocked addresses, a session and an API token, day and night).
Each decision is timed alone between two \`process.hrtime.bigint()\` reads, and ${KNOWN.length} decisions worked out by hand are checked before anything is timed.
Target: p99 < ${TARGET_P99_US} µs (${verdict}).

${table}

- date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC
- machine: ${machine()}
- command: \`${command('npx ts-node --transpile-only bench/policy-decision.ts')}\`
`;
  console.log(`Policy decision (in process)\n${table}\ntarget p99 < ${TARGET_P99_US} µs: ${verdict}`);
  console.log(`recorded in ${recordSection('Policy decision (in process)', body)}`);
  return 0;
}

process.exitCode = main();
