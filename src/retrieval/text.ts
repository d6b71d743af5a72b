/**
 * Text folding and tokenising shared by every ranking: the same rules for the corpus and the query,
 * across scripts. Latin and Cyrillic lose their accents ("residencia" finds "residência"); Arabic-script
 * letters with several shapes are unified; Indic vowel signs are kept (they are letters, not accents).
 */
const COMBINING_ACCENTS = /[\u0300-\u036f]/g;
const ARABIC_MARKS = /[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
const ARABIC_FOLD: Record<string, string> = {
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ى: 'ي',
  ی: 'ي',
  ې: 'ي',
  ة: 'ه',
  ۃ: 'ه',
  ہ: 'ه',
  ھ: 'ه',
  ك: 'ک',
  ؤ: 'و',
  ئ: 'ي',
};
const ARABIC_FOLD_RE = new RegExp(`[${Object.keys(ARABIC_FOLD).join('')}]`, 'g');

export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING_ACCENTS, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(ARABIC_MARKS, '')
    .replace(ARABIC_FOLD_RE, (ch) => ARABIC_FOLD[ch] ?? ch)
    .replace(/[’'`´]/g, '');
}

/**
 * A whole phrase folded for comparison: case, Latin/Cyrillic accents and punctuation go, so "Início!"
 * and "inicio" match. Indic vowel signs are letters, not accents: they stay.
 */
export function foldPhrase(text: string): string {
  return foldForSearch(text)
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const HAN_RUN = /\p{Script=Han}+/gu;
const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

let lastText: string | undefined;
let lastTokens: string[] = [];

/**
 * Words of folded text; runs of Han characters (written without spaces) become characters and bigrams.
 * The last result is remembered: the vector and the lexical ranking tokenize the same question.
 */
export function tokenize(text: string): string[] {
  if (text === lastText) return lastTokens;
  lastTokens = tokenizeUncached(text);
  lastText = text;
  return lastTokens;
}

function tokenizeUncached(text: string): string[] {
  const folded = foldForSearch(text);
  const tokens: string[] = [];
  for (const run of folded.match(HAN_RUN) ?? []) {
    const chars = [...run];
    for (let i = 0; i < chars.length; i++) {
      tokens.push(chars[i]!);
      if (i + 1 < chars.length) tokens.push(chars[i]! + chars[i + 1]!);
    }
  }
  for (const slice of slices(folded.replace(HAN_RUN, ' '))) {
    for (const part of segmenter.segment(slice)) {
      if (part.isWordLike) tokens.push(part.segment);
    }
  }
  return tokens;
}

const SLICE = 4096;

/**
 * Intl.Segmenter falls off a cliff on very long strings (over a minute for one 64 KB WhatsApp message
 * of mixed scripts, the event loop blocked), so long text goes in slices. A slice ends after a space,
 * which always ends a word, so the words are the same; only a "word" longer than a slice is cut.
 */
function* slices(text: string): Generator<string> {
  for (let start = 0; start < text.length;) {
    let end = Math.min(start + SLICE, text.length);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end - 1);
      if (space > start) end = space + 1;
      else if (/[\ud800-\udbff]/.test(text[end - 1]!)) end -= 1;
    }
    yield text.slice(start, end);
    start = end;
  }
}
