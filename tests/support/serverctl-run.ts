import { runServerctl, type CliIo } from '../../sync-server/cli/serverctl-commands';

/** Runs serverctl in-process as its CLI would, with what it printed and its exit code. */
export async function serverctl(env: Record<string, string>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    env,
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    shutdown: new Promise(() => undefined),
  };
  const code = await runServerctl(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
