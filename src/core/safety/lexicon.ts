import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LANGUAGES, type Lang } from '../../domain/language.js';
import { foldForSearch } from '../../retrieval/text.js';

/** What the safety check recognises before anything else, in every language. */
export const SAFETY_CATEGORIES = [
  'emergency',
  'domestic-violence',
  'human-trafficking',
  'talk-to-human',
] as const;
export type SafetyCategory = (typeof SAFETY_CATEGORIES)[number];

export interface LexiconMatch<C extends string> {
  category: C;
  lang: Lang;
  pattern: string;
}

export interface LexiconMatcher<C extends string> {
  /** The first category (in the order given) whose pattern appears in the text, if any. */
  match(text: string): LexiconMatch<C> | undefined;
}

export type SafetyMatch = LexiconMatch<SafetyCategory>;
export type SafetyMatcher = LexiconMatcher<SafetyCategory>;

const schema = z.object({
  categories: z.record(
    z.string(),
    z.record(z.string(), z.array(z.union([z.string(), z.number()])).default([])),
  ),
});

/** Words as the matcher sees them: folded, punctuation as space. */
export function safetyWords(text: string): string[] {
  return foldForSearch(text)
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

type Step = { kind: 'word'; word: string; prefix: boolean } | { kind: 'gap' };

function compileWords(pattern: string): Step[] {
  const steps: Step[] = [];
  for (const raw of pattern.trim().split(/\s+/)) {
    if (raw === '~') {
      steps.push({ kind: 'gap' });
      continue;
    }
    const prefix = raw.endsWith('*');
    const words = safetyWords(prefix ? raw.slice(0, -1) : raw);
    words.forEach((word, i) => steps.push({ kind: 'word', word, prefix: prefix && i === words.length - 1 }));
  }
  return steps;
}

/** Consecutive words in order from `start`; `~` lets up to three other words in between; `stem*` matches a prefix. */
function matchesAt(steps: Step[], words: string[], start: number): boolean {
  const at = (si: number, wi: number): boolean => {
    if (si === steps.length) return true;
    const step = steps[si]!;
    if (step.kind === 'gap') {
      for (let skip = 0; skip <= 3 && wi + skip <= words.length; skip++)
        if (at(si + 1, wi + skip)) return true;
      return false;
    }
    const word = words[wi];
    if (word === undefined) return false;
    const ok = step.prefix ? word.startsWith(step.word) : word === step.word;
    return ok && at(si + 1, wi + 1);
  };
  return at(0, start);
}

/** Chinese has no spaces: substrings, with `~` allowing up to six characters in between. */
function compileSubstring(pattern: string): RegExp {
  const parts = pattern
    .split('~')
    .map((p) =>
      foldForSearch(p)
        .replace(/\s+/g, '')
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .filter(Boolean);
  return new RegExp(parts.join('.{0,6}'), 'u');
}

interface WordRule<C extends string> {
  category: C;
  lang: Lang;
  pattern: string;
  steps: Step[];
}

export function parseSafetyLexicon(yamlText: string): SafetyMatcher {
  return parseLexicon(yamlText, SAFETY_CATEGORIES, 'safety.yaml', ['domestic-violence', 'human-trafficking']);
}

/** Compiles a lexicon file of phrase patterns per category and language (see knowledge/safety.yaml). */
export function parseLexicon<C extends string>(
  yamlText: string,
  categories: readonly C[],
  name: string,
  /** Categories that, when one of them is the first found, compete by how many of their rules match. */
  peers: readonly C[] = [],
): LexiconMatcher<C> {
  const data = schema.parse(parseYaml(yamlText));
  // Word rules are indexed by their first word (exact) or the first two letters of a leading stem,
  // so a message is checked only against rules that can start at one of its words.
  const exact = new Map<string, WordRule<C>[]>();
  const byStem = new Map<string, WordRule<C>[]>();
  const shortStems: WordRule<C>[] = [];
  const substrings: { category: C; lang: Lang; pattern: string; re: RegExp }[] = [];
  const add = (map: Map<string, WordRule<C>[]>, key: string, rule: WordRule<C>) =>
    map.set(key, [...(map.get(key) ?? []), rule]);
  for (const category of categories) {
    const byLang = data.categories[category];
    if (!byLang) throw new Error(`${name}: missing category ${category}`);
    for (const lang of LANGUAGES) {
      for (const entry of byLang[lang] ?? []) {
        const pattern = String(entry);
        if (lang === 'zh') {
          substrings.push({ category, lang, pattern, re: compileSubstring(pattern) });
          continue;
        }
        const steps = compileWords(pattern);
        while (steps[0]?.kind === 'gap') steps.shift();
        const first = steps[0];
        if (!first || first.kind !== 'word') continue;
        const rule = { category, lang, pattern, steps };
        if (!first.prefix) add(exact, first.word, rule);
        else if ([...first.word].length >= 2) add(byStem, [...first.word].slice(0, 2).join(''), rule);
        else shortStems.push(rule);
      }
    }
  }
  return {
    match(text) {
      const words = safetyWords(text);
      // Every rule that matches counts for its category. Categories win in their order, except that
      // among peers the one with the most evidence wins: "the boss keeps my passport and does not let
      // me out" reads as trafficking although "does not let me out" alone could be violence at home.
      const found = new Map<C, { count: number; first: LexiconMatch<C> }>();
      const consider = (m: LexiconMatch<C>) => {
        const entry = found.get(m.category);
        if (entry) entry.count += 1;
        else
          found.set(m.category, {
            count: 1,
            first: { category: m.category, lang: m.lang, pattern: m.pattern },
          });
      };
      for (let i = 0; i < words.length; i++) {
        const word = words[i]!;
        const candidates = [
          ...(exact.get(word) ?? []),
          ...(byStem.get([...word].slice(0, 2).join('')) ?? []),
          ...shortStems,
        ];
        for (const rule of candidates) if (matchesAt(rule.steps, words, i)) consider(rule);
      }
      if (/\p{Script=Han}/u.test(text)) {
        const flat = foldForSearch(text).replace(/\s+/g, '');
        for (const rule of substrings) if (rule.re.test(flat)) consider(rule);
      }
      const top = categories.find((category) => found.has(category));
      if (top === undefined) return undefined;
      if (!peers.includes(top)) return found.get(top)!.first;
      let best = found.get(top)!;
      for (const category of peers) {
        const entry = found.get(category);
        if (entry && entry.count > best.count) best = entry;
      }
      return best.first;
    },
  };
}
