import type { Lang } from '../../domain/language.js';
import type { LanguageDetector, LanguageGuess } from '../turn/negotiate-language.js';
import type { LanguageProfile } from './profile.js';
import { dominantScript, type Script } from './script.js';

/** A general-purpose identifier (fastText lid.176): raw ISO codes with probabilities. */
export type GeneralIdentifier = (text: string) => { lang: string; p: number }[];

const BY_SCRIPT: Record<Script, readonly Lang[]> = {
  latin: ['pt', 'en', 'es', 'fr', 'ro', 'hi', 'ne', 'ur', 'pa', 'bn'],
  arabic: ['ar', 'ur'],
  devanagari: ['hi', 'ne'],
  bengali: ['bn'],
  gurmukhi: ['pa'],
  cyrillic: ['uk', 'ru'],
  han: ['zh'],
  other: [],
};
/** Languages a general model knows in that script; romanised South Asian text it cannot tell. */
const GENERAL_KNOWS = new Set<Lang>(['pt', 'en', 'es', 'fr', 'ro', 'ar', 'ur', 'hi', 'ne', 'uk', 'ru']);
/** Close relatives the general model sometimes names instead (Galician for short Portuguese). */
const ALIAS: Record<string, Lang> = {
  gl: 'pt',
  mo: 'ro',
  arz: 'ar',
  pnb: 'ur',
  mr: 'hi',
  be: 'ru',
  bg: 'ru',
};

/** Letters only Urdu (and Persian) use, never Arabic. */
const URDU_LETTERS = /[ٹڈڑںےۓہھگچپژکی]/u;
const UKRAINIAN_LETTERS = /[іїєґ]/iu;
const RUSSIAN_LETTERS = /[ыэъё]/iu;

/** Tokens every language mixes in (NIF, AIMA, SNS 24, URLs, numbers): they say nothing about the language. */
function strip(text: string): string {
  return text
    .replace(/https?:\/\/\S+|\S+@\S+/g, ' ')
    .replace(/\b[A-Z]{2,6}\b/g, ' ')
    .replace(/\d+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface DetectorOptions {
  profile: LanguageProfile;
  general?: GeneralIdentifier;
  /** Weight of the general model against the corpus profile, for languages it knows. */
  generalWeight?: number;
}

/**
 * Identifies the language of a short message: the script narrows the candidates (Gurmukhi is Punjabi,
 * letters only Urdu has tell Urdu from Arabic), then the corpus profile and the general model vote.
 * Confidence drops for one- or two-word messages, which then fall back to the conversation's language.
 */
export function createLanguageDetector({
  profile,
  general,
  generalWeight = 0.5,
}: DetectorOptions): LanguageDetector {
  return {
    detect(raw: string): LanguageGuess | undefined {
      const text = strip(raw);
      const { script, letters } = dominantScript(text);
      let candidates = BY_SCRIPT[script];
      if (candidates.length === 0 || letters < 2) return undefined;
      if (script === 'arabic') candidates = URDU_LETTERS.test(text) ? ['ur'] : candidates;
      if (script === 'cyrillic' && UKRAINIAN_LETTERS.test(text)) candidates = ['uk'];
      else if (script === 'cyrillic' && RUSSIAN_LETTERS.test(text)) candidates = ['ru'];

      const words = text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
      const lengthFactor = script === 'han' ? Math.min(1, letters / 4) : Math.min(1, words / 3);
      if (candidates.length === 1) return { lang: candidates[0]!, confidence: 0.5 + 0.5 * lengthFactor };

      const corpus = profile.score(text, candidates);
      const combined = new Map<Lang, number>(corpus);
      if (general) {
        const known = candidates.filter((c) => GENERAL_KNOWS.has(c));
        const raw = new Map<Lang, number>();
        for (const { lang, p } of general(text.toLowerCase())) {
          const mapped = (ALIAS[lang] ?? lang) as Lang;
          if (known.includes(mapped)) raw.set(mapped, (raw.get(mapped) ?? 0) + p);
        }
        const z = [...raw.values()].reduce((a, b) => a + b, 0);
        if (z > 0.05) {
          for (const lang of candidates) {
            const g = GENERAL_KNOWS.has(lang) ? (raw.get(lang) ?? 0) / z : 0;
            const c = corpus.get(lang) ?? 0;
            // Romanised South Asian languages are the corpus profile's alone.
            combined.set(
              lang,
              GENERAL_KNOWS.has(lang) || script !== 'latin' ? (1 - generalWeight) * c + generalWeight * g : c,
            );
          }
        }
      }
      let best: Lang = candidates[0]!;
      let bestScore = -1;
      let total = 0;
      for (const [lang, s] of combined) {
        total += s;
        if (s > bestScore) {
          best = lang;
          bestScore = s;
        }
      }
      return { lang: best, confidence: (bestScore / Math.max(total, 1e-9)) * lengthFactor };
    },
  };
}
