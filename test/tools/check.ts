/**
 * `npm run check` (and, with --build, the build `npm test` needs): the type checks, the linter,
 * svelte-check and the build run side by side, as many at once as the machine has cores. Each is
 * one-threaded for most of its time, so on two cores this takes half the time of running them
 * in a row. Each step's output is shown when it fails.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

interface Step {
  name: string;
  command: string[];
}

const npx = (...args: string[]) => ['npx', '--no-install', ...args];

/** Generates SvelteKit's types, which svelte-check and the build read: before the others. */
const SYNC: Step = { name: 'svelte-kit sync', command: npx('svelte-kit', 'sync') };

const CHECKS: Step[] = [
  { name: 'svelte-check', command: npx('svelte-check', '--workspace', 'web', '--tsconfig', './tsconfig.json', '--fail-on-warnings') },
  { name: 'tsc', command: npx('tsc', '--noEmit', '-p', 'tsconfig.json') },
  { name: 'eslint', command: ['npm', 'run', '--silent', 'lint'] },
];

const BUILD: Step = { name: 'build', command: ['npm', 'run', '--silent', 'build'] };

function run(step: Step): Promise<boolean> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(step.command[0], step.command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (code === 0) console.log(`✓ ${step.name} (${seconds} s)`);
      else console.error(`✗ ${step.name} (${seconds} s, exit ${code})\n${output}`);
      resolve(code === 0);
    });
  });
}

/** Runs the steps, `slots` at a time, in the order given (longest first); true when all pass. */
async function runAll(steps: Step[], slots: number): Promise<boolean> {
  const queue = [...steps];
  let ok = true;
  const lane = async () => {
    for (let step = queue.shift(); step; step = queue.shift()) ok = (await run(step)) && ok;
  };
  await Promise.all(Array.from({ length: Math.min(slots, steps.length) }, lane));
  return ok;
}

const steps = process.argv.includes('--build') ? [BUILD, ...CHECKS] : CHECKS;
const ok = (await run(SYNC)) && (await runAll(steps, availableParallelism()));
process.exit(ok ? 0 : 1);
