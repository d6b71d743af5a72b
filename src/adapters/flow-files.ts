import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlow } from '../flows/definition.js';
import { createFlowSet, type FlowReferences, type FlowSet } from '../flows/flow-set.js';
import { parseCentres, type CentreDirectory } from '../knowledge/centres.js';

/** Reads every `*.yaml` flow of a folder, in name order, and checks them against what they refer to. */
export function loadFlows(dir: string, refs: FlowReferences): FlowSet {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort();
  return createFlowSet(
    files.map((name) => parseFlow(readFileSync(join(dir, name), 'utf8'), name)),
    refs,
  );
}

/** `knowledge/centres.yaml` and, when present, the other names people type for places. */
export function loadCentres(knowledgeDir: string): CentreDirectory {
  const aliases = join(knowledgeDir, 'place-aliases.yaml');
  return parseCentres(
    readFileSync(join(knowledgeDir, 'centres.yaml'), 'utf8'),
    existsSync(aliases) ? readFileSync(aliases, 'utf8') : '',
  );
}
