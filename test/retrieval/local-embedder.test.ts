import { describe, expect, it } from 'vitest';
import { dot } from '../../src/retrieval/embedder.js';
import {
  createLocalEmbedder,
  deserializeModel,
  fitLocalEmbedder,
  serializeModel,
} from '../../src/retrieval/local-embedder.js';

const corpus = [
  { text: 'como tirar o NIF nas Finanças', label: 'nif' },
  { text: 'NIF kaise banaye', label: 'nif' },
  { text: 'how do I get a NIF tax number', label: 'nif' },
  { text: 'renovar a autorização de residência no portal da AIMA', label: 'residence-renewal' },
  { text: 'how do I renew my residence permit', label: 'residence-renewal' },
  { text: 'मेरा residence card renew कैसे करें', label: 'residence-renewal' },
  { text: 'como marcar consulta no centro de saúde', label: 'health-sns' },
  { text: 'how do I register at the health centre', label: 'health-sns' },
  { text: 'صحة مركز التسجيل كيف', label: 'health-sns' },
  { text: '怎么办理居留续签', label: 'residence-renewal' },
];
const model = fitLocalEmbedder(corpus, 256);
const embedder = createLocalEmbedder(model);

describe('the local embedder', () => {
  it('is deterministic and returns unit vectors of the configured size, in any script', async () => {
    for (const text of ['como tiro o nif', 'मेरा कार्ड', 'تجديد الإقامة', '居留许可', 'Як отримати NISS']) {
      const [a] = await embedder.embed([text]);
      const [b] = await embedder.embed([text]);
      expect(a).toHaveLength(256);
      expect(Math.hypot(...a!)).toBeCloseTo(1, 5);
      expect(Array.from(a!)).toEqual(Array.from(b!));
    }
  });

  it('keeps misspelt and unaccented questions close to the original', () => {
    const original = embedder.embedOne('renovar a autorização de residência');
    const typo = embedder.embedOne('renovar autorizacao de residensia');
    const other = embedder.embedOne('como marcar consulta no centro de saude');
    expect(dot(original, typo)).toBeGreaterThan(dot(original, other) + 0.2);
  });

  it('weighs words that say the topic more than words spread over every topic', () => {
    // "how" appears under every topic; "NIF" only under one.
    const query = embedder.embedOne('how NIF');
    expect(dot(query, embedder.embedOne('NIF'))).toBeGreaterThan(dot(query, embedder.embedOne('how')));
  });

  it('round-trips its fitted table through bytes', () => {
    const restored = createLocalEmbedder(deserializeModel(serializeModel(model)));
    expect(Array.from(restored.embedOne('como tirar o NIF'))).toEqual(
      Array.from(embedder.embedOne('como tirar o NIF')),
    );
    expect(restored.id).toBe(embedder.id);
  });
});
