import { describe, expect, it } from 'vitest';
import { parseFlow, FlowError } from '../../src/flows/definition.js';
import { createFlowSet, type FlowReferences } from '../../src/flows/flow-set.js';

const refs: FlowReferences = {
  hasTopic: (id) => ['nif', 'niss'].includes(id),
  hasArea: (id) => id === 'documents',
  hasArticle: (id) => id === 'nif-how-to-get',
  hasKey: (key) => ['menu.main', 'menu.area', 'end.thanks'].includes(key),
};

const main = `
id: main
start: menu
steps:
  menu:
    kind: menu
    prompt: [{ key: menu.main }]
    options:
      - { label: { area: documents }, next: flow:documents }
`;
const documents = (extra = '') => `
id: documents
start: menu
steps:
  menu:
    kind: menu
    prompt: [{ key: menu.area, area: documents }]
    options:
      - { label: { topic: nif }, next: nif }
  nif:
    kind: information
    article: nif-how-to-get
${extra}`;

describe('flow definitions', () => {
  it('loads flows whose every reference resolves and every step is reachable', () => {
    const set = createFlowSet([parseFlow(main, 'main.yaml'), parseFlow(documents(), 'documents.yaml')], refs);
    expect(set.main()).toEqual({ flow: 'main', step: 'menu' });
    expect(set.articlePosition('nif-how-to-get')).toEqual({ flow: 'documents', step: 'nif' });
    expect(set.topicPosition('nif')).toEqual({ flow: 'documents', step: 'nif' });
  });

  it('names the file and the field of a malformed flow', () => {
    expect(() =>
      parseFlow('id: x\nstart: a\nsteps: { a: { kind: menu, prompt: [], options: [] } }', 'x.yaml'),
    ).toThrow(/x\.yaml: steps\.a\.prompt/);
    expect(() => parseFlow('id: [unclosed', 'bad.yaml')).toThrow(/bad\.yaml: not valid YAML/);
    expect(() => parseFlow('id: x\nstart: a\nsteps: { a: { kind: teleport } }', 'x.yaml')).toThrow(FlowError);
  });

  it('refuses a choice that goes nowhere, an unknown text or topic, and a step nobody can reach', () => {
    const load = (text: string) => () =>
      createFlowSet([parseFlow(main, 'main.yaml'), parseFlow(text, 'documents.yaml')], refs);
    expect(load(documents('    options: [{ label: { key: end.thanks }, next: nowhere }]'))).toThrow(
      /documents\/nif: no step "nowhere"/,
    );
    expect(load(documents('    options: [{ label: { key: no.such }, next: menu }]'))).toThrow(
      /no text "no\.such"/,
    );
    expect(load(documents().replace('topic: nif', 'topic: visas'))).toThrow(/unknown topic "visas"/);
    expect(load(documents('  lost: { kind: end, text: end.thanks }'))).toThrow(
      /documents\/lost: cannot be reached/,
    );
    expect(load(documents('    options: [{ label: { key: end.thanks }, next: flow:nope }]'))).toThrow(
      /no flow "nope"/,
    );
  });
});
