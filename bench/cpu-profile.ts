import { readFileSync } from 'node:fs';

/**
 * Sums the self time of a .cpuprofile (node --cpu-prof, or the inspector's Profiler) by
 * function and by package, so "where the time goes" is read from numbers, not guessed.
 * Idle samples are left out of the percentages.
 * Usage: npx ts-node --transpile-only bench/cpu-profile.ts <file.cpuprofile> [top=40]
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: cpu-profile.ts <file.cpuprofile> [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfTime = new Map<number, number>();
profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const isIdle = (id: number) => byId.get(id)?.callFrame.functionName === '(idle)';
const all = [...selfTime.values()].reduce((a, b) => a + b, 0);
// Percentages are of the time the process was busy: idle time is the machine, not the server.
const idle = [...selfTime].filter(([id]) => isIdle(id)).reduce((sum, [, time]) => sum + time, 0);
const total = all - idle;

/** node_modules/<package> or the project's own file, or a Node internal. */
function where(url: string): string {
  if (!url) return '(native / VM)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + 13).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.startsWith('node:')) return 'node internals';
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + 1) : url;
}

const byFunction = new Map<string, number>();
const byPlace = new Map<string, number>();
for (const [id, time] of selfTime) {
  if (isIdle(id)) continue;
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const place = where(url);
  const key = `${functionName || '(anonymous)'}  ${place}${url ? `:${lineNumber + 1}` : ''}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + time);
  const group = place.startsWith('dist/src/') ? `this server: ${place.slice(9).split('/')[0]}` : place;
  byPlace.set(group, (byPlace.get(group) ?? 0) + time);
}
const top = Number(topArg ?? 40);
const show = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [key, time] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((100 * time) / total).toFixed(1).padStart(5)} %  ${key}`);
};
console.log(
  `${(all / 1e6).toFixed(1)} s of samples, ${((100 * idle) / all).toFixed(0)} % idle; percentages below are of the ${(total / 1e6).toFixed(1)} s busy`,
);
show('self time by package / source folder', byPlace);
show('self time by function', byFunction);
