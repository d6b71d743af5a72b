import type { Reply } from '../../domain/types.js';
import { citationLines, clip, numberedChoices, splitText, type RenderWords } from '../render-text.js';

/** Meta's documented limits for Cloud API messages. */
export const WHATSAPP_LIMITS = {
  text: 4096,
  buttonBody: 1024,
  buttons: 3,
  buttonTitle: 20,
  listBody: 4096,
  listButton: 20,
  listRows: 10,
  rowTitle: 24,
  rowDescription: 72,
  id: 200,
} as const;

export type WhatsAppPayload =
  | { type: 'text'; text: { body: string; preview_url: boolean } }
  | {
      type: 'interactive';
      interactive:
        | {
            type: 'button';
            body: { text: string };
            action: { buttons: { type: 'reply'; reply: { id: string; title: string } }[] };
          }
        | {
            type: 'list';
            body: { text: string };
            action: {
              button: string;
              sections: { rows: { id: string; title: string; description?: string }[] }[];
            };
          };
    };

const text = (body: string): WhatsAppPayload => ({ type: 'text', text: { body, preview_url: false } });

/**
 * A neutral reply as WhatsApp messages: the text (with its sources) split within Meta's limits, then
 * the choices as reply buttons (up to 3 short ones) or a list (up to 10 rows), or, beyond that, as a
 * numbered text the person answers with a number.
 */
export function renderWhatsApp(reply: Reply, words: RenderWords & { listButton: string }): WhatsAppPayload[] {
  const body = [reply.text, ...citationLines(reply.citations, words)].join('\n\n');
  const choices = reply.choices ?? [];
  const L = WHATSAPP_LIMITS;
  const fitsButtons =
    choices.length > 0 &&
    choices.length <= L.buttons &&
    choices.every((c) => [...c.label].length <= L.buttonTitle);
  if (choices.length === 0 || choices.length > L.listRows) {
    const all = choices.length ? `${body}\n\n${numberedChoices(reply)}\n\n${words.replyWithNumber}` : body;
    return splitText(all, L.text).map(text);
  }
  const limit = fitsButtons ? L.buttonBody : L.listBody;
  const parts = splitText(body, limit);
  const last = parts.pop() ?? '';
  const before = parts.map(text);
  if (fitsButtons) {
    return [
      ...before,
      {
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: last },
          action: {
            buttons: choices.map((c) => ({
              type: 'reply',
              reply: { id: c.id.slice(0, L.id), title: c.label },
            })),
          },
        },
      },
    ];
  }
  return [
    ...before,
    {
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: last },
        action: {
          button: clip(words.listButton, L.listButton),
          sections: [
            {
              rows: choices.map((c) => ({
                id: c.id.slice(0, L.id),
                title: clip(c.label, L.rowTitle),
                ...([...c.label].length > L.rowTitle ? { description: clip(c.label, L.rowDescription) } : {}),
              })),
            },
          ],
        },
      },
    },
  ];
}
