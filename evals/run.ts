import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MalformedCaseFile, parseCases, type EvalCase } from './lib/cases.js';
import { computeMetrics, groupMetrics, summaryLine, type CaseResult, type Metrics } from './lib/metrics.js';
import { runCases } from './lib/runner.js';

/**
 * npm run eval -- FILE.jsonl [MORE.jsonl | DIR ...] [--out report.json] [--by lang,topic,channel]
 * Prints one line per failed case, optional tables, and the summary as its last line.
 * Exit 0 when the files ran (whatever the scores), 2 when a file is malformed.
 */
function parseArgs(argv: string[]) {
  const files: string[] = [];
  let out: string | undefined;
  let by: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--out') out = argv[++i];
    else if (arg === '--by') by = (argv[++i] ?? '').split(',').filter(Boolean);
    else files.push(arg);
  }
  return { files, out, by };
}

function expand(paths: string[]): string[] {
  return paths.flatMap((p) =>
    statSync(p).isDirectory()
      ? readdirSync(p)
          .filter((f) => f.endsWith('.jsonl'))
          .sort()
          .map((f) => join(p, f))
      : [p],
  );
}

function table(title: string, groups: Record<string, Metrics>): string {
  const f = (x: number) => x.toFixed(2);
  const rows = Object.entries(groups).map(
    ([k, m]) =>
      `  ${k.padEnd(26)} n=${String(m.n).padStart(3)} pass=${f(m.pass)} topic=${f(m.topic)} lang=${f(m.lang)} esc_recall=${f(m.esc_recall)}`,
  );
  return [`by ${title}:`, ...rows].join('\n');
}

/** The language a case is reported under: the first language its reply may be in. */
const langOf = (r: CaseResult) => r.expect.lang?.[0] ?? r.id.split('-')[1] ?? 'unknown';

async function main() {
  const { files, out, by } = parseArgs(process.argv.slice(2));
  if (files.length === 0) {
    console.error('usage: npm run eval -- FILE.jsonl [--out report.json] [--by lang,topic,channel]');
    process.exit(2);
  }
  let cases: EvalCase[] = [];
  try {
    for (const file of expand(files)) cases = cases.concat(parseCases(file, readFileSync(file, 'utf8')));
  } catch (error) {
    if (error instanceof MalformedCaseFile) {
      console.error(`eval: malformed case file: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const results = await runCases(cases);
  for (const r of results.filter((x) => !x.pass)) console.log(`FAIL ${r.id}: ${r.failures.join('; ')}`);
  const metrics = computeMetrics(results);
  const groups = {
    lang: groupMetrics(results, (r) => [langOf(r)]),
    topic: groupMetrics(results, (r) => r.expect.topics ?? ['(none)']),
    channel: groupMetrics(results, (r) => [r.channel]),
  };
  for (const key of by) if (key in groups) console.log(table(key, groups[key as keyof typeof groups]));
  if (out) {
    writeFileSync(
      out,
      JSON.stringify(
        {
          metrics,
          by: groups,
          cases: results.map((r) => ({ id: r.id, pass: r.pass, failures: r.failures, got: r.got })),
        },
        null,
        2,
      ),
    );
  }
  console.log(summaryLine(metrics));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
