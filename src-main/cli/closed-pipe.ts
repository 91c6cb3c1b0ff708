/**
 * Lets whoever reads deskctl's output stop early (`deskctl export | head -c 0`) without a
 * stack trace. Node reports a write to a closed pipe as an 'error' event on the stream, and
 * with no listener that is an uncaught exception. A closed pipe only means nobody wants the
 * rest of the output: the command still finishes, closes the desk database and exits with
 * its own code. Any other stream error stays fatal. (sync-server/cli has its own copy: the
 * two boundaries share no Node code.)
 */
export function ignoreClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
}
