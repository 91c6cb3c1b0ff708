// Runs @doyensec/electronegativity over the desk app's Electron-facing sources and fails
// when it reports anything not accepted, with a reason, in build/electronegativity-accepted.json
// (or when an accepted entry no longer matches a finding, so the list cannot go stale).
//
//   npm run security:electron            scan, print the findings, exit 1 on unaccepted ones
//
// The report (SARIF) is written to a temporary folder whose path is printed.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { z } from 'zod';

const root = path.resolve(import.meta.dirname, '..');
const allowListPath = path.join(root, 'build/electronegativity-accepted.json');
/** What ships in the app and talks to Electron: main, preload, desk process, renderer. */
const scannedFolders = ['src-main', 'src-renderer'];

const allowListSchema = z.object({
  $comment: z.string().optional(),
  excludedChecks: z.array(
    z.strictObject({ check: z.string().regex(/^\w+$/), reason: z.string().min(20) }),
  ),
  accepted: z.array(
    z.strictObject({
      check: z.string().regex(/^[A-Z_]+$/),
      file: z.string().min(1),
      reason: z.string().min(20),
    }),
  ),
});
export type ElectronegativityAllowList = z.infer<typeof allowListSchema>;

export interface Finding {
  readonly check: string;
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

const sarifSchema = z.object({
  runs: z.array(
    z.object({
      results: z.array(
        z.object({
          ruleId: z.string(),
          message: z.object({ text: z.string() }),
          locations: z
            .array(
              z.object({
                physicalLocation: z.object({
                  artifactLocation: z.object({ uri: z.string() }),
                  region: z.object({ startLine: z.number() }).optional(),
                }),
              }),
            )
            .default([]),
        }),
      ),
    }),
  ),
});

/** Reads electronegativity's SARIF report into findings. */
export function parseSarifFindings(report: unknown): Finding[] {
  return sarifSchema.parse(report).runs.flatMap((run) =>
    run.results.map((result) => {
      const location = result.locations[0]?.physicalLocation;
      return {
        check: result.ruleId,
        file: location?.artifactLocation.uri.split(path.sep).join('/') ?? 'N/A',
        line: location?.region?.startLine ?? 0,
        message: result.message.text,
      };
    }),
  );
}

/** Splits findings into accepted and not, and lists accepted entries nothing matched. */
export function gateFindings(
  findings: readonly Finding[],
  allowList: ElectronegativityAllowList,
): { unaccepted: Finding[]; stale: ElectronegativityAllowList['accepted'] } {
  const matches = (entry: ElectronegativityAllowList['accepted'][number], finding: Finding) =>
    entry.check === finding.check && entry.file === finding.file;
  return {
    unaccepted: findings.filter((f) => !allowList.accepted.some((e) => matches(e, f))),
    stale: allowList.accepted.filter((e) => !findings.some((f) => matches(e, f))),
  };
}

export function parseAllowList(json: unknown): ElectronegativityAllowList {
  return allowListSchema.parse(json);
}

async function main(): Promise<number> {
  const allowList = parseAllowList(JSON.parse(await readFile(allowListPath, 'utf8')));
  const require = createRequire(import.meta.url);
  const electronVersion = z
    .object({ version: z.string() })
    .parse(require('electron/package.json')).version;
  const cli = path.join(
    path.dirname(require.resolve('@doyensec/electronegativity/package.json')),
    'dist/index.js',
  );

  // Scan a copy without tests: test files are not shipped and poke at the app on purpose.
  const work = await mkdtemp(path.join(tmpdir(), 'electronegativity-'));
  const app = path.join(work, 'app');
  for (const folder of scannedFolders) {
    await cp(path.join(root, folder), path.join(app, folder), {
      recursive: true,
      filter: (source) => !/\.test\.tsx?$/.test(source),
    });
  }
  const reportPath = path.join(work, 'electronegativity.sarif');
  const args = [cli, '-i', app, '-o', reportPath, '-r', '-e', electronVersion];
  const excluded = allowList.excludedChecks.map((entry) => entry.check);
  if (excluded.length > 0) args.push('-x', excluded.join(','));
  await promisify(execFile)(process.execPath, args, {
    cwd: work,
    timeout: 5 * 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });

  const findings = parseSarifFindings(JSON.parse(await readFile(reportPath, 'utf8')));
  const { unaccepted, stale } = gateFindings(findings, allowList);
  console.log(
    `electronegativity ${electronVersion}: ${findings.length} finding(s); report ${reportPath}`,
  );
  for (const finding of findings) {
    const mark = unaccepted.includes(finding) ? 'NOT ACCEPTED' : 'accepted';
    console.log(`  [${mark}] ${finding.check} ${finding.file}:${finding.line} ${finding.message}`);
  }
  for (const entry of stale) {
    console.log(
      `  [STALE] ${entry.check} ${entry.file}: no longer reported; remove it from the list`,
    );
  }
  if (unaccepted.length > 0 || stale.length > 0) {
    console.error(
      `electronegativity: ${unaccepted.length} unaccepted finding(s), ${stale.length} stale ` +
        `entr${stale.length === 1 ? 'y' : 'ies'}. Fix the finding, or explain it in ` +
        'build/electronegativity-accepted.json.',
    );
    return 1;
  }
  console.log('electronegativity: every finding is fixed or explained');
  return 0;
}

if (
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error('electronegativity check failed to run:', error);
      process.exitCode = 2;
    },
  );
}
