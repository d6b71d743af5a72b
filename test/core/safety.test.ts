import { describe, expect, it } from 'vitest';
import { inbound, makeEngine } from '../helpers/engine.js';
import { sharedContent } from '../helpers/content.js';

const { safety } = await sharedContent();

describe('danger, violence, trafficking and a request for a person', () => {
  it.each([
    ['emergency', 'I want to kill myself'],
    ['emergency', 'quero morrer, não aguento mais'],
    ['domestic-violence', 'o meu marido bate-me todos os dias'],
    ['domestic-violence', 'mi esposo me pega y me amenaza'],
    ['human-trafficking', 'the boss took my passport and does not let us leave the farm'],
    ['human-trafficking', 'patrão ficou com o meu passaporte e não me paga há meses'],
    ['talk-to-human', 'quero falar com uma pessoa'],
    ['talk-to-human', 'I want to talk to a real person'],
  ])('recognises %s in "%s"', (category, text) => {
    expect(safety.match(text)?.category).toBe(category);
  });

  it('weighs the evidence between violence at home and trafficking, but a request for a person never hides violence', () => {
    const trafficking = 'o patrão ficou com o passaporte, não me paga há meses e não me deixa sair da quinta';
    expect(safety.match(trafficking)?.category).toBe('human-trafficking');
    const violence = 'o meu marido bate-me. quero falar com uma pessoa, um humano, por favor';
    expect(safety.match(violence)?.category).toBe('domestic-violence');
  });

  it.each([
    'como renovo o meu título de residência?',
    'my employer needs a copy of my passport for the contract',
    'quanto custa o NIF?',
    'how many hours can I work per week?',
  ])('leaves an ordinary question alone: "%s"', (text) => {
    expect(safety.match(text)).toBeUndefined();
  });

  it('escalates before anything else: emergency numbers first, the conversation waits for a mediator', async () => {
    const made = await makeEngine();
    try {
      const { trace, accepted } = await made.engine.handle(
        inbound({ text: 'o meu marido bate-me e tenho medo', langHint: 'pt' }),
      );
      expect(trace?.escalated).toBe(true);
      expect(trace?.topic).toBe('domestic-violence');
      const last = trace!.replies.at(-1)!;
      expect(last.text).toMatch(/112/);
      expect(last.text).toMatch(/800 202 148/);
      const conversation = await made.db
        .selectFrom('conversations')
        .selectAll()
        .where('id', '=', accepted.conversationId)
        .executeTakeFirstOrThrow();
      expect(conversation.status).toBe('waiting');
      // The handoff jumps the queue, with a case card for the mediator.
      const handoff = await made.db
        .selectFrom('handoffs')
        .selectAll()
        .where('conversation_id', '=', accepted.conversationId)
        .executeTakeFirstOrThrow();
      expect(handoff).toMatchObject({ reason: 'domestic-violence', urgent: 1, status: 'waiting' });
      expect(JSON.parse(handoff.case_card!)).toMatchObject({ urgent: true, flags: ['domestic-violence'] });
    } finally {
      await made.close();
    }
  });
});
