import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/adapters/knowledge-files.js';
import { LANGUAGES } from '../../src/domain/language.js';
import { parseCatalogue } from '../../src/knowledge/catalogue.js';
import { validateKnowledge } from '../../src/knowledge/knowledge-base.js';

const catalogue = parseCatalogue(readFileSync('knowledge/topics.yaml', 'utf8'));
const TODAY = '2026-11-29';

function translation(lang: string) {
  return `  ${lang}:
    reviewed: false
    title: Title in ${lang}
    summary: A summary that answers in ${lang}.
    steps: [Do this, Then that]
    documents: [Passport]
    where: At the tax office.
    asks: [one a, two b, three c, four d, five e, six f]`;
}

const body = `
# pt

## O que é
x
## Para quem
x
## Passos
x
## Documentos
x
## Onde ir
x
## Custo
x
## Prazo habitual
x
## Se algo correr mal
x

# en

## What it is
x
## Who it is for
x
## Steps
x
## Documents
x
## Where to go
x
## Cost
x
## Typical time
x
## If something goes wrong
x
`;

function article({ id = 'nif-test', topic = 'nif', sources = true, date = '2026-11-01', langs = [...LANGUAGES] as string[] } = {}) {
  return `---
id: ${id}
topic: ${topic}
${sources ? 'sources:\n  - title: Portal das Finanças\n    url: https://info.portaldasfinancas.gov.pt/\n' : ''}${date ? `last_verified: ${date}\n` : ''}translations:
${langs.map(translation).join('\n')}
---
${body}`;
}

const check = (text: string, path = 'articles/nif/nif-test.md') => validateKnowledge([{ path, text }], catalogue, TODAY).errors.filter((e) => !e.startsWith('topic "'));

describe('knowledge validation', () => {
  it('accepts a complete article', () => {
    expect(check(article())).toEqual([]);
  });

  it('rejects an unknown topic', () => {
    expect(check(article({ topic: 'visas-for-mars' }))).toEqual([expect.stringMatching(/unknown topic "visas-for-mars"/)]);
  });

  it('rejects a missing source or date', () => {
    expect(check(article({ sources: false }))[0]).toMatch(/sources: missing/);
    expect(check(article({ date: '' }))[0]).toMatch(/last_verified: missing/);
    expect(check(article({ date: '2027-01-01' }))[0]).toMatch(/in the future/);
  });

  it('rejects a missing language', () => {
    const langs = LANGUAGES.filter((l) => l !== 'pa');
    expect(check(article({ langs }))[0]).toMatch(/translations\.pa: missing/);
  });

  it('rejects too few phrasings, a missing body section and a wrong file name', () => {
    expect(check(article().replace('asks: [one a, two b, three c, four d, five e, six f]', 'asks: [one a]'))[0]).toMatch(/at least 6/);
    expect(check(article().replace('## Custo\nx\n', ''))[0]).toMatch(/missing or empty pt section "Custo"/);
    expect(check(article(), 'articles/nif/other-name.md')[0]).toMatch(/does not match the file name/);
  });

  it('reports a topic without any article', () => {
    const { errors } = validateKnowledge([{ path: 'articles/nif/nif-test.md', text: article() }], catalogue, TODAY);
    expect(errors).toContain('topic "niss" has no article');
  });

  it('passes on the knowledge base the service ships', () => {
    const { knowledge, errors } = loadKnowledge('knowledge', TODAY);
    expect(errors).toEqual([]);
    expect(knowledge.articles.length).toBeGreaterThanOrEqual(45);
    for (const topic of catalogue.topics) expect(knowledge.articlesOf(topic.id).length).toBeGreaterThan(0);
    for (const a of knowledge.articles) for (const lang of LANGUAGES) expect(a.translations[lang].reviewed).toBeTypeOf('boolean');
  });
});
