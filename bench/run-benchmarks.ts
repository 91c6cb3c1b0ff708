// `npm run bench`: benchmarks with their same-run baselines; prints a table and writes
// bench-results/latest.json. Not part of the tests: figures on a shared machine are noisy,
// so targets are judged as ratios to the baseline measured alongside.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { ms } from './bench-stats';
import { benchMemberSearch } from './member-search-bench';

const members = Number(process.env['BENCH_MEMBERS'] ?? 50_000);
const search = await benchMemberSearch(members);
const rows = [
  ['baseline: member by primary key', search.baseline],
  ['member.find by name prefix', search.byName],
  ['member.find by e-mail prefix', search.byEmail],
  ['member.find by barcode scan', search.byBarcode],
] as const;
console.log(
  `Member search at a desk with ${search.members} members (loaded in ${search.loadSeconds.toFixed(1)} s)`,
);
console.log('workload                              p50 ms   p95 ms   p99 ms   p50 / baseline');
for (const [name, s] of rows) {
  console.log(
    `${name.padEnd(38)}${ms(s.p50).padStart(7)}  ${ms(s.p95).padStart(7)}  ${ms(s.p99).padStart(7)}   ${(s.p50 / search.baseline.p50).toFixed(1)}x`,
  );
}
mkdirSync('bench-results', { recursive: true });
const report = {
  at: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  memberSearch: search,
};
writeFileSync('bench-results/latest.json', `${JSON.stringify(report, null, 2)}\n`);
console.log('wrote bench-results/latest.json');
