import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LANGUAGES, type Lang } from '../domain/language.js';

/** The service areas of the main menu, in the order people see them (at most 10: a WhatsApp list). */
export const AREAS = [
  'residence',
  'documents',
  'health',
  'social',
  'education',
  'work',
  'housing',
  'daily-life',
  'urgent',
  'support',
] as const;
export type AreaId = (typeof AREAS)[number];

export interface Topic {
  id: string;
  area: AreaId;
  sensitive: boolean;
  title: Record<Lang, string>;
}

export interface Catalogue {
  topics: Topic[];
  topic(id: string): Topic | undefined;
  topicsOf(area: AreaId): Topic[];
}

const titles = z.object(
  Object.fromEntries(LANGUAGES.map((lang) => [lang, z.string().min(1)])) as Record<Lang, z.ZodString>,
);

const catalogueSchema = z.object({
  topics: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]+$/),
        area: z.enum(AREAS),
        sensitive: z.boolean().default(false),
        title: titles,
      }),
    )
    .min(1),
});

/** Parses `knowledge/topics.yaml`; throws with the path of the first bad field. */
export function parseCatalogue(yamlText: string): Catalogue {
  const parsed = catalogueSchema.safeParse(parseYaml(yamlText));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`topics.yaml: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const topics = parsed.data.topics as Topic[];
  const byId = new Map(topics.map((topic) => [topic.id, topic]));
  if (byId.size !== topics.length) throw new Error('topics.yaml: duplicate topic id');
  return {
    topics,
    topic: (id) => byId.get(id),
    topicsOf: (area) => topics.filter((topic) => topic.area === area),
  };
}
