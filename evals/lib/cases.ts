import { z } from 'zod';
import { LANGUAGES } from '../../src/domain/language.js';

const turn = z.union([z.string(), z.object({ subject: z.string(), text: z.string() }).strict()]);

export const caseSchema = z.object({
  id: z.string().min(1),
  channel: z.enum(['whatsapp', 'webchat', 'email']),
  turns: z.array(turn).min(1),
  expect: z
    .object({
      lang: z.array(z.enum(LANGUAGES)).min(1).optional(),
      topics: z.array(z.string().min(1)).min(1).optional(),
      escalate: z.boolean().optional(),
      mentions: z.array(z.string()).optional(),
      forbid: z.array(z.string()).optional(),
    })
    .default({}),
});
export type EvalCase = z.infer<typeof caseSchema>;
export type Turn = EvalCase['turns'][number];

export class MalformedCaseFile extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
  }
}

/** Parses a JSONL file of cases; the first bad line stops it with its line number. */
export function parseCases(file: string, text: string): EvalCase[] {
  const cases: EvalCase[] = [];
  const ids = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new MalformedCaseFile(file, index + 1, 'not valid JSON');
    }
    const parsed = caseSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new MalformedCaseFile(
        file,
        index + 1,
        `${issue?.path.join('.') || 'case'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    if (ids.has(parsed.data.id))
      throw new MalformedCaseFile(file, index + 1, `duplicate id "${parsed.data.id}"`);
    ids.add(parsed.data.id);
    cases.push(parsed.data);
  });
  return cases;
}
