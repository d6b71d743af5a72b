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
  const langs = [...new Set(samples.map((s) => s.lang))];
  const index = new Map(langs.map((lang, i) => [lang, i]));
  const counts = new Map<string, Float64Array>();
  const totals = new Float64Array(langs.length);
  for (const { lang, text } of samples) {
    const li = index.get(lang)!;
    for (const g of grams(text)) {
      let row = counts.get(g);
      if (!row) counts.set(g, (row = new Float64Array(langs.length)));
      row[li]! += 1;
      totals[li]! += 1;
    }
  }
  // Log probabilities per gram and language, smoothed; one lookup per gram scores every language.
  const v = counts.size;
  const unseen = Float64Array.from(totals, (total) => Math.log(0.1 / (total + 0.1 * v)));
  const table = new Map<string, Float64Array>();
  for (const [g, row] of counts)
    table.set(
      g,
      Float64Array.from(row, (n, li) => Math.log((n + 0.1) / (totals[li]! + 0.1 * v))),
    );
  return {
    /** Posterior probabilities over the candidates (uniform prior). */
    score(text, candidates) {
      const gs = grams(text);
      const sums = new Float64Array(langs.length);
      for (const g of gs) {
        const row = table.get(g) ?? unseen;
        for (let li = 0; li < sums.length; li++) sums[li]! += row[li]!;
      }
      const norm = Math.max(1, Math.sqrt(gs.length));
      const out = new Map<Lang, number>();
      let max = -Infinity;
      for (const lang of candidates) {
        const li = index.get(lang);
        const l = li === undefined ? -Infinity : sums[li]! / norm;
        out.set(lang, l);
        if (l > max) max = l;
      }
      let z = 0;
      for (const [lang, l] of out) {
        const p = Number.isFinite(l) ? Math.exp(l - max) : 0;
        out.set(lang, p);
        z += p;
      }
      for (const [lang, p] of out) out.set(lang, z > 0 ? p / z : 0);
      return out;
    },
  };
}
