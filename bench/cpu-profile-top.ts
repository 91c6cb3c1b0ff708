import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';

/** The parts of a V8 .cpuprofile (node --cpu-prof, inspector Profiler.stop) read here. */
const cpuProfileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
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

/**
 * The functions with the most self time in a CPU profile, as shares of its busy time (idle
 * and "(program)" left out), summed over every place a function appears.
 */
export function topSelfTime(profileText: string, count: number): ProfileEntry[] {
  const profile = cpuProfileSchema.parse(JSON.parse(profileText));
  const nameOf = new Map(
    profile.nodes.map((node) => {
      const frame = node.callFrame;
      const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
      const file = shortFile(frame.url);
      return [node.id, file === '' ? name : `${name} ${file}:${String(frame.lineNumber + 1)}`];
    }),
  );
  const selfMicros = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((nodeId, i) => {
    const name = nameOf.get(nodeId) ?? '(unknown)';
    if (IDLE.has(name)) return;
    const micros = profile.timeDeltas[i] ?? 0;
    busy += micros;
    selfMicros.set(name, (selfMicros.get(name) ?? 0) + micros);
  });
  return [...selfMicros.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, micros]) => ({ name, busyShare: busy > 0 ? micros / busy : 0 }));
}

/** `npx tsx bench/cpu-profile-top.ts FILE.cpuprofile [count]` prints the top entries. */
function main(): void {
  const [file, count] = process.argv.slice(2);
  if (file === undefined) {
    console.error('usage: npx tsx bench/cpu-profile-top.ts FILE.cpuprofile [count]');
    process.exit(2);
  }
  for (const entry of topSelfTime(readFileSync(file, 'utf8'), Number(count ?? 20))) {
    console.log(`${(entry.busyShare * 100).toFixed(1).padStart(5)}%  ${entry.name}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
