/**
 * Lets whoever reads serverctl's output stop early (`serverctl device list … | head -n 1`)
 * without a stack trace. Node reports a write to a closed pipe as an 'error' event on the
 * stream, and with no listener that is an uncaught exception. A closed pipe only means
 * nobody wants the rest of the output: the command still finishes, closes its database and
 * exits with its own code. Any other stream error stays fatal. (src-main/cli has its
 * own copy: the two boundaries share no Node code.)
 */
export function ignoreClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
}
