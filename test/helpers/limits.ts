import { WHATSAPP_LIMITS as L, type WhatsAppPayload } from '../../src/channels/whatsapp/render.js';

const len = (s: string) => [...s].length;

/** What in a WhatsApp message breaks Meta's documented limits; empty when it fits. */
export function whatsappLimitErrors(p: WhatsAppPayload): string[] {
  const errors: string[] = [];
  if (p.type === 'text') {
    if (len(p.text.body) > L.text) errors.push(`text ${len(p.text.body)}`);
    return errors;
  }
  const i = p.interactive;
  if (i.type === 'button') {
    if (len(i.body.text) > L.buttonBody) errors.push(`button body ${len(i.body.text)}`);
    if (i.action.buttons.length > L.buttons) errors.push('too many buttons');
    for (const b of i.action.buttons)
      if (len(b.reply.title) > L.buttonTitle || b.reply.id.length > L.id)
        errors.push(`button ${b.reply.title}`);
  } else {
    if (len(i.body.text) > L.listBody) errors.push(`list body ${len(i.body.text)}`);
    if (len(i.action.button) > L.listButton) errors.push(`list button ${i.action.button}`);
    const rows = i.action.sections.flatMap((s) => s.rows);
    if (rows.length > L.listRows) errors.push('too many rows');
    for (const r of rows) {
      if (len(r.title) > L.rowTitle || r.id.length > L.id) errors.push(`row title ${r.title}`);
      if (r.description && len(r.description) > L.rowDescription)
        errors.push(`row description ${r.description}`);
    }
  }
  return errors;
}
