import { spawn } from 'node:child_process';
import { PRINTER_QUEUE_NAME, type PrintOutcome } from '../../../src-shared/bridge/desk-methods';

/**
 * The CUPS print service on Linux and macOS, through its own commands: `lp` queues a job
 * and `lpstat` lists the queues. Jobs go with `-o raw`, so CUPS passes the ESC/POS bytes to
 * the printer untouched instead of running them through a page driver. Commands get their
 * arguments as an array (never a shell string), and queue names are checked against
 * PRINTER_QUEUE_NAME before they get here.
 */
export interface CupsOptions {
  /** The environment `lp` and `lpstat` run with (their PATH); tests put fakes first on it. */
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
}

/** Every job's title in the queue, so staff can tell desk jobs apart in the print queue. */
const JOB_TITLE = 'Studio Desk';

/** Queues one job on `queue`; never throws: trouble comes back as a message for staff. */
export async function sendToCupsQueue(
  queue: string,
  bytes: Buffer,
  name: string,
  options: CupsOptions,
): Promise<PrintOutcome> {
  const who = name.charAt(0).toUpperCase() + name.slice(1);
  const result = await runCommand(
    'lp',
    ['-d', queue, '-o', 'raw', '-t', JOB_TITLE],
    bytes,
    options,
  );
  if (result.missing) {
    return {
      printed: false,
      message: `Printing to ${name} needs the "lp" command of the CUPS print service, which this computer does not have: install CUPS (on Debian or Ubuntu: sudo apt-get install cups-client), or choose the printer's device file in printer settings.`,
    };
  }
  if (result.timedOut) {
    return {
      printed: false,
      message: `The print service did not take the job for ${name} within ${options.timeoutMs / 1000} s: check that CUPS is running and print again.`,
    };
  }
  if (result.code === 0) return { printed: true, message: null };
  const said = firstLine(result.stderr) || `exit code ${String(result.code)}`;
  if (/does not exist|unknown destination|no such (printer|destination)/i.test(said)) {
    return {
      printed: false,
      message: `There is no printer queue named "${queue}" on this computer (${said}): choose one from the list in printer settings.`,
    };
  }
  return {
    printed: false,
    message: `${who} did not accept the job (${said}): check that the queue is not paused or disabled, and print again.`,
  };
}

/** The queues CUPS knows, or why it could not say. */
export async function listCupsQueues(
  options: CupsOptions,
): Promise<{ readonly queues: string[]; readonly note: string | null }> {
  // `-e` lists bare destination names (CUPS 2); older ones only have `-a`, a line per queue.
  let result = await runCommand('lpstat', ['-e'], null, options);
  let names = result.stdout.split('\n');
  if (!result.missing && !result.timedOut && result.code !== 0) {
    result = await runCommand('lpstat', ['-a'], null, options);
    names = result.stdout.split('\n').map((line) => line.split(' ')[0] ?? '');
  }
  if (result.missing) {
    return {
      queues: [],
      note: 'The CUPS print service is not installed (no "lpstat"), so no printer queues are listed.',
    };
  }
  if (result.timedOut || result.code !== 0) {
    const said = result.timedOut ? 'no answer' : firstLine(result.stderr);
    // CUPS says "No destinations added" (and exits 1) when it simply has no queues.
    if (/no destinations/i.test(said)) return { queues: [], note: null };
    return { queues: [], note: `The print service did not list its printers (${said}).` };
  }
  const queues = [...new Set(names.map((n) => n.trim()))].filter((n) => PRINTER_QUEUE_NAME.test(n));
  return { queues: queues.sort(), note: null };
}

interface CommandResult {
  /** The command is not installed (or not on PATH). */
  readonly missing: boolean;
  readonly timedOut: boolean;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Output past this is not kept: lpstat lists and error lines are far shorter. */
const OUTPUT_LIMIT = 64 * 1024;

/** Runs `file` with `args`, `input` on its stdin; always settles, never throws. */
function runCommand(
  file: string,
  args: readonly string[],
  input: Buffer | null,
  options: CupsOptions,
): Promise<CommandResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let settled = false;
    let timedOut = false;
    // The C locale keeps CUPS's messages in English, which the checks above read.
    const child = spawn(file, args, {
      env: { ...options.env, LC_ALL: 'C', LANG: 'C' },
      stdio: 'pipe',
      windowsHide: true,
    });
    const finish = (result: Omit<CommandResult, 'stdout' | 'stderr' | 'timedOut'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, timedOut, stdout, stderr });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
      finish({ missing: false, code: null });
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < OUTPUT_LIMIT) stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < OUTPUT_LIMIT) stderr += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish({ missing: error.code === 'ENOENT', code: null });
    });
    child.on('close', (code) => {
      finish({ missing: false, code });
    });
    // A command that exits without reading (an unknown queue) closes the pipe early.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? undefined);
  });
}

const firstLine = (text: string) => text.trim().split('\n')[0]?.trim() ?? '';
