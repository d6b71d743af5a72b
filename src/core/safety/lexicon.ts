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

export interface SafetyMatch {
  category: SafetyCategory;
  lang: Lang;
  pattern: string;
}

export interface SafetyMatcher {
  /** The most serious category whose pattern appears in the text, if any. */
  match(text: string): SafetyMatch | undefined;
}

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

/** Consecutive words in order; `~` lets up to three other words in between; `stem*` matches a prefix. */
function matchesWords(steps: Step[], words: string[]): boolean {
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
  for (let start = 0; start < words.length; start++) if (at(0, start)) return true;
  return false;
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

export function parseSafetyLexicon(yamlText: string): SafetyMatcher {
  const data = schema.parse(parseYaml(yamlText));
  const rules: {
    category: SafetyCategory;
    lang: Lang;
    pattern: string;
    test: (words: string[], flat: string) => boolean;
  }[] = [];
  for (const category of SAFETY_CATEGORIES) {
    const byLang = data.categories[category];
    if (!byLang) throw new Error(`safety.yaml: missing category ${category}`);
    for (const lang of LANGUAGES) {
      for (const entry of byLang[lang] ?? []) {
        const pattern = String(entry);
        if (lang === 'zh') {
          const re = compileSubstring(pattern);
          rules.push({ category, lang, pattern, test: (_w, flat) => re.test(flat) });
        } else {
          const steps = compileWords(pattern);
          if (steps.some((s) => s.kind === 'word'))
            rules.push({ category, lang, pattern, test: (w) => matchesWords(steps, w) });
        }
      }
    }
  }
  return {
    match(text) {
      const words = safetyWords(text);
      const flat = foldForSearch(text).replace(/\s+/g, '');
      // Categories are checked in order of seriousness: danger to life first, a request for a person last.
      for (const category of SAFETY_CATEGORIES) {
        const rule = rules.find((r) => r.category === category && r.test(words, flat));
        if (rule) return { category, lang: rule.lang, pattern: rule.pattern };
      }
      return undefined;
    },
  };
}
