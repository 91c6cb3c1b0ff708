// Preloaded into every child a reliability test starts (`--import`): the parent holds the
// write end of this process's stdin, so when the parent dies without cleaning up (a crashed
// or killed test worker) stdin ends and the child exits instead of living on as an orphan
// server holding a port and database connections.
process.stdin.on('end', () => {
  process.exit(70);
});
process.stdin.on('error', () => {
  process.exit(70);
});
process.stdin.resume();
