import type { Reply, StoredMessage } from '../../domain/types.js';
import type { Lang } from '../../domain/language.js';
import type { WebchatEvent } from './hub.js';

/** The widget renders choices as quick-reply buttons and citations as links; one payload per reply. */
export function renderWebchat(reply: Reply, lang: Lang): unknown[] {
  return [{ ...reply, lang }];
}

type ReplyParts = Partial<Pick<WebchatEvent, 'choices' | 'citations' | 'links' | 'lang'>>;

/** One message as the widget receives it, from its stored or queued reply parts. */
export function webchatEvent(
  head: Pick<WebchatEvent, 'id' | 'author' | 'text' | 'createdAt'>,
  parts: ReplyParts | null,
): WebchatEvent {
  return {
    ...head,
    ...(parts?.choices ? { choices: parts.choices } : {}),
    ...(parts?.citations ? { citations: parts.citations } : {}),
    ...(parts?.links ? { links: parts.links } : {}),
    ...(parts?.lang ? { lang: parts.lang } : {}),
  };
}

export function toWebchatEvent(message: StoredMessage): WebchatEvent {
  const parts = message.direction === 'out' ? (message.payload as ReplyParts | null) : null;
  return webchatEvent(
    { id: message.id, author: message.author, text: message.text, createdAt: message.createdAt },
    parts,
  );
}
