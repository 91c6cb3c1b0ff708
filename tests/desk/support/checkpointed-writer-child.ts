// Writes rows in bursts until it is killed, the desk's idle checkpoint copying its WAL back
// in the pauses: the child of idle-checkpoint.test.ts.
//
//   node --import tsx checkpointed-writer-child.ts <file> <maxRows>
//
// Prints `ready`, then `row <id>` after each row's transaction committed (synchronous=FULL),
// so every printed id is one the parent may expect to find after a SIGKILL. Bounded by
// maxRows and 30 s so an orphaned child ends by itself.
import { randomBytes } from 'node:crypto';
import { openDeskDatabase } from '../../../src-main/store/open-desk-database';

const [file, maxText] = process.argv.slice(2);
if (!file || !maxText) {
  process.stderr.write('usage: checkpointed-writer-child <file> <maxRows>\n');
  process.exit(2);
}
const deadline = Date.now() + 30_000;
const opened = openDeskDatabase<unknown>(file);
const { sqlite } = opened;
sqlite.exec('create table if not exists ledger (id integer primary key, payload blob not null)');
sqlite.exec('create table if not exists hot (slot integer primary key, payload blob not null)');
const insert = sqlite.prepare('insert into ledger (payload) values (?)');
// Rewriting a few hot rows each time makes the WAL hold many versions of the same pages.
const rewrite = sqlite.prepare('insert or replace into hot (slot, payload) values (?, ?)');
const write = sqlite.transaction((n: number) => {
  rewrite.run(n % 8, randomBytes(3000));
  return Number(insert.run(randomBytes(6000)).lastInsertRowid);
});
process.stdout.write('ready\n');
for (let n = 0; n < Number(maxText) && Date.now() < deadline; n++) {
  process.stdout.write(`row ${write(n)}\n`);
  // Pauses long enough for the idle checkpoint (and its one-page write) now and then, so
  // the parent's kill lands anywhere: mid-commit, mid-checkpoint, mid-restart.
  if (n % 8 === 7) await new Promise((resolve) => setTimeout(resolve, (n % 3) * 700));
}
await opened.close();
process.stdout.write('finished\n');
