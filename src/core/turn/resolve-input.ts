import type { Choice } from '../../domain/types.js';
import type { Lang } from '../../domain/language.js';
import type { Translator } from '../../i18n/translator.js';
import { foldPhrase } from '../../retrieval/text.js';

export type Command =
  'menu' | 'back' | 'help' | 'human' | 'greeting' | 'language' | 'stop' | 'privacy' | 'forget';
const COMMANDS: readonly Command[] = [
  'menu',
  'back',
  'help',
  'human',
  'greeting',
  'language',
  'stop',
  'privacy',
  'forget',
];

export type Action =
  | { kind: 'empty' }
  | { kind: 'choice'; id: string }
  | { kind: 'command'; command: Command }
  | { kind: 'text'; text: string };

/** Folds case, accents and punctuation so "Início!" and "inicio" are the same command. */
export const foldText = foldPhrase;

/**
 * Turns what the person sent into an action: a button or list choice by id, a typed option number of
 * the menu on screen, a global command in the conversation's language (or Portuguese/English, which
 * many people mix in), or free text.
 */
export function resolveInput(
  input: { text?: string; choice?: string },
  onScreen: Choice[],
  lang: Lang,
  t: Translator,
): Action {
  if (input.choice) return chosen(input.choice);
  const text = (input.text ?? '').trim();
  if (!text) return { kind: 'empty' };
  const folded = foldText(text);
  const number = /^\d{1,2}$/.test(folded) ? Number(folded) : NaN;
  if (Number.isInteger(number) && number >= 1 && number <= onScreen.length) {
    return chosen(onScreen[number - 1]!.id);
  }
  const byLabel = onScreen.find((choice) => foldText(choice.label) === folded);
  if (byLabel) return chosen(byLabel.id);
  const command = commandWords(t, lang).get(folded);
  if (command) return { kind: 'command', command };
  return { kind: 'text', text };
}

/** A button, a list row or a typed option number: `cmd:` options are the global commands. */
function chosen(id: string): Action {
  const command = id.startsWith('cmd:') ? id.slice(4) : undefined;
  if (command && (COMMANDS as readonly string[]).includes(command))
    return { kind: 'command', command: command as Command };
  return { kind: 'choice', id };
}

const commandCache = new WeakMap<Translator, Map<Lang, Map<string, Command>>>();

/**
 * The folded command words of a language, with Portuguese and English ones (which many people mix
 * in) behind them; built once per translator and language, since every message is checked.
 */
function commandWords(t: Translator, lang: Lang): Map<string, Command> {
  let byLang = commandCache.get(t);
  if (!byLang) commandCache.set(t, (byLang = new Map()));
  let words = byLang.get(lang);
  if (!words) {
    words = new Map();
    for (const command of COMMANDS) {
      for (const l of [lang, 'pt', 'en'] as Lang[]) {
        for (const word of t.list(l, `commands.${command}`)) {
          const key = foldText(word);
          if (!words.has(key)) words.set(key, command);
        }
      }
    }
    byLang.set(lang, words);
  }
  return words;
}
