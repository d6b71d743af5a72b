import type { Reply, StoredMessage } from '../../domain/types.js';
import type { Lang } from '../../domain/language.js';
import type { WebchatEvent } from './hub.js';

/** The widget renders choices as quick-reply buttons and citations as links; one payload per reply. */
export function renderWebchat(reply: Reply, lang: Lang): unknown[] {
  return [{ ...reply, lang }];
}

export function toWebchatEvent(message: StoredMessage): WebchatEvent {
  const payload = (message.direction === 'out' ? message.payload : null) as
    (Partial<WebchatEvent> & { lang?: string }) | null;
  return {
    id: message.id,
    author: message.author,
    text: message.text,
    createdAt: message.createdAt,
    ...(payload?.choices ? { choices: payload.choices } : {}),
    ...(payload?.citations ? { citations: payload.citations } : {}),
    ...(payload?.links ? { links: payload.links } : {}),
    ...(payload?.lang ? { lang: payload.lang } : {}),
  };
}
