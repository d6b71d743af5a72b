import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LANGUAGES, type Lang } from '../domain/language.js';

export const SECTIONS = ['what', 'who', 'steps', 'documents', 'where', 'cost', 'time', 'problems'] as const;
export type Section = (typeof SECTIONS)[number];
export type BodyLang = 'pt' | 'en';

/** The headings the body uses for each section, per body language. */
export const SECTION_HEADINGS: Record<BodyLang, Record<Section, string>> = {
  pt: {
    what: 'O que é',
    who: 'Para quem',
    steps: 'Passos',
    documents: 'Documentos',
    where: 'Onde ir',
    cost: 'Custo',
    time: 'Prazo habitual',
    problems: 'Se algo correr mal',
  },
  en: {
    what: 'What it is',
    who: 'Who it is for',
    steps: 'Steps',
    documents: 'Documents',
    where: 'Where to go',
    cost: 'Cost',
    time: 'Typical time',
    problems: 'If something goes wrong',
  },
};

export const MIN_ASKS = 6;

const translationSchema = z.object({
  reviewed: z.boolean(),
  title: z.string().trim().min(3),
  summary: z.string().trim().min(10),
  steps: z.array(z.string().trim().min(2)).min(1),
  documents: z.array(z.string().trim().min(2)).default([]),
  where: z.string().trim().min(3),
  asks: z.array(z.string().trim().min(2)).min(MIN_ASKS, `at least ${MIN_ASKS} phrasings`),
});
export type ArticleTranslation = z.infer<typeof translationSchema>;

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD'));

const frontMatterSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'kebab-case'),
  topic: z.string().min(1),
  sources: z
    .array(z.object({ title: z.string().trim().min(3), url: z.url({ protocol: /^https?$/ }) }))
    .min(1, 'at least one official source'),
  last_verified: isoDate,
  offices: z.array(z.enum(['lisboa', 'porto', 'faro', 'beja', 'remote'])).default([]),
  unverified: z.array(z.string()).default([]),
  translations: z.object(
    Object.fromEntries(LANGUAGES.map((lang) => [lang, translationSchema])) as Record<Lang, typeof translationSchema>,
  ),
});

export interface Source {
  title: string;
  url: string;
}

export interface Article {
  id: string;
  topic: string;
  sources: Source[];
  lastVerified: string;
  offices: string[];
  unverified: string[];
  translations: Record<Lang, ArticleTranslation>;
  body: Record<BodyLang, Record<Section, string>>;
}

export class ArticleError extends Error {
  override name = 'ArticleError';
}

function splitFrontMatter(text: string): { front: string; body: string } {
  const normalised = text.replace(/\r\n/g, '\n');
  if (!normalised.startsWith('---\n')) throw new ArticleError('no front matter (the file must start with ---)');
  const end = normalised.indexOf('\n---\n', 4);
  if (end < 0) throw new ArticleError('the front matter is not closed with ---');
  return { front: normalised.slice(4, end), body: normalised.slice(end + 5) };
}

/** Splits `# pt` / `# en` and their `## Section` headings into section texts. */
function parseBody(body: string): Record<BodyLang, Record<Section, string>> {
  const out: Partial<Record<BodyLang, Partial<Record<Section, string>>>> = {};
  let lang: BodyLang | undefined;
  let section: Section | undefined;
  for (const line of body.split('\n')) {
    const top = /^# (\S+)\s*$/.exec(line);
    if (top) {
      if (top[1] !== 'pt' && top[1] !== 'en') throw new ArticleError(`unexpected body language "${top[1]}"`);
      lang = top[1];
      out[lang] = {};
      section = undefined;
      continue;
    }
    const sub = /^## (.+?)\s*$/.exec(line);
    if (sub && lang) {
      const found = SECTIONS.find((key) => SECTION_HEADINGS[lang!][key] === sub[1]);
      if (!found) throw new ArticleError(`unknown ${lang} section "${sub[1]}"`);
      section = found;
      out[lang]![section] = '';
      continue;
    }
    if (lang && section) out[lang]![section] += `${line}\n`;
  }
  for (const bodyLang of ['pt', 'en'] as const) {
    const sections = out[bodyLang];
    if (!sections) throw new ArticleError(`missing body language "# ${bodyLang}"`);
    for (const key of SECTIONS) {
      if (!sections[key]?.trim()) {
        throw new ArticleError(`missing or empty ${bodyLang} section "${SECTION_HEADINGS[bodyLang][key]}"`);
      }
      sections[key] = sections[key]!.trim();
    }
  }
  return out as Record<BodyLang, Record<Section, string>>;
}

function valueAt(data: unknown, path: PropertyKey[]): unknown {
  let at: unknown = data;
  for (const key of path) at = at && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[key] : undefined;
  return at;
}

/** Parses one article file; throws ArticleError naming the first problem. */
export function parseArticle(text: string): Article {
  const { front, body } = splitFrontMatter(text);
  let data: unknown;
  try {
    data = parseYaml(front);
  } catch (error) {
    throw new ArticleError(`front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = frontMatterSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'front matter';
    const missing = issue !== undefined && valueAt(data, issue.path) === undefined;
    const message = missing ? 'missing' : issue?.message;
    throw new ArticleError(`${where}: ${message ?? 'invalid'}`);
  }
  const fm = parsed.data;
  return {
    id: fm.id,
    topic: fm.topic,
    sources: fm.sources,
    lastVerified: fm.last_verified,
    offices: fm.offices,
    unverified: fm.unverified,
    translations: fm.translations as Record<Lang, ArticleTranslation>,
    body: parseBody(body),
  };
}
