import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';

/** The parts of a V8 .cpuprofile (node --cpu-prof, inspector Profiler.stop) read here. */
const cpuProfileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      children: z.array(z.number()).optional(),
      callFrame: z.object({
        functionName: z.string(),
        url: z.string(),
        lineNumber: z.number(),
      }),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

export interface ProfileEntry {
  readonly name: string;
  /** Share of the busy (non-idle) samples spent in this function itself. */
  readonly busyShare: number;
}

/** V8's pseudo-frames for time not spent running JavaScript of ours. */
const IDLE = new Set(['(idle)', '(program)']);

/** The file a frame came from, short: node_modules/<package>/… or the repository path. */
function shortFile(url: string): string {
  if (url === '') return '';
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  const inModules = file.lastIndexOf('node_modules/');
  return inModules >= 0 ? file.slice(inModules + 'node_modules/'.length) : path.basename(file);
}

type CpuProfile = z.infer<typeof cpuProfileSchema>;

/** Each node's display name: function, then file and line where there is one. */
function namesOf(profile: CpuProfile): Map<number, string> {
  return new Map(
    profile.nodes.map((node) => {
      const frame = node.callFrame;
      const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
      const file = shortFile(frame.url);
      return [node.id, file === '' ? name : `${name} ${file}:${String(frame.lineNumber + 1)}`];
    }),
  );
}

/**
 * The samples as [node, microseconds], leaving out those of the first `fromSeconds` of the
 * profile (a server's start: loading and compiling modules is no part of serving).
 */
function samplesFrom(profile: CpuProfile, fromSeconds: number): [number, number][] {
  const kept: [number, number][] = [];
  let elapsed = 0;
  profile.samples.forEach((nodeId, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    elapsed += micros;
    if (elapsed >= fromSeconds * 1e6) kept.push([nodeId, micros]);
  });
  return kept;
}

/** The largest entries of `micros`, as shares of `busy`. */
function largest(micros: Map<string, number>, busy: number, count: number): ProfileEntry[] {
  return [...micros.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, time]) => ({ name, busyShare: busy > 0 ? time / busy : 0 }));
}

/**
 * The functions with the most self time in a CPU profile, as shares of its busy time (idle
 * and "(program)" left out), summed over every place a function appears.
 */
export function topSelfTime(profileText: string, count: number, fromSeconds = 0): ProfileEntry[] {
  const profile = cpuProfileSchema.parse(JSON.parse(profileText));
  const nameOf = namesOf(profile);
  const selfMicros = new Map<string, number>();
  let busy = 0;
  for (const [nodeId, micros] of samplesFrom(profile, fromSeconds)) {
    const name = nameOf.get(nodeId) ?? '(unknown)';
    if (IDLE.has(name)) continue;
    busy += micros;
    selfMicros.set(name, (selfMicros.get(name) ?? 0) + micros);
  }
  return largest(selfMicros, busy, count);
}

/**
 * The functions with the most inclusive time (their own and their callees'), as shares of
 * the busy time: a sample counts once for every distinct function on its stack, so a
 * recursive function is not counted twice. Which of our functions the time is spent under
 * shows what a cut would save, where self time scatters it over library internals.
 */
export function topInclusiveTime(
  profileText: string,
  count: number,
  fromSeconds = 0,
): ProfileEntry[] {
  const profile = cpuProfileSchema.parse(JSON.parse(profileText));
  const nameOf = namesOf(profile);
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  }
  const stacks = new Map<number, ReadonlySet<string>>();
  const stackOf = (nodeId: number): ReadonlySet<string> => {
    const known = stacks.get(nodeId);
    if (known) return known;
    const parent = parentOf.get(nodeId);
    const names = new Set(parent === undefined ? [] : stackOf(parent));
    names.add(nameOf.get(nodeId) ?? '(unknown)');
    stacks.set(nodeId, names);
    return names;
  };
  const inclusiveMicros = new Map<string, number>();
  let busy = 0;
  for (const [nodeId, micros] of samplesFrom(profile, fromSeconds)) {
    if (IDLE.has(nameOf.get(nodeId) ?? '(unknown)')) continue;
    busy += micros;
    for (const name of stackOf(nodeId)) {
      inclusiveMicros.set(name, (inclusiveMicros.get(name) ?? 0) + micros);
    }
  }
  inclusiveMicros.delete('(root)');
  return largest(inclusiveMicros, busy, count);
}

const USAGE =
  'usage: npx tsx bench/cpu-profile-top.ts FILE.cpuprofile [count] [--inclusive] [--from=SECONDS]';

/**
 * `npx tsx bench/cpu-profile-top.ts FILE.cpuprofile [count] [--inclusive] [--from=SECONDS]`
 * prints the top entries by self time, or by inclusive time with --inclusive, leaving out
 * the profile's first SECONDS with --from.
 */
function main(): void {
  const args = process.argv.slice(2);
  const inclusive = args.includes('--inclusive');
  const from = args.find((arg) => arg.startsWith('--from='));
  const fromSeconds = from === undefined ? 0 : Number(from.slice('--from='.length));
  const [file, count] = args.filter((arg) => !arg.startsWith('--'));
  if (file === undefined || !Number.isFinite(fromSeconds)) {
    console.error(USAGE);
    process.exit(2);
  }
  const top = inclusive ? topInclusiveTime : topSelfTime;
  for (const entry of top(readFileSync(file, 'utf8'), Number(count ?? 20), fromSeconds)) {
    console.log(`${(entry.busyShare * 100).toFixed(1).padStart(5)}%  ${entry.name}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
