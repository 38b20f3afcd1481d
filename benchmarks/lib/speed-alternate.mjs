// Times commands in alternating rounds (A B C, C B A, A B C, …) so a shared machine's slow
// seconds fall on all of them alike: median and range of each, and each one's median ratio to the
// first, pair by pair. For before/after comparisons of a change (two builds, two invocations).
// usage: node benchmarks/lib/speed-alternate.mjs ROUNDS 'command A' 'command B' […]
// Each command runs through `sh -c`, output discarded; the first round is a warm-up, not counted.
// With /usr/bin/time present, CPU time (user + system, the command's processes together) is shown
// too: on a machine shared with other work it moves less than wall time does.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './speed-util.mjs';

const [roundsArg, ...commands] = process.argv.slice(2);
const rounds = Number(roundsArg);
if (!Number.isInteger(rounds) || rounds < 1 || commands.length < 1) {
  process.stderr.write("usage: node benchmarks/lib/speed-alternate.mjs ROUNDS 'command A' 'command B' […]\n");
  process.exit(2);
}

const GNU_TIME = '/usr/bin/time';
const timeFile = join(tmpdir(), `speed-alternate-${process.pid}`);
const haveTime = existsSync(GNU_TIME);

/** One run: wall ms (measured here) and CPU ms (from GNU time, else NaN). */
function once(command) {
  const argv = haveTime ? [GNU_TIME, '-f', '%U %S', '-o', timeFile, 'sh', '-c', command] : ['sh', '-c', command];
  const t0 = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${command}: exit ${r.status}\n${r.stderr}`);
  const cpu = haveTime ? readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').reduce((sum, s) => sum + 1000 * Number(s), 0) : NaN;
  return { wall, cpu };
}

for (const command of commands) once(command);
const times = commands.map(() => []);
for (let round = 0; round < rounds; round++) {
  const order = commands.map((_, i) => i);
  if (round % 2 === 1) order.reverse();
  for (const i of order) times[i].push(once(commands[i]));
}
rmSync(timeFile, { force: true });
const describe = (values, firsts) => {
  const ratios = values.map((t, k) => t / firsts[k]);
  const range = `${median(values).toFixed(0).padStart(5)} ms (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`;
  return firsts === values ? range.padEnd(34) : `${range} ÷ first ${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`;
};
commands.forEach((command, i) => {
  const wall = times[i].map((t) => t.wall);
  const cpu = times[i].map((t) => t.cpu);
  const first = (k) => times[0].map((t) => t[k]);
  console.log(`${command}\n  wall ${describe(wall, i === 0 ? wall : first('wall'))}${haveTime ? `\n  cpu  ${describe(cpu, i === 0 ? cpu : first('cpu'))}` : ''}`);
});
