import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_INDEX_DIR } from '../helpers/content.js';

function runEval(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'evals/run.ts', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    // The index the test setup built is reused, so the run does not rebuild it.
    env: { ...process.env, EVAL_INDEX_DIR: TEST_INDEX_DIR },
  });
  return { status: result.status, lines: result.stdout.trim().split('\n'), stderr: result.stderr };
}

describe('npm run eval', () => {
  it(
    'runs a case file through the real inbound path and ends with the summary line',
    { timeout: 120_000 },
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'cnaim-eval-test-'));
      try {
        const out = join(dir, 'report.json');
        const { status, lines } = runEval('test/fixtures/evals/small.jsonl', '--out', out);
        expect(status).toBe(0);
        expect(lines.at(-1)).toMatch(
          /^eval: n=3 pass=\d\.\d\d topic=\d\.\d\d lang=\d\.\d\d esc_recall=\d\.\d\d esc_precision=\d\.\d\d mentions=\d\.\d\d p95_ms=\d+\.\d\d$/,
        );
        const report = JSON.parse(readFileSync(out, 'utf8')) as {
          metrics: { n: number };
          cases: { id: string; got: { lang: string } }[];
        };
        expect(report.metrics.n).toBe(3);
        expect(report.cases.map((c) => c.id)).toEqual(['web-pt-001', 'wa-en-001', 'em-uk-001']);
        expect(report.cases[2]!.got.lang).toBe('uk');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('refuses a malformed file with exit code 2 and the line number', () => {
    const { status, stderr } = runEval('test/fixtures/evals/malformed.jsonl');
    expect(status).toBe(2);
    expect(stderr).toMatch(/malformed\.jsonl:2: channel/);
  });
});
