import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/**
 * A flow is data: named steps of five kinds. Text is never written here, only referred to: an i18n
 * key, a topic (its title), an area (its name) or an article (its title), so every flow speaks all the
 * languages the translations and the knowledge base speak.
 */

export { ARTICLE_PARTS, type ArticlePart } from '../core/turn/answer.js';

export const INPUT_KINDS = ['place', 'yes-no'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'kebab-case');
/** `step` in the same flow, or `flow:<id>` for the start of another flow. */
const target = z.string().regex(/^(flow:)?[a-z0-9]+(-[a-z0-9]+)*$/, 'a step id or flow:<id>');
const key = z.string().regex(/^[a-zA-Z]+(\.[a-zA-Z-]+)+$/, 'an i18n key such as choice.findCentre');

/** What a label or a prompt shows: exactly one of the four sources. */
const label = z.union([
  /** `area` fills the key's {{area}} placeholder with that area's name. */
  z.object({ key, area: id.optional() }).strict(),
  z.object({ topic: id }).strict(),
  z.object({ area: id }).strict(),
  z.object({ article: id }).strict(),
]);
export type Label = z.infer<typeof label>;

const option = z.object({ label, next: target }).strict();
export type Option = z.infer<typeof option>;

const prompt = z.array(label).min(1);

const menuStep = z.object({ kind: z.literal('menu'), prompt, options: z.array(option).min(1) }).strict();

const informationStep = z
  .object({
    kind: z.literal('information'),
    /** An article, shown in parts: overview (summary, steps, where), documents, details (cost, time, problems). */
    article: id.optional(),
    /** The slot holding a place: shows the centres nearest to it. */
    centres: z.string().optional(),
    options: z.array(option).default([]),
  })
  .strict()
  .refine(
    (s) => Boolean(s.article) !== Boolean(s.centres),
    'an information step shows an article or centres',
  );

const questionStep = z
  .object({
    kind: z.literal('question'),
    prompt,
    input: z.enum(INPUT_KINDS),
    /** Where the answer is kept in the conversation state. */
    save: z.string().regex(/^[a-z][a-zA-Z]*$/),
    /** One next step for any valid answer, or one per answer of a yes/no question. */
    next: z.union([target, z.object({ yes: target, no: target }).strict()]),
  })
  .strict();

const handoffStep = z
  .object({
    kind: z.literal('handoff'),
    reason: id,
    urgent: z.boolean().default(false),
    text: key,
  })
  .strict();

const endStep = z.object({ kind: z.literal('end'), text: key }).strict();

const step = z.discriminatedUnion('kind', [menuStep, informationStep, questionStep, handoffStep, endStep]);
export type Step = z.infer<typeof step>;
export type MenuStep = z.infer<typeof menuStep>;
export type InformationStep = z.infer<typeof informationStep>;
export type QuestionStep = z.infer<typeof questionStep>;

const flowSchema = z
  .object({
    id,
    /** The catalogue topic a conversation is about once it enters this flow, when it has one. */
    topic: id.optional(),
    /** Free-text answers on these topics continue into this flow. */
    triggers: z.array(id).default([]),
    start: id,
    steps: z.record(id, step),
  })
  .strict();
export type Flow = z.infer<typeof flowSchema>;

export class FlowError extends Error {
  override name = 'FlowError';
}

/** Parses one flow file; throws naming the file and the path of the first bad field. */
export function parseFlow(yamlText: string, name: string): Flow {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (error) {
    throw new FlowError(`${name}: not valid YAML (${(error as Error).message})`);
  }
  const parsed = flowSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FlowError(`${name}: ${issue?.path.join('.') || '(top)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
