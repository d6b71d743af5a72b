import type { Choice, Citation, Reply } from '../domain/types.js';
import type { Lang } from '../domain/language.js';
import type { Translator } from '../i18n/translator.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { CentreDirectory } from '../knowledge/centres.js';
import { articleText, citationsOf, partsOf, type ArticlePart } from '../core/turn/answer.js';
import type { InformationStep, Label, Option, Step } from './definition.js';
import { formatPosition, type FlowSet, type Position } from './flow-set.js';
import { renderCentres } from './render-centres.js';

export interface FlowDeps {
  t: Translator;
  knowledge: KnowledgeBase;
  flows: FlowSet;
  centres: CentreDirectory;
}

/** Values a conversation collected in flows (a place, a yes/no). */
export type Slots = Record<string, string>;

export interface RenderedStep {
  reply: Reply;
  citations: Citation[];
  /** The catalogue topic the step is about. */
  topic?: string;
}

export const goTo = (position: Position): string => `go:${formatPosition(position)}`;

export function labelText(
  label: Label,
  lang: Lang,
  { t, knowledge }: Pick<FlowDeps, 't' | 'knowledge'>,
): string {
  if ('key' in label)
    return label.area
      ? t.t(lang, label.key, { area: t.t(lang, `area.${label.area}`) })
      : t.t(lang, label.key);
  if ('topic' in label) return knowledge.catalogue.topic(label.topic)!.title[lang];
  if ('area' in label) return t.t(lang, `area.${label.area}`);
  return knowledge.article(label.article)!.translations[lang].title;
}

/** Back and main menu everywhere but the main menu itself; a person wherever an answer is shown. */
function navigation(position: Position, lang: Lang, deps: FlowDeps, withHuman: boolean): Choice[] {
  const main = deps.flows.main();
  if (position.flow === main.flow && position.step === main.step && !position.part) return [];
  const nav: Choice[] = [];
  if (withHuman) nav.push({ id: 'cmd:human', label: deps.t.t(lang, 'choice.human') });
  nav.push({ id: 'cmd:back', label: deps.t.t(lang, 'choice.back') });
  nav.push({ id: 'cmd:menu', label: deps.t.t(lang, 'choice.menu') });
  return nav;
}

function optionChoices(options: Option[], position: Position, lang: Lang, deps: FlowDeps): Choice[] {
  return options.map((option) => ({
    id: goTo(deps.flows.resolve(option.next, position.flow)),
    label: labelText(option.label, lang, deps),
  }));
}

const PART_LABEL: Record<ArticlePart, string> = {
  overview: 'choice.steps',
  documents: 'choice.documents',
  details: 'choice.details',
};

function renderInformation(
  step: InformationStep,
  position: Position,
  lang: Lang,
  slots: Slots,
  deps: FlowDeps,
): RenderedStep {
  const extra = optionChoices(step.options, position, lang, deps);
  if (step.centres) {
    const place = deps.centres.place(slots[step.centres] ?? '');
    const { text, citations } = renderCentres(place, lang, deps.t, deps.centres);
    return {
      reply: { text, choices: [...extra, ...navigation(position, lang, deps, true)], citations },
      citations,
    };
  }
  const article = deps.knowledge.article(step.article!)!;
  const available = partsOf(article, lang);
  const part = position.part && available.includes(position.part) ? position.part : 'overview';
  const sensitive = Boolean(deps.knowledge.catalogue.topic(article.topic)?.sensitive);
  const citations = citationsOf(article);
  const partChoices = available
    .filter((p) => p !== part)
    .map((p) => ({ id: goTo({ ...position, part: p }), label: deps.t.t(lang, PART_LABEL[p]) }));
  return {
    reply: {
      text: articleText(article, part, lang, deps.t, sensitive),
      choices: [...partChoices, ...extra, ...navigation(position, lang, deps, true)],
      citations,
    },
    citations,
    topic: article.topic,
  };
}

/**
 * What a menu, information or question step shows: its text and its choices, each choice naming the
 * position it leads to, so a button tapped on an old message still goes to the right place.
 */
export function renderStep(
  step: Step,
  position: Position,
  lang: Lang,
  slots: Slots,
  deps: FlowDeps,
): RenderedStep {
  const topic = deps.flows.topicOf(position);
  switch (step.kind) {
    case 'menu':
      return {
        reply: {
          text: step.prompt.map((l) => labelText(l, lang, deps)).join('\n\n'),
          choices: [
            ...optionChoices(step.options, position, lang, deps),
            ...navigation(position, lang, deps, false),
          ],
        },
        citations: [],
        ...(topic ? { topic } : {}),
      };
    case 'information':
      return { ...(topic ? { topic } : {}), ...renderInformation(step, position, lang, slots, deps) };
    case 'question': {
      const answers: Choice[] =
        step.input === 'yes-no'
          ? [
              { id: 'answer:yes', label: deps.t.t(lang, 'choice.yes') },
              { id: 'answer:no', label: deps.t.t(lang, 'choice.no') },
            ]
          : [];
      return {
        reply: {
          text: step.prompt.map((l) => labelText(l, lang, deps)).join('\n\n'),
          choices: [...answers, ...navigation(position, lang, deps, step.input !== 'yes-no')],
        },
        citations: [],
        ...(topic ? { topic } : {}),
      };
    }
    default:
      return { reply: { text: deps.t.t(lang, step.text) }, citations: [], ...(topic ? { topic } : {}) };
  }
}
