import { DEFAULT_LANG, type Lang } from '../../domain/language.js';

export interface LanguageGuess {
  lang: Lang;
  confidence: number;
}

/** Identifies the language of a short message; undefined when it cannot tell. */
export interface LanguageDetector {
  detect(text: string): LanguageGuess | undefined;
}

export interface LanguageSignals {
  /** The language the conversation already runs in (or the contact chose before). */
  current: Lang | null;
  /** A hint from the channel: the browser's language, an e-mail's Content-Language. */
  hint?: Lang | undefined;
  detected?: LanguageGuess | undefined;
}

/** Below this, a detection does not override what we already know. */
export const CONFIDENT = 0.6;

/**
 * The written fallback chain: the conversation's language once set (changing it is an explicit
 * step), then a confident detection of the first message, then the channel's hint, then Portuguese.
 */
export function negotiateLanguage({ current, hint, detected }: LanguageSignals): Lang {
  if (current) return current;
  if (detected && detected.confidence >= CONFIDENT) return detected.lang;
  return hint ?? detected?.lang ?? DEFAULT_LANG;
}
