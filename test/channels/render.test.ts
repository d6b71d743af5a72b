import { describe, expect, it } from 'vitest';
import { renderEmail } from '../../src/channels/email/render.js';
import { splitText } from '../../src/channels/render-text.js';
import {
  renderWhatsApp,
  WHATSAPP_LIMITS as L,
  type WhatsAppPayload,
} from '../../src/channels/whatsapp/render.js';
import { answerFromArticle, detailFromArticle } from '../../src/core/turn/answer.js';
import { menuChoices, menuPrompt } from '../../src/core/turn/menus.js';
import { LANGUAGES, type Lang } from '../../src/domain/language.js';
import type { Reply } from '../../src/domain/types.js';
import { AREAS } from '../../src/knowledge/catalogue.js';
import { sharedContent } from '../helpers/content.js';
import { inbound, makeEngine, translator as t } from '../helpers/engine.js';

const { knowledge } = await sharedContent();
const words = (lang: Lang) => ({
  source: t.t(lang, 'render.source'),
  verified: t.t(lang, 'render.verified'),
  replyWithNumber: t.t(lang, 'render.replyWithNumber'),
  listButton: t.t(lang, 'menu.button'),
});
const len = (s: string) => [...s].length;

function withinLimits(p: WhatsAppPayload): string[] {
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
      if (len(r.title) > L.rowTitle) errors.push(`row title ${r.title}`);
      if (r.description && len(r.description) > L.rowDescription)
        errors.push(`row description ${r.description}`);
    }
  }
  return errors;
}

/** Every menu and every article answer the assistant can show, in one language. */
function everyReply(lang: Lang): Reply[] {
  const deps = { t, catalogue: knowledge.catalogue };
  const menus = (['main', ...AREAS.map((a) => `area:${a}` as const)] as const).map((menu) => ({
    text: menuPrompt(menu, lang, deps),
    choices: menuChoices(menu, lang, deps),
  }));
  const answers = knowledge.articles.flatMap((a) => [
    answerFromArticle(a, lang, deps),
    detailFromArticle(a, lang, deps),
  ]);
  return [...menus, ...answers];
}

describe('rendering replies for each channel', () => {
  it.each(LANGUAGES)(
    'keeps every WhatsApp message of every menu and article within Meta’s limits (%s)',
    (lang) => {
      for (const reply of everyReply(lang)) {
        const payloads = renderWhatsApp(reply, words(lang));
        expect(payloads.length).toBeGreaterThan(0);
        for (const p of payloads) expect(withinLimits(p), reply.text.slice(0, 40)).toEqual([]);
      }
    },
  );

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
    expect(mail!.text).toMatch(/1\. Mais detalhes\n2\. /);
    expect(mail!.choiceIds[0]).toBe(`article:${article.id}:more`);
  });

  it('reads a typed number as an option of the last reply', async () => {
    const made = await makeEngine();
    try {
      await made.engine.handle(
        inbound({ address: 'num', text: 'como tiro o NIF nas Finanças?', langHint: 'pt' }),
      );
      const { trace } = await made.engine.handle(inbound({ address: 'num', text: '1' }));
      // Option 1 of an answer is "more details" of that article.
      expect(trace?.replies[0]?.text).toMatch(/Documentos:/);
    } finally {
      await made.close();
    }
  });
});
