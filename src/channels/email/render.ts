import type { Reply } from '../../domain/types.js';
import { citationLines, numberedChoices, type RenderWords } from '../render-text.js';

export interface EmailPayload {
  /** The plain-text body; the e-mail channel adds the HTML part and the headers when it sends. */
  text: string;
  /** Choice ids in order, so a reply that is just a number can be resolved. */
  choiceIds: string[];
}

/** A neutral reply as an e-mail body: the text, sources as links, and choices as a numbered list. */
export function renderEmail(reply: Reply, words: RenderWords): EmailPayload[] {
  const parts = [reply.text, ...citationLines(reply.citations, words)];
  if (reply.choices?.length) parts.push(`${numberedChoices(reply)}\n\n${words.replyWithNumber}`);
  return [{ text: parts.join('\n\n'), choiceIds: (reply.choices ?? []).map((c) => c.id) }];
}
