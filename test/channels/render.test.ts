import { describe, expect, it } from 'vitest';
import { renderEmail } from '../../src/channels/email/render.js';
import { splitText } from '../../src/channels/render-text.js';
import { renderWhatsApp } from '../../src/channels/whatsapp/render.js';
import { answerFromArticle } from '../../src/core/turn/answer.js';
import type { Lang } from '../../src/domain/language.js';
import { sharedContent } from '../helpers/content.js';
import { inbound, makeEngine, translator as t } from '../helpers/engine.js';

const { knowledge } = await sharedContent();
const words = (lang: Lang) => ({
  source: t.t(lang, 'render.source'),
  verified: t.t(lang, 'render.verified'),
  replyWithNumber: t.t(lang, 'render.replyWithNumber'),
  listButton: t.t(lang, 'menu.button'),
});
describe('rendering replies for each channel', () => {
  it('uses reply buttons for up to three short options, a list up to ten, numbered text beyond', () => {
    const opts = (n: number, label = 'Option') =>
      Array.from({ length: n }, (_, i) => ({ id: `o:${i}`, label: `${label} ${i + 1}` }));
    const three = renderWhatsApp({ text: 'Choose', choices: opts(3) }, words('en'));
    expect(three.at(-1)).toMatchObject({ type: 'interactive', interactive: { type: 'button' } });
    const long = renderWhatsApp(
      { text: 'Choose', choices: opts(2, 'A rather long label that does not fit') },
      words('en'),
    );
    expect(long.at(-1)).toMatchObject({ type: 'interactive', interactive: { type: 'list' } });
    const ten = renderWhatsApp({ text: 'Choose', choices: opts(10) }, words('en'));
    expect(ten.at(-1)).toMatchObject({ interactive: { type: 'list' } });
    const eleven = renderWhatsApp({ text: 'Choose', choices: opts(11) }, words('en'));
    expect(eleven).toHaveLength(1);
    expect(eleven[0]).toMatchObject({ type: 'text' });
    expect((eleven[0] as { text: { body: string } }).text.body).toMatch(
      /11\. Option 11\n\nReply with the number/,
    );
  });

  it('splits long text at paragraph breaks, within the limit', () => {
    const paragraphs = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} ${'word '.repeat(40)}`.trim());
    const parts = splitText(paragraphs.join('\n\n'), 1024);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(1024);
      expect(part.startsWith('Paragraph')).toBe(true);
    }
  });

  it('renders an e-mail with sources and the options as a numbered list', () => {
    const article = knowledge.articlesOf('nif')[0]!;
    const [mail] = renderEmail(
      answerFromArticle(article, 'pt', { t, catalogue: knowledge.catalogue }),
      words('pt'),
    );
    expect(mail!.text).toContain(`Fonte: ${article.sources[0]!.title} — ${article.sources[0]!.url}`);
    expect(mail!.text).toMatch(/1\. Falar com uma pessoa\n2\. Menu principal/);
    expect(mail!.choiceIds).toEqual(['cmd:human', 'cmd:menu']);
  });

  it('reads a typed number as an option of the last reply', async () => {
    const made = await makeEngine();
    try {
      await made.engine.handle(
        inbound({ address: 'num', text: 'como tiro o NIF nas Finanças?', langHint: 'pt' }),
      );
      const { trace } = await made.engine.handle(inbound({ address: 'num', text: '1' }));
      // Option 1 of an answer is the documents that article asks for.
      expect(trace?.replies[0]?.text).toMatch(/Documentos:/);
    } finally {
      await made.close();
    }
  });
});
