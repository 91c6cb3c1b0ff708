import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * CUPS's `lp` and `lpstat` as small shell scripts on a PATH of their own: `lp` records its
 * arguments and the bytes it was given on stdin, one pair of files per job, and answers as
 * CUPS does (an unknown queue, a failing one); `lpstat` lists the queues with `-e`, or only
 * with `-a` when told to act like an older CUPS.
 */
export interface FakeCups {
  /** The environment to run the desk's `lp`/`lpstat` with: these fakes first on PATH. */
  readonly env: NodeJS.ProcessEnv;
  setQueues(queues: readonly string[]): void;
  /** Makes every `lp` fail with this message on stderr and exit 1 (null: succeed). */
  setFailure(stderr: string | null): void;
  /** `lpstat -e` refuses, as CUPS before 2.0 does. */
  actOld(): void;
  /** The jobs `lp` was given, in order: its arguments and the bytes on its stdin. */
  jobs(): { readonly args: string[]; readonly bytes: Buffer }[];
  lpstatCalls(): string[];
}

const LP = `#!/bin/sh
log="$FAKE_CUPS_DIR"
n=$(($(cat "$log/count" 2>/dev/null || echo 0) + 1))
echo "$n" > "$log/count"
printf '%s\\n' "$@" > "$log/job-$n.args"
cat > "$log/job-$n.bytes"
queue=""
while [ $# -gt 0 ]; do
  if [ "$1" = "-d" ]; then queue="$2"; shift; fi
  shift
done
if ! grep -qx -- "$queue" "$log/queues"; then
  echo "lp: The printer or class does not exist." >&2
  exit 1
fi
if [ -f "$log/failure" ]; then cat "$log/failure" >&2; exit 1; fi
echo "request id is $queue-$n (1 file(s))"
`;

const LPSTAT = `#!/bin/sh
log="$FAKE_CUPS_DIR"
echo "$*" >> "$log/lpstat.calls"
case "$1" in
  -e)
    if [ -f "$log/old" ]; then echo "lpstat: invalid option -- 'e'" >&2; exit 1; fi
    cat "$log/queues" ;;
  -a)
    if [ ! -s "$log/queues" ]; then echo "lpstat: No destinations added." >&2; exit 1; fi
    while read -r q; do echo "$q accepting requests since Mon 01 Dec 2026 09:00:00 AM"; done < "$log/queues" ;;
  *) exit 2 ;;
esac
`;

export function installFakeCups(dir: string): FakeCups {
  const bin = join(dir, 'bin');
  const log = join(dir, 'log');
  mkdirSync(bin, { recursive: true });
  mkdirSync(log, { recursive: true });
  for (const [name, script] of [
    ['lp', LP],
    ['lpstat', LPSTAT],
  ] as const) {
    writeFileSync(join(bin, name), script);
    chmodSync(join(bin, name), 0o755);
  }
  writeFileSync(join(log, 'queues'), '');
  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  return {
    env: { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}`, FAKE_CUPS_DIR: log },
    setQueues(queues) {
      writeFileSync(join(log, 'queues'), queues.map((q) => `${q}\n`).join(''));
    },
    setFailure(stderr) {
      const file = join(log, 'failure');
      if (stderr === null) rmSync(file, { force: true });
      else writeFileSync(file, `${stderr}\n`);
    },
    actOld() {
      writeFileSync(join(log, 'old'), '');
    },
    jobs() {
      const count = Number(read(join(log, 'count')) || '0');
      return Array.from({ length: count }, (_, i) => ({
        args: read(join(log, `job-${i + 1}.args`))
          .trimEnd()
          .split('\n'),
        bytes: readFileSync(join(log, `job-${i + 1}.bytes`)),
      }));
    },
    lpstatCalls: () => read(join(log, 'lpstat.calls')).trimEnd().split('\n').filter(Boolean),
  };
}

/** Makes a FIFO: a device file stand-in whose reader sees exactly the bytes written. */
export function makeFifo(path: string): string {
  execFileSync('mkfifo', [path]);
  return path;
}

/**
 * Reads one job from a FIFO as a printer's device would: `cat` opens it for reading and
 * returns everything written until the writer closes it.
 */
export function readOneJob(fifo: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    reader.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    reader.on('error', reject);
    reader.on('close', () => {
      resolve(Buffer.concat(chunks));
    });
  });
}
