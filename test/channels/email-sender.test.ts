import { describe, expect, it } from 'vitest';
import { createEmailSender, toHtml } from '../../src/channels/email/sender.js';
import type { EmailContext, OutboxItem } from '../../src/core/ports.js';

const item: OutboxItem = {
  id: 'OUT1',
  messageId: 'MSG1',
  conversationId: 'C1',
  channel: 'email',
  recipient: 'ana@example.com',
  payload: {
    text: 'Olá\n\n1. Falar com uma pessoa\n2. Menu principal',
    choiceIds: ['cmd:human', 'cmd:menu'],
    lang: 'pt',
  },
  attempts: 0,
  createdAt: 0,
};

function sender(context: Partial<EmailContext>, fail?: { responseCode: number }) {
  const sent: Record<string, unknown>[] = [];
  const full: EmailContext = {
    subject: 'NIF',
    inReplyTo: '<a@example.com>',
    references: ['<a@example.com>'],
    author: 'bot',
    failingSince: null,
    autoRepliesLastHour: 0,
    ...context,
  };
  const s = createEmailSender({
    transport: {
      sendMail: (async (mail: Record<string, unknown>) => {
        if (fail) throw Object.assign(new Error('refused'), fail);
        sent.push(mail);
        return { messageId: '<reply-OUT1@cnaim.example.pt>' };
      }) as never,
    },
    from: 'Assistente CNAIM <assistente@cnaim.example.pt>',
    store: { emailContext: async () => full, markFailing: async () => undefined },
    clock: { now: () => 0 },
    maxAutoRepliesPerHour: 3,
  });
  return { s, sent };
}

describe('sending e-mail replies', () => {
  it('threads the reply and marks a bot reply as automatic, but not a mediator’s', async () => {
    const bot = sender({});
    expect(await bot.s.send(item)).toMatchObject({ kind: 'sent' });
    expect(bot.sent[0]).toMatchObject({
      subject: 'Re: NIF',
      inReplyTo: '<a@example.com>',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    const mediator = sender({ author: 'mediator', subject: 'Re: NIF' });
    await mediator.s.send(item);
    expect(mediator.sent[0]).toMatchObject({ subject: 'Re: NIF', headers: {} });
  });

  it('writes nothing to a bouncing address, and limits automatic replies per address', async () => {
    expect(await sender({ failingSince: 1 }).s.send(item)).toEqual({
      kind: 'failed',
      error: 'the address bounces',
    });
    const busy = sender({ autoRepliesLastHour: 3 });
    expect((await busy.s.send(item)).kind).toBe('failed');
    expect(busy.sent).toEqual([]);
    expect((await sender({ autoRepliesLastHour: 3, author: 'mediator' }).s.send(item)).kind).toBe('sent');
  });

  it('retries a temporary SMTP failure and gives up on a permanent one', async () => {
    expect((await sender({}, { responseCode: 451 }).s.send(item)).kind).toBe('retry');
    expect((await sender({}, { responseCode: 550 }).s.send(item)).kind).toBe('failed');
  });

  it('makes an accessible HTML part: paragraphs, numbered lists, links, nothing unescaped', () => {
    const html = toHtml('Olá <b>Ana</b>\n\nFonte: https://eportugal.gov.pt/x\n\n1. Sim\n2. Não', 'pt');
    expect(html).toContain('<html lang="pt" dir="auto">');
    expect(html).toContain('&lt;b&gt;Ana&lt;/b&gt;');
    expect(html).toContain('<a href="https://eportugal.gov.pt/x">');
    expect(html).toContain('<ol><li>Sim</li><li>Não</li></ol>');
  });
});
