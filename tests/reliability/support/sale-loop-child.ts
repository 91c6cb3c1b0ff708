// A desk making sales until it is killed: the crash test's child process.
//
//   node --import tsx sale-loop-child.ts <dataDir> <staffId> <productId> <seed> <maxSales>
//
// Prints `ready` once the desk is open, then `sale <mutationId> <orderId>` after each
// runDeskMutation has resolved, i.e. after the sale's transaction committed. On Linux a
// write to a pipe is synchronous, so every printed line is in the pipe before the next sale
// starts and survives a SIGKILL: the parent reads exactly the sales a cashier saw succeed.
// The loop is bounded (maxSales, and 60 s) so an orphaned child ends by itself.
import { openDesk } from '../../../src-main/store/open-desk';
import { runDeskMutation } from '../../../src-main/operations/run-mutation';
import { orderIdOf, planSale } from './sale-fixtures';
import { seededRandom } from './seeded-random';

const [dataDir, staffId, productId, seedText, maxText] = process.argv.slice(2);
if (!dataDir || !staffId || !productId || !seedText || !maxText) {
  process.stderr.write('usage: sale-loop-child <dataDir> <staffId> <productId> <seed> <max>\n');
  process.exit(2);
}
const random = seededRandom(Number(seedText));
const maxSales = Number(maxText);
const deadline = Date.now() + 60_000;

const desk = await openDesk({ dataDir });
process.stdout.write('ready\n');
for (let i = 0; i < maxSales && Date.now() < deadline; i++) {
  const sale = planSale(random, random.chance(0.5) ? 'cash' : 'card', productId);
  const done = await runDeskMutation(desk, staffId, 'pos.sale', sale.args);
  process.stdout.write(`sale ${done.mutationId} ${orderIdOf(done.result)}\n`);
}
await desk.close();
process.stdout.write('finished\n');
