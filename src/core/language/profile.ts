import type { Lang } from '../../domain/language.js';
import { foldForSearch } from '../../retrieval/text.js';

/**
 * A character n-gram language profile (multinomial naive Bayes) trained on this corpus: the
 * phrasings, titles and summaries of every article in every language, including the romanised
 * Hindi, Nepali, Urdu and Punjabi that general models cannot tell from noise.
 */
export interface LanguageProfile {
  score(text: string, candidates: readonly Lang[]): Map<Lang, number>;
}

function grams(text: string): string[] {
  const folded = ` ${foldForSearch(text)
    .replace(/[^\p{L}\p{M}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()} `;
  const out: string[] = [];
  const chars = [...folded];
  for (let n = 1; n <= 3; n++) {
    for (let i = 0; i + n <= chars.length; i++) {
      const g = chars.slice(i, i + n).join('');
      if (g.trim()) out.push(g);
    }
  }
  return out;
}

export function trainLanguageProfile(samples: { lang: Lang; text: string }[]): LanguageProfile {
  const counts = new Map<Lang, Map<string, number>>();
  const totals = new Map<Lang, number>();
  const vocabulary = new Set<string>();
  for (const { lang, text } of samples) {
    const table = counts.get(lang) ?? new Map<string, number>();
    counts.set(lang, table);
    for (const g of grams(text)) {
      table.set(g, (table.get(g) ?? 0) + 1);
      totals.set(lang, (totals.get(lang) ?? 0) + 1);
      vocabulary.add(g);
    }
  }
  const v = vocabulary.size;
  return {
    /** Posterior probabilities over the candidates (uniform prior). */
    score(text, candidates) {
      const gs = grams(text);
      const logs = new Map<Lang, number>();
      for (const lang of candidates) {
        const table = counts.get(lang);
        const total = totals.get(lang) ?? 0;
        let sum = 0;
        for (const g of gs) sum += Math.log(((table?.get(g) ?? 0) + 0.1) / (total + 0.1 * v));
        logs.set(lang, sum / Math.max(1, Math.sqrt(gs.length)));
      }
      const max = Math.max(...logs.values());
      let z = 0;
      for (const [lang, l] of logs) {
        const p = Math.exp(l - max);
        logs.set(lang, p);
        z += p;
      }
      for (const [lang, p] of logs) logs.set(lang, p / z);
      return logs;
    },
  };
}
