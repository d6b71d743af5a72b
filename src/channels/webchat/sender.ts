import type { Sender } from '../../core/ports.js';
import type { Reply } from '../../domain/types.js';
import type { WebchatHub } from './hub.js';
import { webchatEvent } from './render.js';

/** Web-chat "sending" is pushing to the visitor's open streams; the history keeps it for later. */
export function createWebchatSender(hub: WebchatHub, now: () => number): Sender {
  return {
    async send(item) {
      const reply = item.payload as Reply & { lang?: string };
      hub.publish(
        item.recipient,
        webchatEvent({ id: item.messageId, author: 'bot', text: reply.text, createdAt: now() }, reply),
      );
      return { kind: 'sent' };
    },
  };
}
