import type { EvalCase } from './cases.js';

export interface CaseResult {
  id: string;
  channel: EvalCase['channel'];
  expect: EvalCase['expect'];
  pass: boolean;
  failures: string[];
  checks: { lang?: boolean; topic?: boolean; mentions?: boolean };
  got: { lang: string | null; topic: string | null; escalated: boolean; replies: string[] };
  turnMs: number[];
}

export interface Metrics {
  n: number;
  pass: number;
  topic: number;
  lang: number;
  esc_recall: number;
  esc_precision: number;
  mentions: number;
  p95_ms: number;
}

const share = (hits: number, total: number) => (total === 0 ? 1 : hits / total);

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function computeMetrics(results: CaseResult[]): Metrics {
  const withTopic = results.filter((r) => r.checks.topic !== undefined);
  const withLang = results.filter((r) => r.checks.lang !== undefined);
  const withMentions = results.filter((r) => r.checks.mentions !== undefined);
  const expectEsc = results.filter((r) => r.expect.escalate === true);
  const escalated = results.filter((r) => r.got.escalated);
  return {
    n: results.length,
    pass: share(results.filter((r) => r.pass).length, results.length),
    topic: share(withTopic.filter((r) => r.checks.topic).length, withTopic.length),
    lang: share(withLang.filter((r) => r.checks.lang).length, withLang.length),
    esc_recall: share(expectEsc.filter((r) => r.got.escalated).length, expectEsc.length),
    esc_precision: share(escalated.filter((r) => r.expect.escalate === true).length, escalated.length),
    mentions: share(withMentions.filter((r) => r.checks.mentions).length, withMentions.length),
    p95_ms: percentile(
      results.flatMap((r) => r.turnMs),
      95,
    ),
  };
}

export function summaryLine(m: Metrics): string {
  const f = (x: number) => x.toFixed(2);
  return `eval: n=${m.n} pass=${f(m.pass)} topic=${f(m.topic)} lang=${f(m.lang)} esc_recall=${f(m.esc_recall)} esc_precision=${f(m.esc_precision)} mentions=${f(m.mentions)} p95_ms=${f(m.p95_ms)}`;
}

/** Metrics per group (language, topic, channel), for the report tables. */
export function groupMetrics(
  results: CaseResult[],
  key: (r: CaseResult) => string[],
): Record<string, Metrics> {
  const groups = new Map<string, CaseResult[]>();
  for (const result of results) {
    for (const k of key(result)) groups.set(k, [...(groups.get(k) ?? []), result]);
  }
  return Object.fromEntries(
    [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, rs]) => [k, computeMetrics(rs)]),
  );
}
