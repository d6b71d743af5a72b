import type { Choice } from '../domain/types.js';
import type { Lang } from '../domain/language.js';
import type { Translator } from '../i18n/translator.js';
import type { CentreDirectory, Place } from '../knowledge/centres.js';
import { foldPhrase } from '../retrieval/text.js';
import type { QuestionStep } from './definition.js';

export type AnswerReading =
  | { kind: 'value'; value: string }
  /** Several places share the name: the person picks one. */
  | { kind: 'ambiguous'; text: string; choices: Choice[] }
  | { kind: 'invalid'; text: string };

export interface InputDeps {
  t: Translator;
  centres: CentreDirectory;
}

/** "Lagoa (Faro)", "Lagoa (Açores)": short enough for a WhatsApp list row. */
const placeLabel = (place: Place) =>
  place.district ? `${place.name} (${place.district.replace(/^Região Autónoma d[aeo]s? /, '')})` : place.name;

/** A typed yes or no in the person's language, or in Portuguese or English, which many people mix in. */
export function yesNo(text: string, lang: Lang, t: Translator): 'yes' | 'no' | undefined {
  const folded = foldPhrase(text);
  for (const l of [lang, 'pt', 'en'] as Lang[]) {
    if (t.list(l, 'words.yes').some((w) => foldPhrase(w) === folded)) return 'yes';
    if (t.list(l, 'words.no').some((w) => foldPhrase(w) === folded)) return 'no';
  }
  return undefined;
}

/**
 * Reads an answer to a question step, typed or chosen: a yes/no in the person's language (or in
 * Portuguese or English), or a municipality or district of Portugal in any spelling the place list knows.
 */
export function readAnswer(
  step: QuestionStep,
  input: { text?: string; choice?: string },
  lang: Lang,
  { t, centres }: InputDeps,
): AnswerReading {
  const chosen = input.choice?.startsWith('answer:') ? input.choice.slice('answer:'.length) : undefined;
  const text = (input.text ?? '').trim();
  if (step.input === 'yes-no') {
    const value = chosen === 'yes' || chosen === 'no' ? chosen : yesNo(text, lang, t);
    return value ? { kind: 'value', value } : { kind: 'invalid', text: t.t(lang, 'question.yesNo') };
  }
  if (chosen) {
    return centres.place(chosen)
      ? { kind: 'value', value: chosen }
      : { kind: 'invalid', text: t.t(lang, 'centre.askPlace') };
  }
  const places = centres.findPlaces(text);
  if (places.length === 1) return { kind: 'value', value: places[0]!.id };
  if (places.length > 1) {
    return {
      kind: 'ambiguous',
      text: t.t(lang, 'centre.which', { place: places[0]!.name }),
      choices: places.slice(0, 8).map((p) => ({ id: `answer:${p.id}`, label: placeLabel(p) })),
    };
  }
  return { kind: 'invalid', text: t.t(lang, 'centre.notFound', { place: [...text].slice(0, 40).join('') }) };
}
