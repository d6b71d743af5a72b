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
const ROMANISED = new Set<Lang>(['hi', 'ne', 'ur', 'pa', 'bn']);
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
  // An address starts where a word starts: tried from every position of a long word without an @,
  // `\S+@` is quadratic (3.5 s for one 64 KB WhatsApp message, the event loop blocked meanwhile).
  return text
    .replace(/https?:\/\/\S+|(?<!\S)\S+@\S+/g, ' ')
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
        // In Latin letters, Hindi, Nepali, Urdu, Punjabi and Bengali are romanised: the general model
        // does not know them written that way, so they are the corpus profile's alone.
        const knows = (lang: Lang) => GENERAL_KNOWS.has(lang) && !(script === 'latin' && ROMANISED.has(lang));
        const known = candidates.filter(knows);
        const raw = new Map<Lang, number>();
        for (const { lang, p } of general(text.toLowerCase())) {
          const mapped = (ALIAS[lang] ?? lang) as Lang;
          if (known.includes(mapped)) raw.set(mapped, (raw.get(mapped) ?? 0) + p);
        }
        const z = [...raw.values()].reduce((a, b) => a + b, 0);
        if (z > 0.05) {
          for (const lang of candidates) {
            const c = corpus.get(lang) ?? 0;
            combined.set(
              lang,
              knows(lang) ? (1 - generalWeight) * c + (generalWeight * (raw.get(lang) ?? 0)) / z : c,
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
      const confidence = (bestScore / Math.max(total, 1e-9)) * lengthFactor;
      if (script === 'latin' && (best === 'hi' || best === 'ur')) {
        // Romanised Hindi and romanised Urdu are one spoken language in the same letters: the script a
        // person reads cannot be told from them. English is the safer first reply until they choose.
        const other = combined.get(best === 'hi' ? 'ur' : 'hi') ?? 0;
        if (other > bestScore * 0.5)
          return { lang: 'en', confidence: Math.min(confidence + other / total, 1) * lengthFactor };
      }
      return { lang: best, confidence };
    },
  };
}
