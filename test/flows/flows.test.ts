import { describe, expect, it } from 'vitest';
import { createNodeService } from '../../src/server.js';
import { LANGUAGES } from '../../src/domain/language.js';
import { sharedContent } from '../helpers/content.js';
import { inbound, makeEngine, translator as t } from '../helpers/engine.js';
import { tempDir, testConfig } from '../helpers/service.js';

const content = await sharedContent();

describe('guided flows in a conversation', () => {
  it('resumes in the middle of a flow after the service restarts', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const first = await createNodeService(testConfig(dir), { content });
      const say = (service: typeof first, text: string) =>
        service.engine.handle(inbound({ address: 'restart', text }));
      await say(first, 'hello');
      await say(first, '10'); // Support and contacts
      const { trace } = await say(first, '1'); // Find a centre
      expect(trace?.flowPosition).toBe('find-centre/place');
      await first.close();

      const second = await createNodeService(testConfig(dir), { content });
      try {
        const { trace: resumed } = await say(second, 'Sintra');
        expect(resumed?.flowPosition).toBe('find-centre/nearest');
        expect(resumed?.replies[0]?.text).toMatch(/centres nearest to Sintra/);
        expect(resumed?.replies[0]?.text).toMatch(/CNAIM Lisboa/);
        expect(resumed?.topic).toBe('cnaim-locations');
      } finally {
        await second.close();
      }
    } finally {
      cleanup();
    }
  });

  it('understands the global commands at any step in every language', async () => {
    const made = await makeEngine();
    try {
      for (const lang of LANGUAGES) {
        const address = `commands-${lang}`;
        const say = async (text: string) =>
          (await made.engine.handle(inbound({ address, text, langHint: lang }))).trace!;
        const word = (command: string) => t.list(lang, `commands.${command}`)[0]!;
        await say(word('menu'));
        await say('2'); // NIF and NISS
        const deeper = await say('1'); // NIF: its articles
        expect(deeper.flowPosition, lang).toBe('documents/nif');
        expect((await say(word('back'))).flowPosition, `${lang} back`).toBe('documents/menu');
        expect((await say(word('menu'))).flowPosition, `${lang} menu`).toBe('main/menu');
        expect((await say(word('help'))).replies[0]?.text, `${lang} help`).toBe(t.t(lang, 'help.text'));
        expect((await say(word('language'))).replies[0]?.choices, `${lang} language`).toHaveLength(14);
        const stopped = await say(word('stop'));
        expect(stopped.replies[0]?.text, `${lang} stop`).toBe(t.t(lang, 'stop.done'));
        expect(stopped.replies[0]?.choices ?? []).toEqual([]);
        // Any message after stopping starts again from the main menu.
        expect((await say(word('greeting'))).flowPosition, `${lang} start again`).toBe('main/menu');
        const human = await say(word('human'));
        expect(human.escalated, `${lang} human`).toBe(true);
      }
    } finally {
      await made.close();
    }
  });

  it('lets a confident answer to a typed question win over the menu, and back returns to the menu', async () => {
    const made = await makeEngine();
    try {
      const say = async (text: string) =>
        (await made.engine.handle(inbound({ address: 'typed', text, langHint: 'en' }))).trace!;
      await say('hello');
      expect((await say('7')).flowPosition).toBe('housing/menu');
      const answer = await say('how do I renew my residence card online on the AIMA portal?');
      expect(answer.topic).toBe('residence-renewal');
      expect(answer.flowPosition).toBe('residence/residence-renewal-portal');
      expect(answer.citations.length).toBeGreaterThan(0);
      expect((await say('back')).flowPosition).toBe('housing/menu');
    } finally {
      await made.close();
    }
  });

  it('asks again, kindly, when a question gets an answer it cannot use', async () => {
    const made = await makeEngine();
    try {
      const say = async (text: string) =>
        (await made.engine.handle(inbound({ address: 'ask', text, langHint: 'pt' }))).trace!;
      await say('olá');
      await say('10');
      await say('1');
      const wrong = await say('zzzz qqqq');
      expect(wrong.flowPosition).toBe('find-centre/place');
      expect(wrong.replies[0]?.text).toMatch(/Não encontrei «zzzz qqqq»/);
      const shared = await say('Lagoa');
      expect(shared.replies[0]?.choices?.slice(0, 2).map((c) => c.label)).toEqual([
        'Lagoa (Faro)',
        'Lagoa (Açores)',
      ]);
      const picked = await say('1');
      expect(picked.flowPosition).toBe('find-centre/nearest');
      expect(picked.replies[0]?.text).toMatch(/Os centros mais perto de Lagoa/);
    } finally {
      await made.close();
    }
  });

  it('puts emergency numbers first in urgent help, and a person right after', async () => {
    const made = await makeEngine();
    try {
      const say = async (given: { text?: string; choice?: string }) =>
        (await made.engine.handle(inbound({ address: 'urgent', langHint: 'uk', ...given }))).trace!;
      await say({ text: 'привіт' });
      const numbers = await say({ text: '9' });
      expect(numbers.replies[0]?.text.indexOf('112')).toBeGreaterThanOrEqual(0);
      expect(numbers.replies[0]?.choices?.map((c) => c.id).slice(0, 2)).toEqual(['answer:yes', 'answer:no']);
      const danger = await say({ choice: 'answer:yes' });
      expect(danger.escalated).toBe(true);
      expect(danger.handoff).toMatchObject({ reason: 'emergency', urgent: true });
    } finally {
      await made.close();
    }
  });

  it('finds the centre from a place named in a free question', async () => {
    const made = await makeEngine();
    try {
      const { trace } = await made.engine.handle(
        inbound({
          address: 'where',
          text: 'onde fica o CNAIM mais perto? moro em Vila Nova de Gaia',
          langHint: 'pt',
        }),
      );
      expect(trace?.topic).toBe('cnaim-locations');
      expect(trace?.flowPosition).toBe('find-centre/nearest');
      expect(trace?.replies.at(-1)?.text).toMatch(/CNAIM Norte/);
    } finally {
      await made.close();
    }
  });
});
