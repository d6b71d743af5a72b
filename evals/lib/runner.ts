import type { EvalCase } from './cases.js';
import { createHarness } from './harness.js';
import type { CaseResult } from './metrics.js';

const fold = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** Runs every case as a new person, in order, and checks its expectations. */
export async function runCases(cases: EvalCase[]): Promise<CaseResult[]> {
  const harness = await createHarness();
  const results: CaseResult[] = [];
  try {
    for (const c of cases) results.push(await runOne(harness, c));
  } finally {
    await harness.close();
  }
  return results;
}

async function runOne(harness: Awaited<ReturnType<typeof createHarness>>, c: EvalCase): Promise<CaseResult> {
  const failures: string[] = [];
  const checks: CaseResult['checks'] = {};
  let traces;
  let replies: string[];
  try {
    ({ traces, replies } = await harness.runCase(c));
  } catch (error) {
    return {
      id: c.id,
      channel: c.channel,
      expect: c.expect,
      pass: false,
      failures: [`error: ${(error as Error).message}`],
      checks: { ...(c.expect.lang ? { lang: false } : {}), ...(c.expect.topics ? { topic: false } : {}) },
      got: { lang: null, topic: null, escalated: false, replies: [] },
      turnMs: [],
    };
  }
  const last = traces[traces.length - 1]!;
  const escalated = await harness.escalated(last.conversationId);
  const all = fold(replies.join('\n'));
  const { expect } = c;
  if (expect.lang) {
    checks.lang = expect.lang.includes(last.language as never);
    if (!checks.lang) failures.push(`lang: got ${last.language}, expected ${expect.lang.join('|')}`);
  }
  if (expect.topics) {
    checks.topic = last.topic !== null && expect.topics.includes(last.topic);
    if (!checks.topic)
      failures.push(`topic: got ${last.topic ?? 'none'}, expected ${expect.topics.join('|')}`);
  }
  if (expect.escalate !== undefined && expect.escalate !== escalated) {
    failures.push(`escalate: got ${escalated}, expected ${expect.escalate}`);
  }
  if (expect.mentions || expect.forbid) {
    const missing = (expect.mentions ?? []).filter((m) => !all.includes(fold(m)));
    const present = (expect.forbid ?? []).filter((f) => all.includes(fold(f)));
    checks.mentions = missing.length === 0 && present.length === 0;
    if (missing.length) failures.push(`mentions missing: ${missing.join(', ')}`);
    if (present.length) failures.push(`forbidden present: ${present.join(', ')}`);
  }
  return {
    id: c.id,
    channel: c.channel,
    expect,
    pass: failures.length === 0,
    failures,
    checks,
    got: { lang: last.language, topic: last.topic, escalated, replies },
    turnMs: traces.map((t) => t.tookMs),
  };
}
